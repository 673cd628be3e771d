import { STATUS_PENDING } from '../protocol/messages';
import { VALUES_PER_FRAME } from '../core/hand/topology';

export type Column = Float64Array | Float32Array | Uint8Array | Int16Array;

/** Values written per step of a deferred fill (fillPending): 1 MB of a Float32Array. */
const FILL_STEP = 1 << 18;

/**
 * The session's per-frame columns: flat typed arrays indexed by frame (`perFrame` values a frame), each
 * with the value of a frame not known yet. They grow by doubling, and a bounded store moves them to the
 * front when it drops its oldest frames.
 */
export class SessionColumns {
  t = new Float64Array(0);
  landmarks = new Float32Array(0);
  hasHand = new Uint8Array(0);
  frameKnown = new Uint8Array(0);
  /** 1 where the frame's latest result is final (not provisional) and not pending: it counts as analysed. */
  protected analysed = new Uint8Array(0);
  status = new Uint8Array(0);
  probs = new Float32Array(0);
  smoothed = new Float32Array(0);
  replyLetter = new Int16Array(0);
  replyProb = new Float32Array(0);
  sent = new Uint8Array(0);
  bufferFill = new Uint8Array(0);
  smoothingFill = new Uint8Array(0);
  target = new Int16Array(0);
  emitted = new Int16Array(0);
  private capacity = 0;
  /** Columns allocated by allocateUnfilled whose empty values are still to be written from `from` on. */
  private readonly unfilled: Array<{ column: Column; from: number; empty: number }> = [];

  constructor(readonly classCount: number) {}

  /** Every column, with its values per frame and its empty value, replaced by what `f` returns for it. */
  private mapColumns(f: <T extends Column>(column: T, perFrame: number, empty: number) => T): void {
    const c = this.classCount;
    this.t = f(this.t, 1, NaN);
    this.landmarks = f(this.landmarks, VALUES_PER_FRAME, NaN);
    this.hasHand = f(this.hasHand, 1, 0);
    this.frameKnown = f(this.frameKnown, 1, 0);
    this.analysed = f(this.analysed, 1, 0);
    this.status = f(this.status, 1, STATUS_PENDING);
    this.probs = f(this.probs, c, NaN);
    this.smoothed = f(this.smoothed, c, NaN);
    this.replyLetter = f(this.replyLetter, 1, -1);
    this.replyProb = f(this.replyProb, 1, NaN);
    this.sent = f(this.sent, 1, 0);
    this.bufferFill = f(this.bufferFill, 1, 0);
    this.smoothingFill = f(this.smoothingFill, 1, 0);
    this.target = f(this.target, 1, -1);
    this.emitted = f(this.emitted, 1, -1);
  }

  /** Grows every column to hold at least `n` frames (doubling, for live sessions). */
  protected ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    this.fillPending(() => false);
    const capacity = Math.max(n, this.capacity * 2, 64);
    this.mapColumns((old, perFrame, empty) => {
      const next = new (old.constructor as { new (n: number): typeof old })(capacity * perFrame);
      // A new typed array is zeros already (and its pages untouched until written).
      if (empty !== 0) next.fill(empty, old.length);
      next.set(old);
      return next;
    });
    this.capacity = capacity;
  }

  /**
   * Allocates every column (still empty) for `n` frames, leaving the empty values other than 0 to
   * fillPending: an hour's columns are about 60 MB, and their first write, a page fault every 4 KB, takes
   * hundreds of ms in one go. Nothing may read the columns before fillPending returned true.
   */
  protected allocateUnfilled(n: number): void {
    if (this.capacity > 0) throw new Error('allocateUnfilled: the columns are allocated already');
    this.mapColumns((old, perFrame, empty) => {
      const next = new (old.constructor as { new (n: number): typeof old })(n * perFrame);
      if (empty !== 0) this.unfilled.push({ column: next, from: 0, empty });
      return next;
    });
    this.capacity = n;
  }

  /** Writes the empty values allocateUnfilled left, a step at a time until `stop()`; true once all are written. */
  fillPending(stop: () => boolean): boolean {
    while (this.unfilled.length) {
      const pending = this.unfilled[0];
      const to = Math.min(pending.column.length, pending.from + FILL_STEP);
      pending.column.fill(pending.empty, pending.from, to);
      pending.from = to;
      if (to === pending.column.length) this.unfilled.shift();
      if (this.unfilled.length && stop()) return false;
    }
    return true;
  }

  /** Moves frames [n, held) of every column to the front and empties the `n` slots freed at the end. */
  protected shiftColumns(n: number, held: number): void {
    this.fillPending(() => false);
    this.mapColumns((column, perFrame, empty) => {
      column.copyWithin(0, n * perFrame, held * perFrame);
      column.fill(empty, (held - n) * perFrame, held * perFrame);
      return column;
    });
  }
}
