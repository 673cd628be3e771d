import type { Session } from '../../core/session/types';
import type { FramesMessage } from '../../protocol/messages';
import { encodeFrameRange, encodeFrames, type FramesExtra } from '../../protocol/encode';
import { snapshotFramesOf } from './sessionSnapshotCodec';

/**
 * What the replay panel needs of a session's frames before any analysis, answered from a snapshot's
 * columns when the session came from one (its frame objects are then never built on a reopen served
 * from the results cache), else from the frames.
 */
export function frameCount(session: Pick<Session, 'frames'>): number {
  return snapshotFramesOf(session)?.count ?? session.frames.length;
}

/** Session time of frame `i`, ms. */
export function frameTime(session: Pick<Session, 'frames'>, i: number): number {
  return snapshotFramesOf(session)?.t(i) ?? session.frames[i].t;
}

/** The webview's `frames` message of frames [start, end). */
export function framesMessage(session: Pick<Session, 'frames'>, start: number, end: number, extra: FramesExtra = {}): FramesMessage {
  const columns = snapshotFramesOf(session);
  return columns ? encodeFrameRange(columns, start, end, extra) : encodeFrames(session.frames.slice(start, end), start, extra);
}
