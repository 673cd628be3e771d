import type { Vec3 } from './rotation';

/**
 * Bone lengths and palm layout as fractions of hand length (wrist crease to middle fingertip).
 * Phalanx ratios follow published anthropometry (Buchholz et al. 1992); the palm points are placed so
 * a relaxed hand drawn with them matches a typical MediaPipe skeleton.
 */
export interface HandProportions {
  /** Wrist to middle fingertip, metres. */
  handLength: number;
  /** Local position (fraction of hand length) of the thumb CMC and of each finger's MCP. */
  thumbBase: Vec3;
  fingerBases: Record<FingerKey, Vec3>;
  /** Segment lengths (fraction of hand length): thumb metacarpal, proximal, distal. */
  thumb: [number, number, number];
  /** Proximal, middle, distal phalanx of each finger. */
  fingers: Record<FingerKey, [number, number, number]>;
}

export type FingerKey = 'index' | 'middle' | 'ring' | 'pinky';
export const FINGER_KEYS: readonly FingerKey[] = ['index', 'middle', 'ring', 'pinky'];

export const AVERAGE_HAND: Readonly<HandProportions> = Object.freeze({
  handLength: 0.185,
  thumbBase: [0.1, 0.1, 0.02],
  fingerBases: {
    index: [0.135, 0.375, 0],
    middle: [0.03, 0.39, 0],
    ring: [-0.07, 0.365, 0],
    pinky: [-0.16, 0.325, 0],
  },
  thumb: [0.251, 0.196, 0.158],
  fingers: {
    index: [0.265, 0.143, 0.097],
    middle: [0.277, 0.17, 0.108],
    ring: [0.259, 0.165, 0.107],
    pinky: [0.206, 0.117, 0.093],
  },
}) as HandProportions;

/** A copy with every segment and palm offset scaled by its own factor from `factor()` (per-signer shape). */
export function varyProportions(base: Readonly<HandProportions>, handLength: number, factor: () => number): HandProportions {
  const vec = (v: Vec3): Vec3 => [v[0] * factor(), v[1] * factor(), v[2]];
  const seg = (s: readonly number[]): [number, number, number] => [s[0] * factor(), s[1] * factor(), s[2] * factor()];
  return {
    handLength,
    thumbBase: vec(base.thumbBase),
    fingerBases: {
      index: vec(base.fingerBases.index),
      middle: vec(base.fingerBases.middle),
      ring: vec(base.fingerBases.ring),
      pinky: vec(base.fingerBases.pinky),
    },
    thumb: seg(base.thumb),
    fingers: {
      index: seg(base.fingers.index),
      middle: seg(base.fingers.middle),
      ring: seg(base.fingers.ring),
      pinky: seg(base.fingers.pinky),
    },
  };
}
