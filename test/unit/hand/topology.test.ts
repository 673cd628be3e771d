import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BONES, FINGERS, POINT_COUNT, POINT_NAMES } from '../../../src/core/hand/topology';

test('the hand has 21 named points and 21 bones joining valid points', () => {
  assert.equal(POINT_NAMES.length, POINT_COUNT);
  assert.equal(BONES.length, 21);
  for (const [a, b] of BONES) {
    assert.ok(a >= 0 && a < POINT_COUNT && b >= 0 && b < POINT_COUNT, `bone ${a}-${b}`);
  }
  const tips = Object.values(FINGERS).map((f) => f[f.length - 1]);
  assert.deepEqual(tips, [4, 8, 12, 16, 20]);
});
