import type { FingerJoints, HandShape, ThumbJoints } from './handState';
import type { Vec3 } from './rotation';
import { LABELS_29 } from '../model/profile';

/** Hand rotation deltas (degrees) and wrist movement (metres) of a moving gesture. */
export interface GestureMotion {
  roll: number;
  pitch: number;
  yaw: number;
  offset: Vec3;
}

/**
 * One class of the 29: a handshape, a hand orientation, and for J, Z, SPACE, DELETE and NOTHING a
 * movement over the hold. Orientation is relative to palm-toward-camera, fingers up, right hand.
 */
export interface ClassGesture {
  label: string;
  shape: HandShape;
  roll: number;
  pitch: number;
  yaw: number;
  /** Movement at progress `u` (0..1) through the hold, `seconds` into it. */
  motion?: (u: number, seconds: number) => GestureMotion;
  /** Hold time relative to a static letter (moving gestures need longer). */
  holdFactor: number;
}

const f = (mcp: number, abd: number, pip: number, dip: number): FingerJoints => ({ mcp, abd, pip, dip });
const th = (cmcFlex: number, cmcAbd: number, mcp: number, ip: number): ThumbJoints => ({ cmcFlex, cmcAbd, mcp, ip });

const STRAIGHT = f(0, 0, 0, 0);
const FIST = f(88, 0, 100, 55);
/** Thumb lying across the front of the curled fingers, as in S, I and X. */
const THUMB_ACROSS = th(48, 38, 35, 25);
/** Thumb holding the curled ring and pinky down, as in U, V, W and R. */
const THUMB_HOLDING = th(42, 45, 30, 25);

function hand(thumb: ThumbJoints, index: FingerJoints, middle: FingerJoints, ring: FingerJoints, pinky: FingerJoints): HandShape {
  return { thumb, index, middle, ring, pinky };
}

function still(label: string, shape: HandShape, roll = 0, pitch = 0, yaw = 0): ClassGesture {
  return { label, shape, roll, pitch, yaw, holdFactor: 1 };
}

const ease = (x: number) => 0.5 - 0.5 * Math.cos(Math.PI * Math.min(1, Math.max(0, x)));

/**
 * J: the pinky draws down, then hooks toward the thumb side as the forearm turns the palm in. J begins
 * from I's handshape and the backend's normalization removes the wrist's travel, so the forearm starts
 * turning at once (no ease-in): a J that shows no turn for its first frames is, to a model, an I.
 */
function jMotion(u: number): GestureMotion {
  const down = Math.sin((Math.PI / 2) * Math.min(1, u / 0.55));
  const turn = Math.sin((Math.PI / 2) * Math.min(1, u / 0.8));
  const hook = ease((u - 0.45) / 0.55);
  return { roll: -75 * turn, pitch: 0, yaw: 70 * hook, offset: [0.04 * hook, -0.06 * down + 0.02 * hook, 0] };
}

/** Z: the index traces a Z; the wrist bends so the finger points at each corner in turn. */
const Z_CORNERS: [number, number][] = [[-1, 1], [1, 1], [-1, -1], [1, -1]];
function zMotion(u: number): GestureMotion {
  const pos = Math.min(2.999, Math.max(0, u * 3));
  const leg = Math.floor(pos);
  const w = ease(pos - leg);
  const [x0, y0] = Z_CORNERS[leg];
  const [x1, y1] = Z_CORNERS[leg + 1];
  const x = x0 + (x1 - x0) * w;
  const y = y0 + (y1 - y0) * w;
  return { roll: -18 * x, pitch: -18 * y, yaw: 10 * x, offset: [0.05 * x, 0.04 * y, 0] };
}

/** SPACE: a flat hand, palm down, sweeping sideways and turning with the sweep. */
function spaceMotion(u: number): GestureMotion {
  const s = ease(u) * 2 - 1;
  return { roll: 0, pitch: 0, yaw: 35 * s, offset: [0.08 * s, 0, 0] };
}

/** DELETE: an open spread hand rubbing out, the wrist rocking back and forth about twice a second. */
function deleteMotion(_u: number, seconds: number): GestureMotion {
  const s = Math.sin(2 * Math.PI * 2.2 * seconds);
  return { roll: 28 * s, pitch: 0, yaw: 0, offset: [0.03 * s, 0, 0] };
}

/** NOTHING: a relaxed hand at rest, drifting slowly. */
function restMotion(_u: number, seconds: number): GestureMotion {
  return {
    roll: 6 * Math.sin(0.9 * seconds),
    pitch: 5 * Math.sin(0.7 * seconds + 1),
    yaw: 6 * Math.sin(0.5 * seconds + 2),
    offset: [0.01 * Math.sin(0.6 * seconds), 0.01 * Math.sin(0.8 * seconds + 0.5), 0],
  };
}

const GESTURES: ClassGesture[] = [
  still('A', hand(th(28, 8, 5, 0), FIST, FIST, FIST, FIST)),
  still('B', hand(th(40, 35, 40, 25), f(0, -3, 0, 0), f(0, 0, 0, 0), f(0, 3, 0, 0), f(0, 7, 0, 0))),
  still('C', hand(th(5, 40, 15, 20), f(25, 0, 35, 20), f(25, 0, 35, 20), f(25, 0, 35, 20), f(25, 0, 35, 20)), 0, 0, 70),
  still('D', hand(th(38, 50, 20, 25), STRAIGHT, f(48, 0, 70, 40), f(50, 0, 70, 40), f(52, 0, 70, 40))),
  still('E', hand(th(45, 30, 40, 35), f(30, 0, 100, 80), f(30, 0, 100, 80), f(32, 0, 100, 80), f(35, 0, 100, 80))),
  still('F', hand(th(18, 48, 15, 15), f(42, 0, 62, 35), f(0, 5, 0, 0), f(0, -3, 0, 0), f(0, -10, 0, 0))),
  still('G', hand(th(30, 20, 0, 0), STRAIGHT, FIST, FIST, FIST), -90, 0, 160),
  still('H', hand(th(40, 40, 30, 20), STRAIGHT, f(0, 3, 0, 0), FIST, FIST), -90, 0, 160),
  still('I', hand(THUMB_ACROSS, FIST, FIST, FIST, f(0, -5, 0, 0))),
  { ...still('J', hand(THUMB_ACROSS, FIST, FIST, FIST, f(0, -5, 0, 0))), motion: jMotion, holdFactor: 1.6 },
  still('K', hand(th(22, 48, 10, 0), f(0, 8, 0, 0), f(45, -8, 0, 0), FIST, FIST)),
  still('L', hand(th(-45, 0, 0, 0), STRAIGHT, FIST, FIST, FIST)),
  still('M', hand(th(58, 22, 20, 10), f(75, 0, 95, 40), f(75, 0, 95, 40), f(75, 0, 95, 40), FIST)),
  still('N', hand(th(36, 22, 20, 10), f(75, 0, 95, 40), f(75, 0, 95, 40), FIST, FIST)),
  still('O', hand(th(15, 50, 25, 35), f(40, 0, 55, 35), f(40, 0, 55, 35), f(40, 0, 55, 35), f(40, 0, 55, 35)), 0, 0, 45),
  still('P', hand(th(22, 48, 10, 0), f(0, 8, 0, 0), f(45, -8, 0, 0), FIST, FIST), 0, 115, 0),
  still('Q', hand(th(5, 25, 0, 0), STRAIGHT, FIST, FIST, FIST), 0, 140, 60),
  still('R', hand(THUMB_HOLDING, f(0, -13, 0, 0), f(24, 24, 0, 0), FIST, FIST)),
  still('S', hand(THUMB_ACROSS, FIST, FIST, FIST, FIST)),
  still('T', hand(th(22, 32, 20, 5), f(80, 0, 100, 45), FIST, FIST, FIST)),
  still('U', hand(THUMB_HOLDING, f(0, -3, 0, 0), f(0, 2, 0, 0), FIST, FIST)),
  still('V', hand(THUMB_HOLDING, f(0, 15, 0, 0), f(0, -15, 0, 0), FIST, FIST)),
  still('W', hand(th(50, 45, 35, 30), f(0, 14, 0, 0), f(0, 0, 0, 0), f(0, -14, 0, 0), FIST)),
  still('X', hand(THUMB_ACROSS, f(15, 0, 90, 60), FIST, FIST, FIST)),
  still('Y', hand(th(-35, 10, 0, 0), FIST, FIST, FIST, f(0, -14, 0, 0))),
  { ...still('Z', hand(THUMB_HOLDING, STRAIGHT, FIST, FIST, FIST), 0, 15, 0), motion: zMotion, holdFactor: 1.8 },
  {
    ...still('SPACE', hand(th(5, 10, 5, 0), f(0, -2, 0, 0), STRAIGHT, f(0, 2, 0, 0), f(0, 4, 0, 0)), 0, 55, 90),
    motion: spaceMotion,
    holdFactor: 1.5,
  },
  {
    ...still('DELETE', hand(th(-30, 5, 0, 0), f(0, 14, 0, 0), f(0, 2, 0, 0), f(0, -10, 0, 0), f(0, -20, 0, 0))),
    motion: deleteMotion,
    holdFactor: 1.5,
  },
  {
    ...still('NOTHING', hand(th(10, 20, 10, 10), f(18, 0, 22, 10), f(22, 0, 26, 12), f(26, 0, 30, 14), f(30, 0, 34, 16)), 15, -25, 0),
    motion: restMotion,
    holdFactor: 1,
  },
];

/** The gesture of each class, in the model's label order (A-Z, SPACE, DELETE, NOTHING). */
export const CLASS_GESTURES: ReadonlyMap<string, ClassGesture> = new Map(GESTURES.map((g) => [g.label, g]));

if (CLASS_GESTURES.size !== LABELS_29.length || LABELS_29.some((l) => !CLASS_GESTURES.has(l))) {
  throw new Error('classGestures: every one of the 29 labels needs exactly one gesture');
}

export function gestureFor(label: string): ClassGesture {
  const g = CLASS_GESTURES.get(label);
  if (!g) throw new Error(`no gesture for class '${label}'`);
  return g;
}
