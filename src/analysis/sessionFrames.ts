import type { Session } from '../core/session/types';
import { frameSourceOf } from '../core/session/frameSource';
import type { FramesMessage } from '../protocol/messages';
import { encodeFrameRange, type FramesExtra } from '../protocol/encode';

/**
 * What the replay panel needs of a session's frames before any analysis, answered from the session's
 * columns when it has them (a snapshot, or a file read in parallel: no frame object is built), else
 * from the frames.
 */
export function frameCount(session: Pick<Session, 'frames'>): number {
  return frameSourceOf(session).count;
}

/** Session time of frame `i`, ms. */
export function frameTime(session: Pick<Session, 'frames'>, i: number): number {
  return frameSourceOf(session).t(i);
}

/** The webview's `frames` message of frames [start, end). */
export function framesMessage(session: Pick<Session, 'frames'>, start: number, end: number, extra: FramesExtra = {}): FramesMessage {
  return encodeFrameRange(frameSourceOf(session), start, end, extra);
}
