import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectIds } from '../../../src/webview/objectIds';

test('an object keeps its number, another object gets a new one, and none is 0', () => {
  const ids = new ObjectIds();
  const a = {};
  const b = new Float32Array(2);
  const first = ids.of(a);
  assert.ok(first > 0);
  assert.equal(ids.of(a), first, 'the same object, the same number');
  assert.notEqual(ids.of(b), first, 'another object, another number');
  assert.equal(ids.of(null), 0);
  assert.equal(ids.of(undefined), 0);
  assert.equal(ids.of(3), 0);
});
