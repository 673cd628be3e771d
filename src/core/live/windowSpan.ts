/**
 * Time covered by the frames in the model window: the last `size` hand frames since the last reset.
 * Reported as (newest - oldest) * n / (n - 1), one frame interval more than the gap between the ends,
 * so 32 frames at 5 fps read 6.4 s, the figure people quote for the backend.
 */
export class WindowSpan {
  private times: number[] = [];

  constructor(private readonly size: number) {}

  push(t: number): void {
    this.times.push(t);
    if (this.times.length > this.size) this.times.shift();
  }

  reset(): void {
    this.times = [];
  }

  get count(): number {
    return this.times.length;
  }

  /** Seconds; 0 with fewer than two frames. */
  seconds(): number {
    const n = this.times.length;
    if (n < 2) return 0;
    return ((this.times[n - 1] - this.times[0]) * n) / (n - 1) / 1000;
  }
}
