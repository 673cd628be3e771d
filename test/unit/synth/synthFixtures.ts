import { SeededRandom } from '../../../src/core/synth/random';
import { sampleSigner, type Signer } from '../../../src/core/synth/signer';
import type { ClassGesture } from '../../../src/core/synth/classGestures';
import type { HandState } from '../../../src/core/synth/handState';
import { renderLandmarks } from '../../../src/core/synth/renderHand';

/** A right-handed signer with no detection noise and no habits: poses exactly as the gesture table says. */
export function cleanSigner(seed = 1): Signer {
  const signer = sampleSigner(new SeededRandom(seed), { handedness: 'Right' });
  signer.jitter = 0;
  signer.jointBias = signer.jointBias.map(() => 0);
  signer.rollBias = 0;
  signer.pitchBias = 0;
  signer.yawBias = 0;
  return signer;
}

export function gestureState(g: ClassGesture, u = 0.5, seconds = 0.3): HandState {
  const m = g.motion ? g.motion(u, seconds) : { roll: 0, pitch: 0, yaw: 0, offset: [0, 0, 0] as [number, number, number] };
  return {
    shape: g.shape,
    roll: g.roll + m.roll,
    pitch: g.pitch + m.pitch,
    yaw: g.yaw + m.yaw,
    offset: m.offset,
  };
}

/** The backend's per-frame normalization: wrist-relative, divided by the largest absolute value. */
export function normalized(landmarks: Float64Array): Float64Array {
  const out = new Float64Array(63);
  let peak = 0;
  for (let i = 0; i < 63; i++) {
    out[i] = landmarks[i] - landmarks[i % 3];
    peak = Math.max(peak, Math.abs(out[i]));
  }
  return out.map((v) => v / peak);
}

export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

export function normalizedPose(g: ClassGesture, signer: Signer, u = 0.5, seconds = 0.3): Float64Array {
  return normalized(renderLandmarks(gestureState(g, u, seconds), signer, () => 0));
}
