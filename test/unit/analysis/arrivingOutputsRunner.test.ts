import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArrivingOutputsRunner } from '../../../src/analysis/arrivingOutputsRunner';

const settled = async (p: Promise<unknown>) => {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  return done;
};

test('the sequential pass gets each batch once all its windows have arrived, in any order', async () => {
  const outputs = Float32Array.from({ length: 6 * 2 }, (_, i) => i);
  const runner = new ArrivingOutputsRunner(2, outputs);
  const first = runner.run(new Float32Array(0), 2);
  const second = runner.run(new Float32Array(0), 3);
  runner.arrived([1, 2, 3]);
  assert.equal(await settled(first), false, 'window 0 has not arrived');
  runner.arrived([0]);
  assert.deepEqual(await first, Float32Array.from([0, 1, 2, 3]));
  assert.equal(await settled(second), false, 'window 4 has not arrived');
  runner.arrived([5, 4]);
  assert.deepEqual(await second, Float32Array.from([4, 5, 6, 7, 8, 9]));
  assert.deepEqual(await runner.run(new Float32Array(0), 1), Float32Array.from([10, 11]), 'already arrived: at once');
  await assert.rejects(runner.run(new Float32Array(0), 1), /asked for window 7 but the window pass listed 6/);
});

test('a failed inference rejects the calls waiting and every later one', async () => {
  const runner = new ArrivingOutputsRunner(3, new Float32Array(4 * 3));
  const waiting = runner.run(new Float32Array(0), 2);
  runner.fail(new Error('host 2 crashed'));
  await assert.rejects(waiting, /host 2 crashed/);
  await assert.rejects(runner.run(new Float32Array(0), 1), /host 2 crashed/);
});
