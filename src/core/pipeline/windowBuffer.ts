import type { Normalization } from '../model/profile';
import { normalizeFrameInto } from './normalize';
import { VALUES_PER_FRAME } from '../hand/topology';

/**
 * The backend's rolling buffer of raw landmarks (a deque with maxlen = windowSize). Frames are kept
 * normalized, since normalization is per frame and so does not depend on the window.
 */
export class WindowBuffer {
  private readonly ring: Float32Array;
  private start = 0;
  private filled = 0;

  constructor(
    readonly windowSize: number,
    private readonly normalization: Normalization,
    /** False: only the fill is kept (a replay whose model outputs are known already reads no window). */
    private readonly keepValues = true,
  ) {
    if (!Number.isInteger(windowSize) || windowSize < 1) {
      throw new Error(`windowSize must be a positive integer, got ${windowSize}`);
    }
    this.ring = new Float32Array(windowSize * VALUES_PER_FRAME);
  }

  /** Values of one window: windowSize frames of VALUES_PER_FRAME. */
  get windowLength(): number {
    return this.windowSize * VALUES_PER_FRAME;
  }

  get fill(): number {
    return this.filled;
  }

  get full(): boolean {
    return this.filled === this.windowSize;
  }

  /** The frame pushed last, normalized (a view of the buffer; valid until the next push). */
  newest(): Float32Array {
    if (this.filled === 0) throw new Error('the window buffer is empty');
    if (!this.keepValues) throw new Error('this window buffer keeps no values');
    const slot = (this.start + this.filled - 1) % this.windowSize;
    return this.ring.subarray(slot * VALUES_PER_FRAME, (slot + 1) * VALUES_PER_FRAME);
  }

  push(landmarks: ArrayLike<number>): void {
    let slot: number;
    if (this.filled < this.windowSize) {
      slot = (this.start + this.filled) % this.windowSize;
      this.filled++;
    } else {
      slot = this.start;
      this.start = (this.start + 1) % this.windowSize;
    }
    if (this.keepValues) normalizeFrameInto(landmarks, this.normalization, this.ring, slot * VALUES_PER_FRAME);
  }

  clear(): void {
    this.start = 0;
    this.filled = 0;
  }

  /** Copies the window, oldest frame first, as [windowSize * VALUES_PER_FRAME] into `out` at `offset`. */
  writeWindow(out: Float32Array, offset: number): void {
    if (!this.full) throw new Error('the window buffer is not full');
    if (!this.keepValues) throw new Error('this window buffer keeps no values');
    const head = (this.windowSize - this.start) * VALUES_PER_FRAME;
    out.set(this.ring.subarray(this.start * VALUES_PER_FRAME), offset);
    out.set(this.ring.subarray(0, this.start * VALUES_PER_FRAME), offset + head);
  }
}
