/**
 * Hands out small Float32Arrays as views into large shared blocks. An hour of results holds ~200,000
 * distributions; as separate ArrayBuffers each is a garbage-collected object with its own backing store,
 * and a full collection has to visit every one of them, stalling the thread that holds them. Views into
 * a few blocks leave the collector a fraction of that work. A block lives while any of its views does.
 */
export class Float32Slab {
  /** Allocated at the first copy: a live connection that never sends a window costs nothing here. */
  private block: Float32Array | null = null;
  private used = 0;
  private blocks = 0;

  constructor(private readonly blockLength = 1 << 16) {}

  /** Bytes of the blocks allocated so far (the older ones live on while views into them do). */
  get allocatedBytes(): number {
    return this.blocks * this.blockLength * 4;
  }

  /** A copy of `values` in the slab (values are rounded to float32, as Float32Array.from would). */
  copyOf(values: ArrayLike<number>): Float32Array {
    const n = values.length;
    if (n > this.blockLength) return Float32Array.from(values);
    if (this.block === null || this.used + n > this.block.length) {
      this.block = new Float32Array(this.blockLength);
      this.blocks++;
      this.used = 0;
    }
    const view = this.block.subarray(this.used, this.used + n);
    view.set(values);
    this.used += n;
    return view;
  }
}
