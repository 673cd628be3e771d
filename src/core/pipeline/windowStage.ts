import type { PipelineProfile } from '../model/profile';
import { WindowBuffer } from './windowBuffer';

/** What the window stage did with one frame. */
export type WindowStep =
  /** No hand: skipped, nothing buffered. */
  | { kind: 'no-hand'; bufferFill: number }
  /** Buffered, the buffer is not full yet: the backend answers with its default reply. */
  | { kind: 'buffering'; bufferFill: number }
  /** The buffer is full: a window is ready (read it with writeWindow before the next push). */
  | { kind: 'window'; bufferFill: number };

/**
 * The deterministic half of the pipeline: no-hand skip, rolling buffer, sliding windows (stride 1),
 * per-frame normalization. It does not need the model, so replay can compute windows ahead and batch.
 */
export class WindowStage {
  private readonly buffer: WindowBuffer;

  /** `keepValues` false: windows are counted, not built (see WindowBuffer). */
  constructor(profile: Pick<PipelineProfile, 'windowSize' | 'normalization'>, keepValues = true) {
    this.buffer = new WindowBuffer(profile.windowSize, profile.normalization, keepValues);
  }

  get windowLength(): number {
    return this.buffer.windowSize * 63;
  }

  /** `landmarks`: the first hand's 63 values, or null when the frame has no hand. */
  push(landmarks: ArrayLike<number> | null): WindowStep {
    if (landmarks === null) return { kind: 'no-hand', bufferFill: this.buffer.fill };
    this.buffer.push(landmarks);
    return { kind: this.buffer.full ? 'window' : 'buffering', bufferFill: this.buffer.fill };
  }

  /** The frame pushed last, as the model sees it (63 values; a view, valid until the next push). */
  newestRow(): Float32Array {
    return this.buffer.newest();
  }

  writeWindow(out: Float32Array, offset: number): void {
    this.buffer.writeWindow(out, offset);
  }

  /** The target change clears the buffer. */
  reset(): void {
    this.buffer.clear();
  }
}
