/** The backend's second rolling buffer: the last `size` distributions; the reply uses their plain mean. */
export class SmoothingBuffer {
  private readonly items: Float32Array[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`smoothingWindow must be a positive integer, got ${size}`);
  }

  get fill(): number {
    return this.items.length;
  }

  get full(): boolean {
    return this.items.length === this.size;
  }

  push(distribution: Float32Array): void {
    this.items.push(distribution);
    if (this.items.length > this.size) this.items.shift();
  }

  clear(): void {
    this.items.length = 0;
  }

  /** The mean in float64 (the reply and the throttle use it unrounded); null until full. */
  mean(): Float64Array | null {
    if (!this.full) return null;
    const n = this.items[0].length;
    const out = new Float64Array(n);
    for (const d of this.items) for (let i = 0; i < n; i++) out[i] += d[i];
    for (let i = 0; i < n; i++) out[i] /= this.items.length;
    return out;
  }
}
