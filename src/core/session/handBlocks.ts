import { VALUES_PER_FRAME } from '../hand/topology';

/**
 * Hands' 63 landmark values held in one or more blocks of whole hands, in hand order: the blocks the
 * parser threads filled are kept as they are instead of being copied into one array: the copy of an
 * hour-long session would be tens of MB of new memory, and its page faults and the copy itself a large
 * share of the open on a small machine.
 */
export class HandBlocks {
  /** Block b holds hands starts[b] .. starts[b + 1] - 1. */
  readonly starts: Uint32Array;
  private last = 0;

  constructor(readonly blocks: readonly Float64Array[]) {
    this.starts = new Uint32Array(blocks.length + 1);
    blocks.forEach((block, b) => {
      if (block.length % VALUES_PER_FRAME !== 0) throw new Error(`hand block ${b} holds ${block.length} values, not whole hands of ${VALUES_PER_FRAME}`);
      this.starts[b + 1] = this.starts[b] + block.length / VALUES_PER_FRAME;
    });
  }

  /** Hands held. */
  get count(): number {
    return this.starts[this.blocks.length];
  }

  /** Hand `h`'s 63 values (a view). */
  view(h: number): Float64Array {
    const b = this.blockOf(h);
    const at = (h - this.starts[b]) * VALUES_PER_FRAME;
    return this.blocks[b].subarray(at, at + VALUES_PER_FRAME);
  }

  /** Copies hands [from, from + count) into `out` from `outOffset`, 63 values a hand. */
  copyTo(from: number, count: number, out: Float32Array | Float64Array, outOffset: number): void {
    let h = from;
    let at = outOffset;
    const end = from + count;
    while (h < end) {
      const b = this.blockOf(h);
      const upTo = Math.min(end, this.starts[b + 1]);
      const first = (h - this.starts[b]) * VALUES_PER_FRAME;
      const values = (upTo - h) * VALUES_PER_FRAME;
      out.set(this.blocks[b].subarray(first, first + values), at);
      at += values;
      h = upTo;
    }
  }

  /** The block holding hand `h` (the last one asked for first: reads mostly go in order). */
  private blockOf(h: number): number {
    const starts = this.starts;
    if (h >= starts[this.last] && h < starts[this.last + 1]) return this.last;
    if (h < 0 || h >= this.count) throw new RangeError(`hand ${h} is not among the ${this.count} held`);
    let lo = 0;
    let hi = this.blocks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= h) lo = mid;
      else hi = mid - 1;
    }
    this.last = lo;
    return lo;
  }
}
