import { VALUES_PER_FRAME } from '../hand/topology';

/** Two deterministic, hand-like normalized windows to run a freshly loaded model on. */
export function probeWindows(windowSize: number): Float32Array {
  const out = new Float32Array(2 * windowSize * VALUES_PER_FRAME);
  for (let i = 0; i < out.length; i++) out[i] = 0.8 * Math.sin(0.37 * i + 0.5) * Math.cos(0.011 * i);
  return out;
}

/** Whether every row already looks like a probability distribution: no negatives, summing to ~1. */
export function looksLikeProbabilities(output: Float32Array, classCount: number, tolerance = 1e-3): boolean {
  if (classCount < 2 || output.length === 0 || output.length % classCount !== 0) return false;
  for (let start = 0; start < output.length; start += classCount) {
    let sum = 0;
    for (let i = start; i < start + classCount; i++) {
      if (!(output[i] >= 0)) return false;
      sum += output[i];
    }
    if (Math.abs(sum - 1) > tolerance) return false;
  }
  return true;
}

export const PROBABILITIES_WARNING =
  "the model's outputs already look like probabilities (non-negative, summing to 1); the backend applies a softmax anyway, which flattens them. The backend-parity profile reproduces that; set \"softmax\": \"never\" to see the model's own distribution";
