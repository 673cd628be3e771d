import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BONES } from '../../../src/core/hand/topology';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';
import { stateAt, timelineDuration } from '../../../src/core/synth/timeline';
import { handPointsInCamera, renderLandmarks } from '../../../src/core/synth/renderHand';
import { WEBCAM } from '../../../src/core/synth/camera';
import { MEDIAPIPE_APPEARANCE } from '../../../src/core/synth/mediapipeAppearance';
import { CLASS_GESTURES } from '../../../src/core/synth/classGestures';
import type { Vec3 } from '../../../src/core/synth/rotation';
import { cleanSigner, gestureState } from './synthFixtures';

const length = (a: Vec3, b: Vec3) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

// Bones whose length is fixed by the skeleton (the palm edges 5-9, 9-13, 13-17 are too: the palm is rigid).
test('every bone keeps its length through a whole fingerspelled session (rigid kinematics)', () => {
  const { signer, segments } = synthesizeFingerspelling('JAZZ QUIZ BOX', { seed: 11 });
  const end = timelineDuration(segments);
  const reference = handPointsInCamera(stateAt(segments, 0), signer);
  const first = BONES.map(([a, b]) => length(reference[a], reference[b]));
  let checked = 0;
  for (let t = 0; t <= end; t += 1 / 30) {
    const p = handPointsInCamera(stateAt(segments, t), signer);
    BONES.forEach(([a, b], i) => {
      assert.ok(Math.abs(length(p[a], p[b]) - first[i]) < 1e-9, `bone ${a}-${b} at t=${t.toFixed(3)} s`);
    });
    checked++;
  }
  assert.ok(checked > 100);
});

test('bone lengths are those of a human hand', () => {
  const signer = cleanSigner(3);
  const p = handPointsInCamera(gestureState(CLASS_GESTURES.get('B')!), signer);
  const cm = (a: number, b: number) => 100 * length(p[a], p[b]);
  const handLength = 100 * signer.proportions.handLength;
  assert.ok(handLength > 15.5 && handLength < 21.5, `hand length ${handLength} cm`);
  // Flat B hand: wrist to middle fingertip is about the hand length.
  assert.ok(Math.abs(cm(0, 12) - handLength) / handLength < 0.08, `wrist-middle tip ${cm(0, 12)} vs ${handLength}`);
  for (const [a, b, lo, hi] of [
    [5, 6, 3.8, 6.0], // index proximal phalanx
    [6, 7, 2.0, 3.4], // index middle phalanx
    [9, 10, 4.2, 6.2], // middle proximal phalanx
    [17, 18, 3.0, 4.8], // little finger proximal phalanx
    [2, 3, 2.8, 4.5], // thumb proximal phalanx
    [5, 17, 4.5, 7.5], // palm breadth, index to little finger MCP
  ] as const) {
    const v = cm(a, b);
    assert.ok(v >= lo && v <= hi, `bone ${a}-${b}: ${v.toFixed(2)} cm, expected ${lo}-${hi}`);
  }
});

test('the projection puts the hand in the image with MediaPipe-like relative depth', () => {
  const signer = cleanSigner(5);
  const state = gestureState(CLASS_GESTURES.get('B')!);
  const lm = renderLandmarks(state, signer, () => 0);
  assert.equal(lm.length, 63);
  assert.equal(lm[2], 0, 'wrist z is 0');
  for (let i = 0; i < 21; i++) {
    assert.ok(lm[i * 3] > 0 && lm[i * 3] < 1 && lm[i * 3 + 1] > 0 && lm[i * 3 + 1] < 1, `point ${i} inside the image`);
  }
  // Fingers up, palm to the camera: fingertips above the wrist in the image (smaller y).
  assert.ok(lm[12 * 3 + 1] < lm[1] - 0.1);
  // Bending the fingers toward the camera (pitch) brings the fingertips closer: negative z, like MediaPipe.
  const tilted = renderLandmarks({ ...state, pitch: 40 }, signer, () => 0);
  assert.ok(tilted[12 * 3 + 2] < -0.05, `tip z ${tilted[12 * 3 + 2]}`);
  // x and z share a scale: the 3D shape of MediaPipe's appearance of the hand is recovered from (x, y, z),
  // the focal length and MediaPipe's depth scale, so the relative-depth formula can be checked against the
  // camera-frame points.
  const world = handPointsInCamera({ ...state, pitch: 40 }, signer, WEBCAM, true);
  const f = WEBCAM.width / 2 / Math.tan((WEBCAM.fovDeg * Math.PI) / 360) / WEBCAM.width;
  for (let i = 1; i < 21; i++) {
    const depthRatio = -world[i][2] / -world[0][2];
    assert.ok(Math.abs(1 + tilted[i * 3 + 2] / MEDIAPIPE_APPEARANCE.depthScale / f - depthRatio) < 1e-9, `point ${i} depth`);
  }
});
