import type { ScoredFrames } from './types';

/** Frame numbers of the scored frames labelled `label` and predicted `prediction` (indices into confusion.labels), ascending. */
export function framesInCell(scored: ScoredFrames, label: number, prediction: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < scored.frame.length; i++) if (scored.label[i] === label && scored.prediction[i] === prediction) out.push(scored.frame[i]);
  return out;
}

/** Frame numbers of the wrong frames (prediction differs from label), ascending. */
export function wrongFrames(scored: ScoredFrames): number[] {
  const out: number[] = [];
  for (let i = 0; i < scored.frame.length; i++) if (scored.label[i] !== scored.prediction[i]) out.push(scored.frame[i]);
  return out;
}

/** The first wrong frame after `frame`, or null. */
export function nextError(scored: ScoredFrames, frame: number): number | null {
  for (let i = firstAbove(scored.frame, frame); i < scored.frame.length; i++) if (scored.label[i] !== scored.prediction[i]) return scored.frame[i];
  return null;
}

/** The last wrong frame before `frame`, or null. */
export function previousError(scored: ScoredFrames, frame: number): number | null {
  for (let i = firstAbove(scored.frame, frame - 1) - 1; i >= 0; i--) if (scored.label[i] !== scored.prediction[i]) return scored.frame[i];
  return null;
}

/** Index of the first element greater than `value` in an ascending array. */
function firstAbove(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
