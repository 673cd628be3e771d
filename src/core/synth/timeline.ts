import type { ClassGesture } from './classGestures';
import { gestureFor } from './classGestures';
import type { HandState } from './handState';
import { blendStates, stateToVector, vectorToState } from './handState';
import type { SeededRandom } from './random';
import type { Signer } from './signer';

/** A stretch of time in which the hand holds (or performs) one gesture. Times in seconds. */
export interface Segment {
  label: string;
  /** 'sign': a character of the text; 'rest': hand at rest before and after; 'release': the dip between double letters. */
  kind: 'sign' | 'rest' | 'release';
  holdStart: number;
  holdEnd: number;
  /** Start of the movement into this segment (equal to holdStart for the first). */
  enterStart: number;
  gesture: ClassGesture;
  /** This instance's pose: the gesture with the signer's habits and fresh noise, without its movement. */
  base: HandState;
}

export interface TimelineOptions {
  /** Multiplies every hold (practice sessions hold each letter longer). */
  holdScale?: number;
}

const ease = (x: number) => x * x * x * (x * (6 * x - 15) + 10); // smootherstep: zero velocity and acceleration at both ends

const JOINT_COUNT = 20;
/** Indices of sideways (abduction) joints in the state vector; the rest are flexions. */
const ABDUCTION_JOINTS = new Set([1, 5, 9, 13, 17]);

function instancePose(gesture: ClassGesture, signer: Signer, rng: SeededRandom): HandState {
  const v = stateToVector({ shape: gesture.shape, roll: gesture.roll, pitch: gesture.pitch, yaw: gesture.yaw, offset: [0, 0, 0] });
  for (let j = 0; j < JOINT_COUNT; j++) {
    const noisy = v[j] + signer.jointBias[j] + rng.normal(0, signer.poseNoise);
    v[j] = ABDUCTION_JOINTS.has(j) ? Math.min(30, Math.max(-30, noisy)) : Math.min(115, Math.max(-15, noisy));
  }
  v[JOINT_COUNT] += rng.normal(0, 4);
  v[JOINT_COUNT + 1] += rng.normal(0, 4);
  v[JOINT_COUNT + 2] += rng.normal(0, 5);
  for (let k = 0; k < 3; k++) v[JOINT_COUNT + 3 + k] += rng.normal(0, 0.01);
  return vectorToState(v);
}

/** The hand state within a segment's hold, `t` seconds into the session. */
export function holdState(segment: Segment, t: number): HandState {
  const motion = segment.gesture.motion;
  if (!motion) return segment.base;
  const span = segment.holdEnd - segment.holdStart;
  const u = span > 0 ? Math.min(1, Math.max(0, (t - segment.holdStart) / span)) : 0;
  // Rest drifts with session time so consecutive rests join up smoothly; other movements start with the hold.
  const seconds = segment.kind === 'rest' ? t : Math.max(0, t - segment.holdStart);
  const m = motion(u, seconds);
  const b = segment.base;
  return {
    shape: b.shape,
    roll: b.roll + m.roll,
    pitch: b.pitch + m.pitch,
    yaw: b.yaw + m.yaw,
    offset: [b.offset[0] + m.offset[0], b.offset[1] + m.offset[1], b.offset[2] + m.offset[2]],
  };
}

/** Extra seconds a transition takes for large changes: turning the whole hand over takes longer than a finger. */
function movementTime(from: HandState, to: HandState): number {
  const a = stateToVector(from);
  const b = stateToVector(to);
  let joints = 0;
  for (let j = 0; j < JOINT_COUNT; j++) joints = Math.max(joints, Math.abs(a[j] - b[j]));
  let turn = 0;
  for (let k = JOINT_COUNT; k < JOINT_COUNT + 3; k++) turn = Math.max(turn, Math.abs(a[k] - b[k]));
  return turn / 300 + joints / 600;
}

/** Lays out the gestures for `labels` in time: rest, each sign with eased transitions, rest. */
export function buildTimeline(labels: readonly string[], signer: Signer, rng: SeededRandom, options: TimelineOptions = {}): Segment[] {
  const holdScale = options.holdScale ?? 1;
  const rest = gestureFor('NOTHING');
  const segments: Segment[] = [];
  let t = 0;
  const add = (label: string, kind: Segment['kind'], gesture: ClassGesture, base: HandState, transition: number, hold: number) => {
    const enterStart = t;
    t += transition;
    segments.push({ label, kind, enterStart, holdStart: t, holdEnd: t + hold, gesture, base });
    t += hold;
  };
  add('NOTHING', 'rest', rest, instancePose(rest, signer, rng), 0, rng.range(0.6, 1.1));
  let previous: string | null = null;
  for (const label of labels) {
    const gesture = gestureFor(label);
    if (label === previous) {
      // A doubled letter is signed twice with a small bounce and slide between: the hand relaxes a little.
      const prev = segments[segments.length - 1];
      const dip = blendStates(prev.base, instancePose(rest, signer, rng), rng.range(0.35, 0.5));
      dip.offset = [dip.offset[0] + rng.range(0.015, 0.03), dip.offset[1] - rng.range(0.0, 0.015), dip.offset[2]];
      add('NOTHING', 'release', rest, dip, (rng.range(0.12, 0.2) + movementTime(prev.base, dip)) / signer.speed, rng.range(0.06, 0.12) / signer.speed);
    }
    const base = instancePose(gesture, signer, rng);
    const transition = (rng.range(0.15, 0.3) + movementTime(segments[segments.length - 1].base, base)) / signer.speed;
    const hold = (rng.range(0.4, 0.8) * gesture.holdFactor * holdScale) / signer.speed;
    add(label, 'sign', gesture, base, transition, hold);
    previous = label;
  }
  const last = instancePose(rest, signer, rng);
  add('NOTHING', 'rest', rest, last, (rng.range(0.25, 0.4) + movementTime(segments[segments.length - 1].base, last)) / signer.speed, rng.range(0.6, 1.1));
  return segments;
}

/** Session length in seconds. */
export function timelineDuration(segments: readonly Segment[]): number {
  return segments.length ? segments[segments.length - 1].holdEnd : 0;
}

/** The hand state at time `t` (seconds): a hold, or an eased blend between two holds. */
export function stateAt(segments: readonly Segment[], t: number): HandState {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (t < s.holdStart && i > 0) {
      const from = holdState(segments[i - 1], segments[i - 1].holdEnd);
      const to = holdState(s, s.holdStart);
      const w = (t - s.enterStart) / (s.holdStart - s.enterStart);
      return blendStates(from, to, ease(Math.min(1, Math.max(0, w))));
    }
    if (t <= s.holdEnd || i === segments.length - 1) return holdState(s, Math.min(t, s.holdEnd));
  }
  throw new Error('stateAt: empty timeline');
}
