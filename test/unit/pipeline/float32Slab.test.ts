import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Float32Slab } from '../../../src/core/pipeline/float32Slab';

test('slab copies are float32 copies of their values, independent of each other, in shared blocks', () => {
  const slab = new Float32Slab(10);
  const a = slab.copyOf([0.1, 0.2, 0.3]);
  const b = slab.copyOf(new Float64Array([1 / 3, 2 / 3, 1, 4 / 3]));
  assert.deepEqual(a, Float32Array.from([0.1, 0.2, 0.3]));
  assert.deepEqual(b, Float32Array.from([1 / 3, 2 / 3, 1, 4 / 3]));
  assert.equal(a.buffer, b.buffer, 'both views share one block');
  b[0] = 9;
  assert.deepEqual(a, Float32Array.from([0.1, 0.2, 0.3]), 'writing one copy leaves the other alone');
  // 3 + 4 used of 10: the next 4 values start a new block, the old views stay intact.
  const c = slab.copyOf([5, 6, 7, 8]);
  assert.notEqual(c.buffer, a.buffer);
  assert.deepEqual(a, Float32Array.from([0.1, 0.2, 0.3]));
  assert.deepEqual(c, Float32Array.from([5, 6, 7, 8]));
  // Longer than a block: a plain copy of its own.
  const long = slab.copyOf(new Array(11).fill(2));
  assert.equal(long.length, 11);
  assert.equal(long.buffer.byteLength, 44);
});
