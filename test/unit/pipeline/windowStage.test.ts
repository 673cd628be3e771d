import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WindowStage } from '../../../src/core/pipeline/windowStage';
import { hasWindow } from '../../../src/core/pipeline/frameState';

/** A raw frame whose first value is `id`, so windows can be read back with normalization 'none'. */
function tagged(id: number): Float64Array {
  const v = new Float64Array(63);
  v[0] = id;
  return v;
}

test('no-hand frames are skipped: nothing buffered', () => {
  const stage = new WindowStage({ windowSize: 3, smoothingWindow: 2, normalization: 'none' });
  assert.deepEqual(stage.push(null), { status: 'no-hand', bufferFill: 0, smoothingFill: 0, target: null });
  assert.deepEqual(stage.push(tagged(1)), { status: 'buffering', bufferFill: 1, smoothingFill: 0, target: null });
  assert.deepEqual(stage.push(null), { status: 'no-hand', bufferFill: 1, smoothingFill: 0, target: null });
  assert.deepEqual(stage.push(tagged(2)), { status: 'buffering', bufferFill: 2, smoothingFill: 0, target: null });
  assert.deepEqual(stage.push(tagged(3)), { status: 'smoothing', bufferFill: 3, smoothingFill: 1, target: null });
  assert.deepEqual(stage.push(null), { status: 'no-hand', bufferFill: 3, smoothingFill: 1, target: null });
  assert.deepEqual(stage.push(tagged(4)), { status: 'ready', bufferFill: 3, smoothingFill: 2, target: null });
});

test('windows slide with stride 1, oldest frame first', () => {
  const stage = new WindowStage({ windowSize: 3, smoothingWindow: 5, normalization: 'none' });
  const out = new Float32Array(3 * 63);
  const seen: number[][] = [];
  for (let id = 1; id <= 5; id++) {
    if (hasWindow(stage.push(tagged(id)))) {
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
  const stage = new WindowStage({ windowSize: 32, smoothingWindow: 5, normalization: 'wrist-maxabs' });
  const statuses: string[] = [];
  for (let i = 0; i < 37; i++) statuses.push(stage.push(tagged(i)).status);
  assert.equal(statuses.filter((k) => k === 'buffering').length, 31);
  assert.deepEqual(statuses.slice(31), ['smoothing', 'smoothing', 'smoothing', 'smoothing', 'ready', 'ready']);
});

test('a target change empties the buffer and sets the target in force', () => {
  const stage = new WindowStage({ windowSize: 2, smoothingWindow: 1, normalization: 'none' });
  stage.push(tagged(1));
  assert.equal(stage.push(tagged(2)).status, 'ready');
  stage.changeTarget('b');
  assert.equal(stage.target, 'b');
  assert.deepEqual(stage.push(tagged(3)), { status: 'buffering', bufferFill: 1, smoothingFill: 0, target: 'b' });
  assert.throws(() => stage.writeWindow(new Float32Array(126), 0), /not full/);
});

test('a per-frame model (windowSize 1) makes a window from every hand frame', () => {
  const stage = new WindowStage({ windowSize: 1, smoothingWindow: 1, normalization: 'none' });
  assert.ok(hasWindow(stage.push(tagged(1))));
  assert.equal(stage.push(null).status, 'no-hand');
  assert.ok(hasWindow(stage.push(tagged(2))));
});
