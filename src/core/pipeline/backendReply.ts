import type { BackendReply } from '../model/profile';
import { roundLikePython } from './roundHalfEven';

/** A reply before throttling, with the unrounded probability the throttle compares. */
export interface ReplyCandidate {
  reply: BackendReply;
  unroundedProb: number;
}

/**
 * The backend's target index: ord(letter) - ord('A'). Anything that is not one character has no
 * index (the backend's ord() would reject it), and neither does an index outside the classes.
 */
export function targetIndex(letter: string, classCount: number): number {
  const chars = Array.from(letter);
  if (chars.length !== 1) return -1;
  const index = chars[0].codePointAt(0)! - 65;
  return index >= 0 && index < classCount ? index : -1;
}

/** numpy's argmax: the first index of the largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * The reply for a smoothed distribution: the argmax label, and the target's probability (0.0 when
 * the target is out of range) or, in free mode (target null), the largest probability.
 */
export function replyFor(
  smoothed: ArrayLike<number>,
  labels: readonly string[],
  target: string | null,
  roundDecimals: number,
): ReplyCandidate {
  const best = argmax(smoothed);
  let prob: number;
  if (target === null) prob = smoothed[best];
  else {
    const index = targetIndex(target, smoothed.length);
    prob = index < 0 ? 0.0 : smoothed[index];
  }
  return {
    reply: { maxarg_letter: labels[best] ?? `class${best}`, target_arg_prob: roundLikePython(prob, roundDecimals) },
    unroundedProb: prob,
  };
}
