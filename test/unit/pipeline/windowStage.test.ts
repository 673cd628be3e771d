import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowStage } from '../../../src/core/pipeline/windowStage';

/** A raw frame whose first value is `id`, so windows can be read back with normalization 'none'. */
function tagged(id: number): Float64Array {
  const v = new Float64Array(63);
  v[0] = id;
  return v;
}

test('no-hand frames are skipped: nothing buffered', () => {
  const stage = new WindowStage({ windowSize: 3, normalization: 'none' });
  assert.deepEqual(stage.push(null), { kind: 'no-hand', bufferFill: 0 });
  assert.deepEqual(stage.push(tagged(1)), { kind: 'buffering', bufferFill: 1 });
  assert.deepEqual(stage.push(null), { kind: 'no-hand', bufferFill: 1 });
  assert.deepEqual(stage.push(tagged(2)), { kind: 'buffering', bufferFill: 2 });
  assert.deepEqual(stage.push(tagged(3)), { kind: 'window', bufferFill: 3 });
});

test('windows slide with stride 1, oldest frame first', () => {
  const stage = new WindowStage({ windowSize: 3, normalization: 'none' });
  const out = new Float32Array(3 * 63);
  const seen: number[][] = [];
  for (let id = 1; id <= 5; id++) {
    if (stage.push(tagged(id)).kind === 'window') {
      stage.writeWindow(out, 0);
      seen.push([out[0], out[63], out[126]]);
    }
  }
  assert.deepEqual(seen, [
    [1, 2, 3],
    [2, 3, 4],
    [3, 4, 5],
  ]);
});

test('the default 32-frame buffer makes its first window on the 32nd hand frame', () => {
  const stage = new WindowStage({ windowSize: 32, normalization: 'wrist-maxabs' });
  const kinds: string[] = [];
  for (let i = 0; i < 33; i++) kinds.push(stage.push(tagged(i)).kind);
  assert.equal(kinds.filter((k) => k === 'buffering').length, 31);
  assert.equal(kinds[31], 'window');
  assert.equal(kinds[32], 'window');
});

test('reset empties the buffer (the target change)', () => {
  const stage = new WindowStage({ windowSize: 2, normalization: 'none' });
  stage.push(tagged(1));
  stage.push(tagged(2));
  stage.reset();
  assert.deepEqual(stage.push(tagged(3)), { kind: 'buffering', bufferFill: 1 });
  assert.throws(() => stage.writeWindow(new Float32Array(126), 0), /not full/);
});

test('a per-frame model (windowSize 1) makes a window from every hand frame', () => {
  const stage = new WindowStage({ windowSize: 1, normalization: 'none' });
  assert.equal(stage.push(tagged(1)).kind, 'window');
  assert.equal(stage.push(null).kind, 'no-hand');
  assert.equal(stage.push(tagged(2)).kind, 'window');
});
