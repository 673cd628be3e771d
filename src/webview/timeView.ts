/** The visible span of session time shared by the charts and the heatmap (zoom and pan). */
export class TimeView {
  startMs = 0;
  endMs = 1;
  private minMs = 0;
  private maxMs = 1;
  private listeners: (() => void)[] = [];

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }

  /** The session's extent; keeps the view inside it. `fit` shows all of it. */
  setBounds(minMs: number, maxMs: number, fit: boolean): void {
    this.minMs = minMs;
    this.maxMs = Math.max(maxMs, minMs + 1);
    if (fit) this.set(this.minMs, this.maxMs);
    else this.set(this.startMs, this.endMs);
  }

  isFit(): boolean {
    return this.startMs <= this.minMs && this.endMs >= this.maxMs;
  }

  span(): number {
    return this.endMs - this.startMs;
  }

  set(startMs: number, endMs: number): void {
    const total = this.maxMs - this.minMs;
    let span = Math.max(Math.min(endMs - startMs, total), Math.min(total, 200));
    if (!(span > 0)) span = total;
    let start = Math.max(this.minMs, Math.min(startMs, this.maxMs - span));
    if (!Number.isFinite(start)) start = this.minMs;
    const end = start + span;
    if (start === this.startMs && end === this.endMs) return;
    this.startMs = start;
    this.endMs = end;
    this.emit();
  }

  fit(): void {
    this.set(this.minMs, this.maxMs);
  }

  /** factor < 1 zooms in, around `centerMs` (kept at the same screen position). */
  zoom(factor: number, centerMs = (this.startMs + this.endMs) / 2): void {
    const ratio = (centerMs - this.startMs) / this.span();
    const span = this.span() * factor;
    const start = centerMs - ratio * span;
    this.set(start, start + span);
  }

  pan(deltaMs: number): void {
    this.set(this.startMs + deltaMs, this.endMs + deltaMs);
  }

  /** Keeps `ms` visible, paging the view when it leaves (for playback and live follow). */
  reveal(ms: number, followEnd = false): void {
    if (followEnd) {
      if (ms > this.endMs || ms < this.startMs) this.set(ms - this.span() * 0.9, ms + this.span() * 0.1);
      return;
    }
    if (ms < this.startMs || ms > this.endMs) this.set(ms - this.span() * 0.1, ms + this.span() * 0.9);
  }

  contains(ms: number): boolean {
    return ms >= this.startMs && ms <= this.endMs;
  }
}
