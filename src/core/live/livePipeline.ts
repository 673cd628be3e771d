import type { PipelineProfile } from '../model/profile';
import type { FrameResult, TargetChangeResult } from '../pipeline/types';

/**
 * One client's pipeline state, driven a frame at a time: what the live session needs of the core's
 * LivePipeline (src/core/pipeline/livePipeline.ts), which satisfies it.
 */
export interface LiveFramePipeline {
  /** Buffers the frame (null: no hand), runs the model when a window is full, smooths, throttles at time `t`. */
  push(landmarks: ArrayLike<number> | null, t: number): Promise<FrameResult>;
  /** Clears both buffers, sets the target, resets the throttle; the default reply is sent at once. */
  setTarget(letter: string | null, t: number): Promise<TargetChangeResult>;
  readonly profile: PipelineProfile;
}

export type LivePipelineFactory = () => LiveFramePipeline;
