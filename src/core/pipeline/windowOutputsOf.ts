import type { SoftmaxPolicy } from '../model/profile';
import type { FrameResult, TargetChangeResult } from './types';
import { STEP_BUFFERING, STEP_NO_HAND, STEP_WINDOW, type WindowOutputs } from './replyPass';

/**
 * The window outputs of a replay's results: each window frame's distribution, with the policy `profile`
 * applied (with policy 'never' they are the model's outputs as it gave them). For the CLI and tests; the
 * replay panel gathers the same columns from its results messages.
 */
export function windowOutputsOf(
  frames: readonly Pick<FrameResult, 't' | 'status' | 'probs'>[],
  targetChanges: readonly Pick<TargetChangeResult, 'beforeFrame' | 't' | 'letter'>[],
  classCount: number,
  rowsPolicy: SoftmaxPolicy,
): WindowOutputs {
  const frameCount = frames.length;
  const t = new Float64Array(frameCount);
  const step = new Uint8Array(frameCount);
  const rows = new Float32Array(frameCount * classCount).fill(NaN);
  frames.forEach((f, i) => {
    t[i] = f.t;
    if (f.status === 'no-hand') step[i] = STEP_NO_HAND;
    else if (f.status === 'buffering') step[i] = STEP_BUFFERING;
    else {
      if (!f.probs) throw new Error(`frame ${i} (${f.status}) has no window distribution`);
      step[i] = STEP_WINDOW;
      rows.set(f.probs.subarray(0, classCount), i * classCount);
    }
  });
  return {
    frameCount,
    classCount,
    t,
    step,
    rows,
    rowsPolicy,
    targetChanges: targetChanges.map((c) => ({ beforeFrame: c.beforeFrame, t: c.t, letter: c.letter })),
  };
}
