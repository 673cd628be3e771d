import type { PipelineProfile } from '../model/profile';
import type { Session } from '../session/types';
import { frameSourceOf } from '../session/frameSource';
import { VALUES_PER_FRAME, normalizeFrameInto } from './normalize';

/**
 * The model input of the window that ends at `frame`, computed from the frames alone, without
 * replaying the session up to it: the last `windowSize` frames with a hand since the last target change
 * at or before `frame` (a target change clears the buffer), each normalized, oldest first. Writes it
 * into `out` at `offset` and returns true; returns false when no window ends there (no hand at `frame`,
 * or fewer hand frames since the last reset). It equals what replaySession's window stage hands the
 * model at that frame, so windows around a playhead can be inferred before the rest of the session.
 */
export function windowEndingAt(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: Pick<PipelineProfile, 'windowSize' | 'normalization'>,
  frame: number,
  out: Float32Array,
  offset: number,
): boolean {
  const frames = frameSourceOf(session);
  if (!(frame >= 0 && frame < frames.count) || !frames.hasHand(frame)) return false;
  let resetAt = 0;
  for (const target of session.targets) {
    if (target.beforeFrame <= frame && target.beforeFrame > resetAt) resetAt = target.beforeFrame;
  }
  const picked: number[] = [];
  for (let i = frame; i >= resetAt && picked.length < profile.windowSize; i--) {
    if (frames.hasHand(i)) picked.push(i);
  }
  if (picked.length < profile.windowSize) return false;
  for (let k = 0; k < picked.length; k++) {
    normalizeFrameInto(frames.firstHand(picked[picked.length - 1 - k])!, profile.normalization, out, offset + k * VALUES_PER_FRAME);
  }
  return true;
}
