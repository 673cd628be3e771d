import type { Vec3 } from './rotation';

/** Joint angles in degrees. Flexion is positive toward the palm. */
export interface FingerJoints {
  mcp: number;
  /** Sideways at the MCP, positive toward the thumb. */
  abd: number;
  pip: number;
  dip: number;
}

export interface ThumbJoints {
  /** CMC in the palm plane: positive swings the thumb across the palm, negative out to the side (as in L). */
  cmcFlex: number;
  /** CMC out of the palm plane (palmar abduction), which also turns the thumb to face the fingers. */
  cmcAbd: number;
  mcp: number;
  ip: number;
}

export interface HandShape {
  thumb: ThumbJoints;
  index: FingerJoints;
  middle: FingerJoints;
  ring: FingerJoints;
  pinky: FingerJoints;
}

/**
 * Everything that moves: the hand's shape, its rotation (degrees) relative to palm-toward-camera with
 * fingers up, and the wrist's offset (metres) from the signer's resting position.
 */
export interface HandState {
  shape: HandShape;
  /** In-image rotation, positive counter-clockwise as seen by the camera. */
  roll: number;
  /** Fingers tilting toward the camera (positive) or away. */
  pitch: number;
  /** Palm turning toward image right (positive) or left. */
  yaw: number;
  offset: Vec3;
}

const FINGER_FIELDS = ['mcp', 'abd', 'pip', 'dip'] as const;
const THUMB_FIELDS = ['cmcFlex', 'cmcAbd', 'mcp', 'ip'] as const;
const FINGERS = ['index', 'middle', 'ring', 'pinky'] as const;

/** Number of values in `stateToVector`: 20 joint angles, 3 rotations, 3 offsets. */
export const STATE_VECTOR_LENGTH = 26;

export function stateToVector(s: HandState): number[] {
  const v: number[] = THUMB_FIELDS.map((f) => s.shape.thumb[f]);
  for (const finger of FINGERS) for (const f of FINGER_FIELDS) v.push(s.shape[finger][f]);
  v.push(s.roll, s.pitch, s.yaw, ...s.offset);
  return v;
}

export function vectorToState(v: readonly number[]): HandState {
  let i = 0;
  const thumb = {} as ThumbJoints;
  for (const f of THUMB_FIELDS) thumb[f] = v[i++];
  const shape = { thumb } as HandShape;
  for (const finger of FINGERS) {
    const joints = {} as FingerJoints;
    for (const f of FINGER_FIELDS) joints[f] = v[i++];
    shape[finger] = joints;
  }
  return { shape, roll: v[i], pitch: v[i + 1], yaw: v[i + 2], offset: [v[i + 3], v[i + 4], v[i + 5]] };
}

/** Linear blend of two states: 0 gives `a`, 1 gives `b`. */
export function blendStates(a: HandState, b: HandState, w: number): HandState {
  const va = stateToVector(a);
  const vb = stateToVector(b);
  return vectorToState(va.map((x, i) => x + (vb[i] - x) * w));
}
