import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveMeter, summarize } from '../../../src/core/live/liveMeter';

function meter(base: number, latencies: number[]): LiveMeter {
  const m = new LiveMeter(1000);
  for (let i = 0; i < base; i++) m.noteArrival(10_000 + i);
  Object.assign(m, { processed: base - 1, dropped: 1, errors: 2, repliesSent: 3, repliesThrottled: 4, undecodable: 5, cameraFrames: 6, noHand: 7 });
  for (const ms of latencies) m.noteLatency(ms);
  return m;
}

test('totals over clients add every counter and pool the latency samples', () => {
  const a = meter(10, [1, 2, 3]);
  const b = meter(20, [10, 20]);
  const total = summarize([a, b], 10_020);
  assert.deepEqual(
    [total.received, total.processed, total.dropped, total.errors, total.repliesSent, total.repliesThrottled, total.undecodable, total.cameraFrames, total.noHand],
    [30, 28, 2, 4, 6, 8, 10, 12, 14],
  );
  assert.equal(total.latencyP50Ms, 3);
  assert.equal(total.latencyP99Ms, 20);
  assert.ok(Number.isNaN(total.detectorP50Ms), 'no camera frames, no detector time');
});

test('a meter that absorbs a departed client keeps its totals and samples', () => {
  const kept = meter(10, [5]);
  kept.absorb(meter(20, [50, 60]));
  const figures = kept.figures(10_020);
  assert.equal(figures.received, 30);
  assert.equal(figures.noHand, 14);
  assert.equal(figures.latencyP99Ms, 60);
});
