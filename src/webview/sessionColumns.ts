import { STATUS_PENDING } from '../protocol/messages';
import { VALUES_PER_FRAME } from '../core/hand/topology';

export type Column = Float64Array | Float32Array | Uint8Array | Int16Array;

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
    const capacity = Math.max(n, this.capacity * 2, 64);
    this.mapColumns((old, perFrame, empty) => {
      const next = new (old.constructor as { new (n: number): typeof old })(capacity * perFrame);
      next.fill(empty, old.length);
      next.set(old);
      return next;
    });
    this.capacity = capacity;
  }

  /** Moves frames [n, held) of every column to the front and empties the `n` slots freed at the end. */
  protected shiftColumns(n: number, held: number): void {
    this.mapColumns((column, perFrame, empty) => {
      column.copyWithin(0, n * perFrame, held * perFrame);
      column.fill(empty, (held - n) * perFrame, held * perFrame);
      return column;
    });
  }
}
