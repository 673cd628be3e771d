import type { Landmarks } from '../hand/types';
import type { BackendReply } from '../model/profile';
import type { FrameResult } from '../pipeline/types';

/**
 * One client's pipeline state, driven a frame at a time. The live session never runs two calls at once
 * on the same pipeline: a target change waits for the frame in flight.
 */
export interface LiveFramePipeline {
  /** Buffers the frame (null: no hand), runs the model when a window is full, smooths, throttles at time `t`. */
  pushFrame(landmarks: Landmarks | null, t: number): Promise<FrameResult>;
  /** Clears both buffers, sets the target, resets the throttle; returns the default reply, sent at once. */
  changeTarget(letter: string | null, t: number): BackendReply;
  readonly windowSize: number;
  readonly smoothingWindow: number;
}

export type LivePipelineFactory = () => LiveFramePipeline;
