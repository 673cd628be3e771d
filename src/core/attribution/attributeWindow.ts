import type { PipelineProfile } from '../model/profile';
import type { ModelRunner } from '../pipeline/types';
import type { Session } from '../session/types';
import { normalizeFrameInto } from '../pipeline/normalize';
import { VALUES_PER_FRAME } from '../hand/topology';
import { windowFramesEndingAt } from '../pipeline/windowEndingAt';
import { targetInForce } from '../pipeline/frameState';
import { frameSourceOf } from '../session/frameSource';
import { occlusionBatch, occlusionDistributions, occlusionRowCount, type OcclusionDistributions } from './occlusion';

/** The occlusion attribution of the window that ends at one session frame. */
export interface WindowAttribution extends OcclusionDistributions {
  /** The frame the window ends at. */
  frame: number;
  /** The session frames of the window, oldest first. */
  windowFrames: number[];
}

/**
 * Runs the occlusion batch (occlusion.ts) of the window that ends at `frame` through `runner` in ONE
 * call: the baseline and every perturbed window together. Null when no window ends there.
 */
export async function attributeWindow(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: Pick<PipelineProfile, 'windowSize' | 'normalization' | 'softmax'>,
  runner: ModelRunner,
  frame: number,
): Promise<WindowAttribution | null> {
  const windowFrames = windowFramesEndingAt(session, profile.windowSize, frame);
  if (!windowFrames) return null;
  const frames = frameSourceOf(session);
  const window = new Float32Array(profile.windowSize * VALUES_PER_FRAME);
  windowFrames.forEach((f, k) => normalizeFrameInto(frames.firstHand(f)!, profile.normalization, window, k * VALUES_PER_FRAME));
  const batch = occlusionBatch(window, profile.windowSize);
  const rows = occlusionRowCount(profile.windowSize);
  const outputs = await runner.run(batch, rows);
  return { frame, windowFrames, ...occlusionDistributions(outputs, profile.windowSize, runner.classCount, profile.softmax) };
}

/**
 * Why no window ends at `frame` (null when one does), in words for the user: out of range, no hand, or
 * too few hand frames since the start or the last target change.
 */
export function noWindowReason(session: Pick<Session, 'frames' | 'targets'>, windowSize: number, frame: number): string | null {
  const frames = frameSourceOf(session);
  if (!(Number.isInteger(frame) && frame >= 0 && frame < frames.count)) {
    return frames.count === 0 ? 'the session has no frames' : `frame ${frame} is out of range: the session has frames 0-${frames.count - 1}`;
  }
  if (windowFramesEndingAt(session, windowSize, frame)) return null;
  if (!frames.hasHand(frame)) return `frame ${frame} has no hand, so no model window ends there`;
  const resetAt = targetInForce(session.targets, frame).since;
  let hands = 0;
  for (let i = resetAt; i <= frame; i++) if (frames.hasHand(i)) hands++;
  const since = resetAt === 0 ? 'the start of the session' : `the target change before frame ${resetAt}`;
  return `no model window ends at frame ${frame}: the buffer holds ${hands} of ${windowSize} hand frames since ${since}`;
}
