import type { PipelineProfile } from '../core/model/profile';
import type { Session } from '../core/session/types';
import type { FrameResult } from '../core/pipeline/types';
import { windowEndingAt } from '../core/pipeline/windowEndingAt';
import { frameSourceOf } from '../core/session/frameSource';

export interface WindowsNearPlayhead {
  /** Frames whose window was built, ascending. */
  frames: number[];
  /** Their model inputs, `frames.length` windows back to back, in the order of `frames`. */
  windows: Float32Array;
}

/**
 * Builds the windows of up to `count` frames nearest `playhead` (later frame first on ties, as
 * nearestPending) from the frames alone, so they can be inferred before the whole-session window pass.
 * Looks at most `reach` frames either side, so a session with few windows costs little here.
 */
export function windowsNearPlayhead(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: Pick<PipelineProfile, 'windowSize' | 'normalization'>,
  playhead: number,
  count: number,
  reach = 16 * (count + profile.windowSize),
): WindowsNearPlayhead {
  const length = profile.windowSize * 63;
  const buffer = new Float32Array(count * length);
  const picked: number[] = [];
  const total = frameSourceOf(session).count;
  const start = Math.min(Math.max(0, Math.floor(playhead)), Math.max(0, total - 1));
  for (let d = 0; picked.length < count && d <= reach && (start + d < total || start - d >= 0); d++) {
    for (const f of d === 0 ? [start] : [start + d, start - d]) {
      if (picked.length < count && windowEndingAt(session, profile, f, buffer, picked.length * length)) picked.push(f);
    }
  }
  const order = picked.map((frame, slot) => ({ frame, slot })).sort((a, b) => a.frame - b.frame);
  const windows = new Float32Array(picked.length * length);
  order.forEach(({ slot }, i) => windows.set(buffer.subarray(slot * length, (slot + 1) * length), i * length));
  return { frames: order.map((o) => o.frame), windows };
}

/**
 * What the pipeline's sequential pass will say of a frame whose window ran, without running it:
 * the target in force, the smoothing buffer's fill (windows since the last target change, capped)
 * and so the status. `probs` is the caller's; smoothing, reply and transcript are not known yet.
 */
export function windowFrameState(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: Pick<PipelineProfile, 'windowSize' | 'smoothingWindow'>,
  frame: number,
): Pick<FrameResult, 'frame' | 't' | 'status' | 'bufferFill' | 'smoothingFill' | 'target'> {
  // The pipeline applies target changes sorted by frame (stably), so the last one at or before `frame` holds.
  let target: string | null = null;
  let resetAt = 0;
  let best = -1;
  for (const change of session.targets) {
    if (change.beforeFrame <= frame && change.beforeFrame >= best) {
      best = change.beforeFrame;
      target = change.letter;
    }
  }
  if (best > resetAt) resetAt = best;
  const frames = frameSourceOf(session);
  const needed = profile.windowSize + profile.smoothingWindow - 1;
  let hands = 0;
  for (let i = frame; i >= resetAt && hands < needed; i--) {
    if (frames.hasHand(i)) hands++;
  }
  const smoothingFill = Math.min(profile.smoothingWindow, Math.max(0, hands - profile.windowSize + 1));
  return {
    frame,
    t: frames.t(frame),
    status: smoothingFill >= profile.smoothingWindow ? 'ready' : 'smoothing',
    bufferFill: profile.windowSize,
    smoothingFill,
    target,
  };
}
