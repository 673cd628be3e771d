import type { HandProportions, FingerKey } from './handProportions';
import { FINGER_KEYS } from './handProportions';
import type { HandShape } from './handState';
import type { Mat3, Vec3 } from './rotation';
import { add, apply, chain, rotX, rotY, rotZ, scale } from './rotation';
import { POINT_COUNT } from '../hand/topology';

/**
 * Hand-local frame: origin at the wrist, x toward the thumb side, y from wrist toward the fingers,
 * z out of the palm. Units: metres. Each bone points along its segment frame's +y; rotX(a) bends it
 * toward the palm (+z), and rotZ(a) swings it toward -x, so angles toward the thumb are negated.
 */

/** Each finger's natural fan at zero abduction, degrees toward the thumb. */
export const FINGER_REST_SPREAD: Record<FingerKey, number> = { index: 5, middle: 0, ring: -5, pinky: -11 };
/** The adducted thumb's metacarpal, degrees toward the thumb side from the fingers' direction. */
const THUMB_REST_ANGLE = 40;
/** The thumb's own axial turn: its joints flex partly across the palm, more so when it opposes. */
const THUMB_BASE_TWIST = -35;
const THUMB_OPPOSITION_TWIST = 0.6;

const UP: Vec3 = [0, 1, 0];

/** 21 points in MediaPipe order, in the hand-local frame. */
export function handPointsLocal(shape: HandShape, p: HandProportions): Vec3[] {
  const L = p.handLength;
  const points: Vec3[] = new Array(POINT_COUNT);
  points[0] = [0, 0, 0];

  const t = shape.thumb;
  const thumbBase = scale(p.thumbBase, L);
  let r: Mat3 = chain(
    rotZ(-THUMB_REST_ANGLE + t.cmcFlex),
    rotX(t.cmcAbd),
    rotY(THUMB_BASE_TWIST - THUMB_OPPOSITION_TWIST * t.cmcAbd),
  );
  points[1] = thumbBase;
  points[2] = add(points[1], apply(r, scale(UP, p.thumb[0] * L)));
  r = chain(r, rotX(t.mcp));
  points[3] = add(points[2], apply(r, scale(UP, p.thumb[1] * L)));
  r = chain(r, rotX(t.ip));
  points[4] = add(points[3], apply(r, scale(UP, p.thumb[2] * L)));

  FINGER_KEYS.forEach((key, f) => {
    const j = shape[key];
    const seg = p.fingers[key];
    const first = 5 + f * 4;
    points[first] = scale(p.fingerBases[key], L);
    let fr: Mat3 = chain(rotZ(-(FINGER_REST_SPREAD[key] + j.abd)), rotX(j.mcp));
    points[first + 1] = add(points[first], apply(fr, scale(UP, seg[0] * L)));
    fr = chain(fr, rotX(j.pip));
    points[first + 2] = add(points[first + 1], apply(fr, scale(UP, seg[1] * L)));
    fr = chain(fr, rotX(j.dip));
    points[first + 3] = add(points[first + 2], apply(fr, scale(UP, seg[2] * L)));
  });
  return points;
}

/** Rotation of the whole hand: in-image roll applied last, so roll turns the image of the hand. */
export function handRotation(roll: number, pitch: number, yaw: number): Mat3 {
  return chain(rotZ(roll), rotY(yaw), rotX(pitch));
}
