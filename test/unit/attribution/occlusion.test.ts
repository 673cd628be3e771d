// The occlusion batch and its scores, on hand-made windows and outputs (no model).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LANDMARK_NEIGHBOURS,
  frameRow,
  landmarkRow,
  occlusionBatch,
  occlusionDistributions,
  occlusionRowCount,
  occlusionScores,
  predictedClass,
} from '../../../src/core/attribution/occlusion';
import { BONES } from '../../../src/core/hand/topology';

/** A window whose value at (frame, point, coord) is unique: frame * 1000 + point * 10 + coord. */
function window(frames: number): Float32Array {
  const w = new Float32Array(frames * 63);
  for (let f = 0; f < frames; f++) for (let p = 0; p < 21; p++) for (let d = 0; d < 3; d++) w[f * 63 + p * 3 + d] = f * 1000 + p * 10 + d;
  return w;
}

const value = (f: number, p: number, d: number) => f * 1000 + p * 10 + d;

test('neighbours come from the bones: the wrist has three, a tip one, every bone counted both ways', () => {
  assert.deepEqual(LANDMARK_NEIGHBOURS[0], [1, 5, 17]);
  assert.deepEqual(LANDMARK_NEIGHBOURS[8], [7]);
  assert.deepEqual(LANDMARK_NEIGHBOURS[9], [5, 10, 13]);
  const links = LANDMARK_NEIGHBOURS.reduce((n, l) => n + l.length, 0);
  assert.equal(links, 2 * BONES.length);
});

test('54 windows for 32 frames; 22 for a one-frame window (no frame row)', () => {
  assert.equal(occlusionRowCount(32), 54);
  assert.equal(occlusionRowCount(1), 22);
  assert.equal(occlusionBatch(window(1), 1).length, 22 * 63);
});

test('each landmark row replaces that point by its neighbours\' mean in every frame and nothing else', () => {
  const T = 4;
  const w = window(T);
  const batch = occlusionBatch(w, T);
  const per = T * 63;
  assert.deepEqual(batch.subarray(0, per), w, 'row 0 is the window as it is');
  for (let p = 0; p < 21; p++) {
    const row = batch.subarray(landmarkRow(p) * per, (landmarkRow(p) + 1) * per);
    for (let f = 0; f < T; f++) {
      for (let q = 0; q < 21; q++) {
        for (let d = 0; d < 3; d++) {
          const n = LANDMARK_NEIGHBOURS[p];
          const expected = q === p ? n.reduce((s, k) => s + value(f, k, d), 0) / n.length : value(f, q, d);
          assert.ok(Math.abs(row[f * 63 + q * 3 + d] - expected) < 1e-3, `landmark ${p}, frame ${f}, point ${q}.${d}`);
        }
      }
    }
  }
});

test('each frame row holds the frame before in its place; the first frame takes the second', () => {
  const T = 5;
  const w = window(T);
  const batch = occlusionBatch(w, T);
  const per = T * 63;
  for (let position = 0; position < T; position++) {
    const row = batch.subarray(frameRow(position) * per, (frameRow(position) + 1) * per);
    const held = position === 0 ? 1 : position - 1;
    for (let f = 0; f < T; f++) {
      const source = f === position ? held : f;
      assert.deepEqual(row.subarray(f * 63, (f + 1) * 63), w.subarray(source * 63, (source + 1) * 63), `frame row ${position}, frame ${f}`);
    }
  }
});

test('a window of the wrong length is refused with the lengths named', () => {
  assert.throws(() => occlusionBatch(new Float32Array(100), 2), /needs 126 values \(2 frames of 63\), got 100/);
});

test('scores: baseline minus each row, for the predicted class or any other; the softmax policy applies', () => {
  const T = 2;
  const classes = 3;
  const rows = occlusionRowCount(T);
  const outputs = new Float32Array(rows * classes);
  // Baseline favours class 1; removing landmark 4 takes it away; removing frame 1 favours class 2.
  for (let r = 0; r < rows; r++) outputs.set([0.2, 0.7, 0.1], r * classes);
  outputs.set([0.6, 0.3, 0.1], landmarkRow(4) * classes);
  outputs.set([0.1, 0.4, 0.5], frameRow(1) * classes);
  const d = occlusionDistributions(outputs, T, classes, 'never');
  assert.equal(predictedClass(d), 1);
  const s = occlusionScores(d, 1);
  assert.ok(Math.abs(s.baseline - 0.7) < 1e-6);
  assert.ok(Math.abs(s.landmarks[4] - 0.4) < 1e-6);
  assert.ok(Math.abs(s.frames[1] - 0.3) < 1e-6);
  assert.equal(s.landmarks.filter((v) => v !== 0).length, 1);
  const other = occlusionScores(d, 2);
  assert.ok(Math.abs(other.frames[1] + 0.4) < 1e-6, 'removing frame 1 raised class 2: a negative drop');
  const soft = occlusionDistributions(outputs, T, classes, 'always');
  const row0 = Array.from(soft.probs.subarray(0, 3));
  assert.ok(Math.abs(row0.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  assert.ok(row0[1] < 0.7, 'a second softmax flattens the distribution');
  assert.throws(() => occlusionScores(d, 3), /class index 3 is out of range \(0-2\)/);
  assert.throws(() => occlusionDistributions(new Float32Array(5), T, classes, 'never'), /gave 5 values for 24 occlusion windows of 3 classes/);
});
