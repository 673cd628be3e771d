import type { Normalization } from '../model/profile';
import { POINT_COUNT, VALUES_PER_FRAME } from '../hand/topology';


/** Scratch for one frame's wrist-relative values (a new array per frame was most of replay's garbage). */
const SHIFTED = new Float64Array(VALUES_PER_FRAME);

/**
 * Writes one frame's 63 model inputs into `out` at `offset`. 'wrist-maxabs': subtract point 0 from
 * every point, then divide all 63 values by the largest absolute value if it is > 0. Computed in
 * float64 and stored as float32, as the backend builds its float32 input from float64 numpy arrays.
 */
export function normalizeFrameInto(
  landmarks: ArrayLike<number>,
  normalization: Normalization,
  out: Float32Array,
  offset: number,
): void {
  if (landmarks.length !== VALUES_PER_FRAME) {
    throw new Error(`a frame needs ${VALUES_PER_FRAME} landmark values, got ${landmarks.length}`);
  }
  if (normalization === 'none') {
    for (let i = 0; i < VALUES_PER_FRAME; i++) out[offset + i] = landmarks[i];
    return;
  }
  const wx = landmarks[0];
  const wy = landmarks[1];
  const wz = landmarks[2];
  let maxAbs = 0;
  const shifted = SHIFTED;
  for (let p = 0; p < POINT_COUNT; p++) {
    const k = p * 3;
    shifted[k] = landmarks[k] - wx;
    shifted[k + 1] = landmarks[k + 1] - wy;
    shifted[k + 2] = landmarks[k + 2] - wz;
    for (let d = 0; d < 3; d++) {
      const a = Math.abs(shifted[k + d]);
      if (a > maxAbs) maxAbs = a;
    }
  }
  const scale = maxAbs > 0 ? maxAbs : 1;
  for (let i = 0; i < VALUES_PER_FRAME; i++) out[offset + i] = shifted[i] / scale;
}

const FLOAT32_MAX = 3.4028234663852886e38;
const AXES = ['x', 'y', 'z'];

/**
 * Why this frame's model input would not be finite, or null. Finite landmarks can still overflow: the
 * wrist at x = -1e308 and a point at 1e308 are 2e308 apart (Infinity), and the division makes NaN; with
 * no normalization, a value past float32's range becomes Infinity in the model's input.
 */
export function nonFiniteInput(landmarks: ArrayLike<number>, normalization: Normalization): string | null {
  for (let i = 0; i < VALUES_PER_FRAME; i++) {
    const v = landmarks[i];
    const point = Math.floor(i / 3);
    const axis = AXES[i % 3];
    if (!Number.isFinite(v)) return `point ${point} ${axis} is ${v}`;
    if (normalization === 'none') {
      if (Math.abs(v) > FLOAT32_MAX) return `point ${point} ${axis} (${v}) is beyond float32's range`;
    } else if (!Number.isFinite(v - landmarks[i % 3])) {
      return `point ${point} ${axis} minus the wrist's (${v} - ${landmarks[i % 3]}) overflows`;
    }
  }
  return null;
}
