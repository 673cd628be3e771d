import type { PipelineProfile } from '../model/profile';
import type { FrameResult, ModelRunner, TargetChangeResult } from './types';
import { NonFiniteInputError, WindowStage } from './windowStage';
import { ReplyStage } from './replyStage';
import { hasWindow } from './frameState';

/** Frames of distributions (probs and smoothed) one storage block of a live client holds. */
const LIVE_SLAB_FRAMES = 64;

/**
 * The pipeline for live frames, one at a time, with the same stages as replay. Calls are handled in
 * the order they are made, even while a model call is in flight.
 */
export class LivePipeline {
  private readonly windows: WindowStage;
  private readonly replies: ReplyStage;
  private readonly window: Float32Array;
  private nextFrame = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly profile: PipelineProfile,
    private readonly runner: ModelRunner,
  ) {
    this.windows = new WindowStage(profile);
    // A live result is looked at and dropped: blocks of 64 frames' distributions, not replay's 256 KB.
    this.replies = new ReplyStage(profile, Math.max(1, profile.labels.length) * 2 * LIVE_SLAB_FRAMES);
    this.window = new Float32Array(this.windows.windowLength);
  }

  /** Bytes allocated for results' distributions so far (none before the first window). */
  get resultBytes(): number {
    return this.replies.resultBytes;
  }

  get target(): string | null {
    return this.windows.target;
  }

  /** Frames pushed so far (the next frame's number). */
  get frameCount(): number {
    return this.nextFrame;
  }

  /** One frame at time `t` (ms; wall clock live): the first hand's 63 landmark values, or null for no hand. */
  push(landmarks: ArrayLike<number> | null, t: number): Promise<FrameResult> {
    return this.enqueue(async () => {
      const frame = this.nextFrame++;
      let state;
      try {
        state = this.windows.push(landmarks, frame);
      } catch (err) {
        if (err instanceof NonFiniteInputError) err.message = `${err.message}; the frame was skipped`;
        throw err;
      }
      let output: Float32Array | null = null;
      if (hasWindow(state)) {
        this.windows.writeWindow(this.window, 0);
        output = await this.runner.run(this.window, 1);
        if (output.length !== this.runner.classCount) {
          throw new Error(`the model returned ${output.length} values, expected ${this.runner.classCount}`);
        }
      }
      return this.replies.frame(frame, t, state, output);
    });
  }

  /** The app's `new_word_letter`: resets both buffers and the throttle; the default reply is sent at once. */
  setTarget(letter: string | null, t: number): Promise<TargetChangeResult> {
    return this.enqueue(async () => {
      this.windows.changeTarget(letter);
      return this.replies.changeTarget(t, letter, this.nextFrame);
    });
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}
