// The replay worker's attribution queue: one runs, the newest waits, the ones it replaced are answered stale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributionQueue } from '../../../src/replayworker/attributionQueue';
import type { AttributionOutcome } from '../../../src/replayworker/protocol';

test('requests arriving while one runs: only the newest runs next, the others are answered stale without running', async () => {
  const queue = new AttributionQueue();
  const ran: number[] = [];
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const run = (frame: number) => async (): Promise<AttributionOutcome> => {
    ran.push(frame);
    if (frame === 1) await gate;
    return { frame, reason: `ran ${frame}` };
  };
  const answers = [1, 2, 3, 4].map((f) => queue.request(f, run(f)));
  assert.deepEqual(await answers[1], { frame: 2, stale: true });
  assert.deepEqual(await answers[2], { frame: 3, stale: true });
  release();
  assert.deepEqual(await answers[0], { frame: 1, reason: 'ran 1' });
  assert.deepEqual(await answers[3], { frame: 4, reason: 'ran 4' });
  assert.deepEqual(ran, [1, 4]);
  assert.deepEqual(await queue.request(5, run(5)), { frame: 5, reason: 'ran 5' }, 'an idle queue runs at once');
});

test('clear answers the waiting request stale (the document closed)', async () => {
  const queue = new AttributionQueue();
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const first = queue.request(1, async () => (await gate, { frame: 1, reason: 'ran' }));
  const second = queue.request(2, async () => ({ frame: 2, reason: 'must not run' }));
  queue.clear();
  assert.deepEqual(await second, { frame: 2, stale: true });
  release();
  assert.deepEqual(await first, { frame: 1, reason: 'ran' });
});
