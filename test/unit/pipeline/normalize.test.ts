import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeFrameInto } from '../../../src/core/pipeline/normalize';

test('wrist-maxabs subtracts the wrist and divides all 63 values by the largest absolute value', () => {
  const v = new Float64Array(63);
  v.set([0.5, 0.5, 0.1]); // wrist
  v.set([0.7, 0.4, 0.1], 3); // point 1: (0.2, -0.1, 0)
  v.set([0.5, 0.1, 0.3], 6); // point 2: (0, -0.4, 0.2) -> largest |value| 0.4
  for (let p = 3; p < 21; p++) v.set([0.5, 0.5, 0.1], p * 3); // the rest at the wrist
  const out = new Float32Array(63);
  normalizeFrameInto(v, 'wrist-maxabs', out, 0);
  const expect = [0, 0, 0, 0.5, -0.25, 0, 0, -1, 0.5];
  for (let i = 0; i < expect.length; i++) assert.ok(Math.abs(out[i] - expect[i]) < 1e-6, `value ${i}: ${out[i]} vs ${expect[i]}`);
  for (let i = 9; i < 63; i++) assert.equal(out[i], 0);
});

test('a hand with every point on the wrist stays all zeros (no division by 0)', () => {
  const v = new Float64Array(63).fill(0.3);
  const out = new Float32Array(63).fill(7);
  normalizeFrameInto(v, 'wrist-maxabs', out, 0);
  assert.ok(out.every((x) => x === 0));
});

test("normalization 'none' copies the raw values, at the offset given", () => {
  const v = Float64Array.from({ length: 63 }, (_, i) => i / 100);
  const out = new Float32Array(126);
  normalizeFrameInto(v, 'none', out, 63);
  assert.equal(out[62], 0);
  assert.ok(Math.abs(out[63 + 10] - 0.1) < 1e-7);
  assert.ok(Math.abs(out[125] - 0.62) < 1e-7);
});

test('a frame without 63 values is refused with a clear message', () => {
  assert.throws(() => normalizeFrameInto(new Float64Array(42), 'none', new Float32Array(63), 0), /63 landmark values, got 42/);
});
