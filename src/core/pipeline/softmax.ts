import type { SoftmaxPolicy } from '../model/profile';

/** The backend's softmax: exp(x - max) / sum, computed in float64. */
export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i];
  const exps = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    exps[i] = Math.exp(logits[i] - max);
    sum += exps[i];
  }
  const out = new Float32Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = exps[i] / sum;
  return out;
}

/** The distribution the pipeline uses for one window's model output. */
export function applySoftmaxPolicy(output: ArrayLike<number>, policy: SoftmaxPolicy): Float32Array {
  return policy === 'always' ? softmax(output) : Float32Array.from(output);
}
