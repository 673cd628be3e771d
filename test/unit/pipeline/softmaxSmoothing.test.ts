import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySoftmaxPolicy, softmax } from '../../../src/core/pipeline/softmax';
import { SmoothingBuffer } from '../../../src/core/pipeline/smoothingBuffer';

test('softmax of [0, ln 2, ln 5] is [1/8, 2/8, 5/8]', () => {
  const p = softmax([0, Math.log(2), Math.log(5)]);
  assert.ok(Math.abs(p[0] - 0.125) < 1e-7 && Math.abs(p[1] - 0.25) < 1e-7 && Math.abs(p[2] - 0.625) < 1e-7);
});

test('softmax subtracts the max: huge logits do not overflow', () => {
  const p = softmax([1000, 1000, 999]);
  const e = Math.exp(-1);
  assert.ok(Math.abs(p[0] - 1 / (2 + e)) < 1e-7);
  assert.ok(Number.isFinite(p[2]));
});

test("policy 'always' flattens a distribution given twice (the backend's double softmax); 'never' keeps it", () => {
  const probs = [0.9, 0.05, 0.05];
  const twice = applySoftmaxPolicy(probs, 'always');
  const e = Math.exp(0.9) + 2 * Math.exp(0.05);
  assert.ok(Math.abs(twice[0] - Math.exp(0.9) / e) < 1e-7);
  assert.ok(twice[0] < 0.6, 'the second softmax flattens 0.9 to about 0.54');
  assert.deepEqual(Array.from(applySoftmaxPolicy(probs, 'never')), Array.from(Float32Array.from(probs)));
});

test('the smoothing buffer gives no mean until full, then the plain mean of the last N', () => {
  const s = new SmoothingBuffer(5);
  for (let i = 1; i <= 4; i++) {
    s.push(Float32Array.from([i, 0]));
    assert.equal(s.mean(), null);
  }
  s.push(Float32Array.from([5, 0]));
  assert.deepEqual(Array.from(s.mean()!), [3, 0]);
  s.push(Float32Array.from([11, 1]));
  assert.deepEqual(Array.from(s.mean()!), [(2 + 3 + 4 + 5 + 11) / 5, 0.2]);
  s.clear();
  assert.equal(s.fill, 0);
  assert.equal(s.mean(), null);
});
