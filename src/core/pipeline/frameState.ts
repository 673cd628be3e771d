import type { PipelineProfile } from '../model/profile';
import type { TargetChange } from '../session/types';
import type { FrameStatus } from './types';

/** Where the pipeline stands after a frame: the fields of a FrameResult that do not need the model. */
export interface FrameState {
  status: FrameStatus;
  /** Frames in the window buffer (0..windowSize). */
  bufferFill: number;
  /** Distributions in the smoothing buffer (0..smoothingWindow). */
  smoothingFill: number;
  /** The target letter in force (null: free mode). */
  target: string | null;
}

export type BufferSizes = Pick<PipelineProfile, 'windowSize' | 'smoothingWindow'>;

/**
 * The one rule for a frame's state. A target change clears both buffers, so everything follows from the
 * hand frames since the last change, this one included (`handsSinceChange`): the window buffer holds the
 * last windowSize of them, each frame that fills it is a window, the smoothing buffer holds one
 * distribution per window (the last smoothingWindow), and a reply needs it full. A frame without a hand
 * changes nothing and is 'no-hand'. The sequential pipeline (WindowStage) and the random-access form
 * (frameStateAt) both call this.
 */
export function frameState(sizes: BufferSizes, handsSinceChange: number, hasHand: boolean, target: string | null): FrameState {
  const bufferFill = Math.min(sizes.windowSize, handsSinceChange);
  const smoothingFill = Math.min(sizes.smoothingWindow, Math.max(0, handsSinceChange - sizes.windowSize + 1));
  const status: FrameStatus = !hasHand
    ? 'no-hand'
    : bufferFill < sizes.windowSize
      ? 'buffering'
      : smoothingFill < sizes.smoothingWindow
        ? 'smoothing'
        : 'ready';
  return { status, bufferFill, smoothingFill, target };
}

/** Whether the model ran on a window ending at a frame in this state. */
export function hasWindow(state: FrameState): boolean {
  return state.status === 'smoothing' || state.status === 'ready';
}

/**
 * The target change in force at `frame`, as the sequential pipeline applies them (TargetQueue: by the frame
 * they come before, file order on ties, so the last in file order among the latest wins): its letter, and
 * the frame the buffers were last cleared before (0 when no change applies).
 */
export function targetInForce(targets: readonly TargetChange[], frame: number): { target: string | null; since: number } {
  let target: string | null = null;
  let best = Number.NEGATIVE_INFINITY;
  for (const change of targets) {
    if (change.beforeFrame <= frame && change.beforeFrame >= best) {
      best = change.beforeFrame;
      target = change.letter;
    }
  }
  return { target, since: Math.max(0, best) };
}

/**
 * frameState at any frame, from the frames and the target changes alone, without replaying the session up
 * to it: counts the hand frames back to the last change (no further than the buffers can tell apart).
 */
export function frameStateAt(
  frames: { hasHand(i: number): boolean },
  targets: readonly TargetChange[],
  sizes: BufferSizes,
  frame: number,
): FrameState {
  const { target, since } = targetInForce(targets, frame);
  const enough = sizes.windowSize + sizes.smoothingWindow - 1;
  let hands = 0;
  for (let i = frame; i >= since && hands < enough; i--) if (frames.hasHand(i)) hands++;
  return frameState(sizes, hands, frames.hasHand(frame), target);
}
