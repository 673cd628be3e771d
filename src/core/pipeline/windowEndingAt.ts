import type { PipelineProfile } from '../model/profile';
import type { Session } from '../session/types';
import { frameSourceOf } from '../session/frameSource';
import { normalizeFrameInto } from './normalize';
import { VALUES_PER_FRAME } from '../hand/topology';
import { frameStateAt, hasWindow, targetInForce } from './frameState';

/**
 * The model input of the window that ends at `frame`, computed from the frames alone, without
 * replaying the session up to it: whether a window ends there is frameStateAt's to say, and the window is
 * the last `windowSize` frames with a hand (all since the last target change, then), each normalized,
 * oldest first. Writes it into `out` at `offset` and returns true; returns false when no window ends
 * there. It equals what replaySession's window stage hands the model at that frame, so windows around a
 * playhead can be inferred before the rest of the session.
 */
export function windowEndingAt(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: Pick<PipelineProfile, 'windowSize' | 'smoothingWindow' | 'normalization'>,
  frame: number,
  out: Float32Array,
  offset: number,
): boolean {
  const frames = frameSourceOf(session);
  if (!(frame >= 0 && frame < frames.count) || !hasWindow(frameStateAt(frames, session.targets, profile, frame))) return false;
  let k = profile.windowSize;
  for (let i = frame; k > 0; i--) {
    if (frames.hasHand(i)) normalizeFrameInto(frames.firstHand(i)!, profile.normalization, out, offset + --k * VALUES_PER_FRAME);
  }
  return true;
}

/**
 * The session frames of the window that ends at `frame`, oldest first (`windowSize` of them), or null when
 * no window ends there: the same frames windowEndingAt normalizes.
 */
export function windowFramesEndingAt(session: Pick<Session, 'frames' | 'targets'>, windowSize: number, frame: number): number[] | null {
  const frames = frameSourceOf(session);
  if (!(frame >= 0 && frame < frames.count) || !frames.hasHand(frame)) return null;
  const { since } = targetInForce(session.targets, frame);
  const picked: number[] = [];
  for (let i = frame; i >= since && picked.length < windowSize; i--) {
    if (frames.hasHand(i)) picked.push(i);
  }
  return picked.length < windowSize ? null : picked.reverse();
}
