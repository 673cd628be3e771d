import type { PipelineProfile } from '../core/model/profile';
import type { Session } from '../core/session/types';
import type { WindowState } from './windowStates';
import { frameStateAt } from '../core/pipeline/frameState';
import { windowEndingAt } from '../core/pipeline/windowEndingAt';
import { frameSourceOf } from '../core/session/frameSource';
import { VALUES_PER_FRAME } from '../core/hand/topology';

export interface WindowsNearPlayhead {
  /** Frames whose window was built, ascending. */
  frames: number[];
  /** Their model inputs, `frames.length` windows back to back, in the order of `frames`. */
  windows: Float32Array;
}

/**
 * Builds the windows of up to `count` frames nearest `playhead` (later frame first on ties, as
 * nearestPending) from the frames alone, so they can be inferred before the whole-session window pass.
 * Looks at most `reach` frames either side, so a session with few windows costs little here. A window
 * whose input is not finite is left out: the model never sees it, and the window pass, which stops at the
 * first such frame in session order, names the frame as a replay does.
 */
export function windowsNearPlayhead(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: Pick<PipelineProfile, 'windowSize' | 'smoothingWindow' | 'normalization'>,
  playhead: number,
  count: number,
  reach = 16 * (count + profile.windowSize),
): WindowsNearPlayhead {
  const length = profile.windowSize * VALUES_PER_FRAME;
  const buffer = new Float32Array(count * length);
  const picked: number[] = [];
  const total = frameSourceOf(session).count;
  const start = Math.min(Math.max(0, Math.floor(playhead)), Math.max(0, total - 1));
  for (let d = 0; picked.length < count && d <= reach && (start + d < total || start - d >= 0); d++) {
    for (const f of d === 0 ? [start] : [start + d, start - d]) {
      if (picked.length < count && windowEndingAt(session, profile, f, buffer, picked.length * length) && allFinite(buffer, picked.length * length, length)) {
        picked.push(f);
      }
    }
  }
  const order = picked.map((frame, slot) => ({ frame, slot })).sort((a, b) => a.frame - b.frame);
  const windows = new Float32Array(picked.length * length);
  order.forEach(({ slot }, i) => windows.set(buffer.subarray(slot * length, (slot + 1) * length), i * length));
  return { frames: order.map((o) => o.frame), windows };
}

function allFinite(values: Float32Array, offset: number, length: number): boolean {
  for (let i = offset; i < offset + length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

/**
 * What the pipeline's sequential pass will say of a frame whose window ran, without running it (frameStateAt:
 * the target in force, the buffers' fills and so the status). `probs` is the caller's; smoothing, reply and
 * transcript are not known yet.
 */
export function windowFrameState(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: Pick<PipelineProfile, 'windowSize' | 'smoothingWindow'>,
  frame: number,
): WindowState {
  const frames = frameSourceOf(session);
  const state = frameStateAt(frames, session.targets, profile, frame);
  return { frame, t: frames.t(frame), status: state.status, bufferFill: state.bufferFill, smoothingFill: state.smoothingFill, target: state.target };
}
