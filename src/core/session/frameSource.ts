import type { Landmarks } from '../hand/types';
import type { Session, SessionFrame } from './types';
import { FrameColumns } from './frameColumns';

/**
 * What the pipeline and the webview's `frames` messages read of a session's frames: how many, their
 * times and their first hands. Answered by frame objects, or by columns (FrameColumns) without building
 * any: an hour's frame objects are ~430,000 long-lived objects for the garbage collector to copy and walk.
 */
export interface FrameSource {
  readonly count: number;
  /** Session time of frame `i`, ms. */
  t(i: number): number;
  /** Whether frame `i` has a hand (without making a view of it). */
  hasHand(i: number): boolean;
  /** Frame `i`'s first hand's landmarks, or null when it has none. */
  firstHand(i: number): Landmarks | null;
  /**
   * Optional bulk form of firstHand for frames [start, end): writes each first hand's 63 values at
   * (i - start) * 63 in `out`, sets hasHand[i - start] to 1, and leaves frames without a hand alone.
   */
  copyFirstHands?(start: number, end: number, out: Float32Array, hasHand: Uint8Array): void;
}

/** Frame objects as a FrameSource: frame `i` is `frames[i - first]`, so only frames [first, count) can be read. */
export function frameObjectsSource(frames: readonly SessionFrame[], first = 0): FrameSource {
  return {
    count: first + frames.length,
    t: (i) => frames[i - first].t,
    hasHand: (i) => frames[i - first].hands.length > 0,
    firstHand: (i) => (frames[i - first].hands.length > 0 ? frames[i - first].hands[0].landmarks : null),
  };
}

/** The session's frames as a FrameSource: its columns when it has them (no frame object is built), else its frames. */
export function frameSourceOf(session: Pick<Session, 'frames'>): FrameSource {
  return session.frames instanceof FrameColumns ? session.frames : frameObjectsSource(session.frames);
}
