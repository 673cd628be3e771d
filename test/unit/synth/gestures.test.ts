import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLASS_GESTURES } from '../../../src/core/synth/classGestures';
import { LABELS_29 } from '../../../src/core/model/profile';
import { renderLandmarks } from '../../../src/core/synth/renderHand';
import { SeededRandom } from '../../../src/core/synth/random';
import { cleanSigner, distance, gestureState, normalized, normalizedPose } from './synthFixtures';

test('there is exactly one gesture for each of the 29 classes', () => {
  assert.deepEqual([...CLASS_GESTURES.keys()], [...LABELS_29]);
});

test('every class pose differs from every other after the backend normalization', () => {
  const signer = cleanSigner(2);
  const poses = LABELS_29.map((l) => normalizedPose(CLASS_GESTURES.get(l)!, signer));
  // The spread that landmark jitter alone causes in one pose, to compare the class distances with.
  const b = CLASS_GESTURES.get('B')!;
  const rng = new SeededRandom(9);
  const noisy = { ...signer, jitter: 0.002 };
  let jitterSpread = 0;
  for (let k = 0; k < 20; k++) {
    jitterSpread = Math.max(jitterSpread, distance(normalized(renderLandmarks(gestureState(b), noisy, () => rng.normal())), poses[1]));
  }
  let closest = { d: Infinity, pair: '' };
  for (let i = 0; i < poses.length; i++) {
    for (let j = i + 1; j < poses.length; j++) {
      const d = distance(poses[i], poses[j]);
      if (d < closest.d) closest = { d, pair: `${LABELS_29[i]}/${LABELS_29[j]}` };
    }
  }
  assert.ok(closest.d > 0.2, `closest pair ${closest.pair} at ${closest.d.toFixed(3)}`);
  assert.ok(closest.d > 2 * jitterSpread, `closest pair ${closest.pair} at ${closest.d.toFixed(3)}, jitter spread ${jitterSpread.toFixed(3)}`);
});

function travel(label: string): number {
  const signer = cleanSigner(4);
  const g = CLASS_GESTURES.get(label)!;
  let most = 0;
  const start = normalizedPose(g, signer, 0, 0);
  for (let k = 1; k <= 20; k++) most = Math.max(most, distance(start, normalizedPose(g, signer, k / 20, (k / 20) * 1.2)));
  return most;
}

test('J and Z move: the normalized hand changes over the hold, unlike the static I and D', () => {
  for (const moving of ['J', 'Z']) assert.ok(travel(moving) > 0.4, `${moving} travels ${travel(moving).toFixed(3)}`);
  for (const still of ['I', 'D', 'A']) assert.equal(travel(still), 0, `${still} is still`);
  // SPACE sweeps and DELETE rubs: both visibly move too, so the model can tell them from held shapes.
  assert.ok(travel('SPACE') > 0.2, `SPACE travels ${travel('SPACE').toFixed(3)}`);
  assert.ok(travel('DELETE') > 0.2, `DELETE travels ${travel('DELETE').toFixed(3)}`);
});

test('J ends hooked toward the thumb side and Z visits both sides: the traced letter, not a wobble', () => {
  const signer = cleanSigner(4);
  const tipX = (label: string, u: number) => {
    const g = CLASS_GESTURES.get(label)!;
    return renderLandmarks(gestureState(g, u, u), signer, () => 0);
  };
  // J: the pinky tip first goes down, then ends up to the thumb side of where it started.
  const j0 = tipX('J', 0);
  const jMid = tipX('J', 0.5);
  const j1 = tipX('J', 1);
  assert.ok(jMid[20 * 3 + 1] > j0[20 * 3 + 1] + 0.02, 'J moves down first');
  assert.ok(j1[20 * 3] > j0[20 * 3] + 0.02, 'J hooks toward the thumb side (image right for a right hand)');
  // Z: the index tip is left, right, left, right at the corners, and lower at the end than at the start.
  const xs = [0, 1 / 3, 2 / 3, 1].map((u) => tipX('Z', u)[8 * 3]);
  assert.ok(xs[1] > xs[0] && xs[2] < xs[1] && xs[3] > xs[2], `Z corners x ${xs.map((x) => x.toFixed(3))}`);
  assert.ok(tipX('Z', 1)[8 * 3 + 1] > tipX('Z', 0)[8 * 3 + 1] + 0.03, 'Z ends lower');
});
