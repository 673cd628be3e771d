import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoalescingRunner } from '../../../src/core/live/coalescingRunner';
import type { ModelRunner } from '../../../src/core/pipeline/types';

/** Returns, per window, [first value, window length, batch size]; holds each call until released. */
class RecordingModel implements ModelRunner {
  readonly classCount = 3;
  readonly batches: number[] = [];
  private releases: (() => void)[] = [];
  failNext = false;

  async run(windows: Float32Array, count: number): Promise<Float32Array> {
    this.batches.push(count);
    await new Promise<void>((r) => this.releases.push(r));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('model failed');
    }
    const size = windows.length / count;
    const out = new Float32Array(count * 3);
    for (let i = 0; i < count; i++) out.set([windows[i * size], size, count], i * 3);
    return out;
  }

  releaseOne(): void {
    this.releases.shift()?.();
  }

  get pending(): number {
    return this.releases.length;
  }
}

const tick = () => new Promise((r) => setImmediate(r));

test('windows arriving while the model is busy run together as one batch, each getting its own row', async () => {
  const model = new RecordingModel();
  const runner = new CoalescingRunner(model);
  const window = (v: number) => new Float32Array(6).fill(v);
  const first = runner.run(window(1), 1);
  await tick();
  assert.deepEqual(model.batches, [1], 'an idle model runs a window at once');
  const reused = window(2);
  const others = [runner.run(reused, 1), runner.run(window(3), 1), runner.run(window(4), 1)];
  reused.fill(99); // the caller reuses its buffer: the runner kept a copy
  model.releaseOne();
  assert.deepEqual([...(await first)], [1, 6, 1]);
  await tick();
  assert.deepEqual(model.batches, [1, 3]);
  model.releaseOne();
  const rows = await Promise.all(others);
  assert.deepEqual(rows.map((r) => [...r]), [[2, 6, 3], [3, 6, 3], [4, 6, 3]]);
  assert.equal(runner.calls, 2);
  assert.equal(runner.windows, 4);
});

test('batches stop at maxBatch, and a failure rejects only the windows of that batch', async () => {
  const model = new RecordingModel();
  const runner = new CoalescingRunner(model, 2);
  const w = () => new Float32Array(6);
  const a = runner.run(w(), 1);
  await tick();
  const rest = [runner.run(w(), 1), runner.run(w(), 1), runner.run(w(), 1)];
  model.failNext = true;
  model.releaseOne();
  await assert.rejects(a, /model failed/);
  await tick();
  assert.deepEqual(model.batches, [1, 2]);
  model.releaseOne();
  await tick();
  assert.deepEqual(model.batches, [1, 2, 1]);
  model.releaseOne();
  const rows = await Promise.all(rest);
  assert.deepEqual(rows.map((r) => r[2]), [2, 2, 1]);
  assert.equal(model.pending, 0);
});

test('with two models, the second takes the waiting windows only once enough have gathered, and rows stay with their windows', async () => {
  const first = new RecordingModel();
  const second = new RecordingModel();
  const runner = new CoalescingRunner([first, second], { maxBatch: 8, spareMinBatch: 3 });
  const window = (v: number) => new Float32Array(6).fill(v);
  const a = runner.run(window(1), 1);
  await tick();
  assert.deepEqual([first.batches, second.batches], [[1], []], 'an idle first model runs a window at once');
  const b = runner.run(window(2), 1);
  const c = runner.run(window(3), 1);
  await tick();
  assert.deepEqual(second.batches, [], 'two windows wait for a model to finish rather than start the second');
  const d = runner.run(window(4), 1);
  await tick();
  assert.deepEqual(second.batches, [3], 'the third window starts the second model with all three');
  const e = runner.run(window(5), 1);
  first.releaseOne();
  assert.deepEqual([...(await a)], [1, 6, 1]);
  await tick();
  assert.deepEqual(first.batches, [1, 1], 'the first model takes what waits as soon as it is free');
  second.releaseOne();
  first.releaseOne();
  const rows = await Promise.all([b, c, d, e]);
  assert.deepEqual(rows.map((r) => [...r]), [[2, 6, 3], [3, 6, 3], [4, 6, 3], [5, 6, 1]]);
  assert.equal(runner.calls, 3);
  assert.equal(runner.windows, 5);
});

test('a failure on one model rejects only its own batch while the other model answers', async () => {
  const first = new RecordingModel();
  const second = new RecordingModel();
  const runner = new CoalescingRunner([first, second], { spareMinBatch: 1 });
  const w = () => new Float32Array(6);
  const a = runner.run(w(), 1);
  const b = runner.run(w(), 1);
  await tick();
  assert.deepEqual([first.batches, second.batches], [[1], [1]]);
  first.failNext = true;
  first.releaseOne();
  second.releaseOne();
  await assert.rejects(a, /model failed/);
  assert.deepEqual([...(await b)], [0, 6, 1]);
});
