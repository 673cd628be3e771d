/**
 * The decoder's transcript by frame: the text after each change, looked up by binary search for any
 * frame. `before` is the text at frames before the first change held (a bounded store dropped the rest).
 */
export class TranscriptIndex {
  private byFrame = new Map<number, string>();
  private frames: number[] = [];
  private texts: string[] = [];
  private dirty = false;
  before = '';

  set(frame: number, text: string): void {
    this.byFrame.set(frame, text);
    this.dirty = true;
  }

  /** Replaces every change with `changes`. */
  replace(changes: readonly { frame: number; text: string }[]): void {
    this.byFrame = new Map(changes.map((change) => [change.frame, change.text]));
    this.dirty = true;
  }

  /** Drops the changes at frames before `n` and renumbers the rest from 0 (the text at n-1 becomes `before`). */
  drop(n: number): void {
    this.before = this.at(n - 1);
    const kept = new Map<number, string>();
    for (const [frame, text] of this.byFrame) if (frame >= n) kept.set(frame - n, text);
    this.byFrame = kept;
    this.dirty = true;
  }

  /** The transcript after `frame`. */
  at(frame: number): string {
    this.sort();
    let lo = 0;
    let hi = this.frames.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.frames[mid] <= frame) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? this.before : this.texts[found];
  }

  /** The frame of the last change at or before `frame`, or -1. */
  lastChange(frame: number): number {
    this.sort();
    let best = -1;
    for (const f of this.frames) {
      if (f > frame) break;
      best = f;
    }
    return best;
  }

  private sort(): void {
    if (!this.dirty) return;
    this.frames = [...this.byFrame.keys()].sort((a, b) => a - b);
    this.texts = this.frames.map((f) => this.byFrame.get(f) ?? '');
    this.dirty = false;
  }
}
