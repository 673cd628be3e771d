import type { PipelineProfile } from '../model/profile';
import { WindowBuffer } from './windowBuffer';
import { frameState, type FrameState } from './frameState';
import { nonFiniteInput } from './normalize';

/** A frame whose model input would not be finite (finite landmarks can overflow in normalization). */
export class NonFiniteInputError extends Error {
  /** `frame`: the session frame's number, which then starts the message. */
  constructor(
    detail: string,
    readonly frame?: number,
  ) {
    super(`${frame === undefined ? '' : `frame ${frame}: `}non-finite model input: ${detail}`);
    this.name = 'NonFiniteInputError';
  }
}

/**
 * The deterministic half of the pipeline: no-hand skip, rolling buffer, sliding windows (stride 1),
 * per-frame normalization, and the target changes that clear the buffers. It does not need the model, so
 * replay can compute windows ahead and batch. Each push says the frame's state (frameState): a frame in
 * state 'smoothing' or 'ready' has a window (read it with writeWindow before the next push).
 */
export class WindowStage {
  private readonly buffer: WindowBuffer;
  private handsSinceChange = 0;
  private currentTarget: string | null = null;

  /** `keepValues` false: windows are counted, not built (see WindowBuffer). */
  constructor(
    private readonly profile: Pick<PipelineProfile, 'windowSize' | 'smoothingWindow' | 'normalization'>,
    keepValues = true,
  ) {
    this.buffer = new WindowBuffer(profile.windowSize, profile.normalization, keepValues);
  }

  get windowLength(): number {
    return this.buffer.windowLength;
  }

  /** The target letter in force (null: free mode). */
  get target(): string | null {
    return this.currentTarget;
  }

  /**
   * `landmarks`: the first hand's values, or null when the frame has no hand; `frame`: its number, named by
   * the NonFiniteInputError a frame whose model input would not be finite throws.
   */
  push(landmarks: ArrayLike<number> | null, frame?: number): FrameState {
    if (landmarks !== null) {
      // Before anything changes: a refused frame leaves the stage as it was.
      const problem = nonFiniteInput(landmarks, this.profile.normalization);
      if (problem !== null) throw new NonFiniteInputError(problem, frame);
      this.buffer.push(landmarks);
      this.handsSinceChange++;
    }
    return frameState(this.profile, this.handsSinceChange, landmarks !== null, this.currentTarget);
  }

  /** The frame pushed last, as the model sees it (a view, valid until the next push). */
  newestRow(): Float32Array {
    return this.buffer.newest();
  }

  writeWindow(out: Float32Array, offset: number): void {
    this.buffer.writeWindow(out, offset);
  }

  /** A target change: clears the buffer and sets the target in force. */
  changeTarget(letter: string | null): void {
    this.buffer.clear();
    this.handsSinceChange = 0;
    this.currentTarget = letter;
  }
}
