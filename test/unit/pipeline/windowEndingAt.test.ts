// windowEndingAt against the windows replaySession really hands the model, frame by frame.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowEndingAt } from '../../../src/core/pipeline/windowEndingAt';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { BACKEND_DEFAULT_PROFILE } from '../../../src/core/model/profile';
import type { ModelRunner } from '../../../src/core/pipeline/types';
import type { Session } from '../../../src/core/session/types';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';

/** Records every window replaySession asks the model for, in order. */
function recorder(): ModelRunner & { windows: Float32Array[] } {
  const windows: Float32Array[] = [];
  return {
    classCount: 29,
    windows,
    async run(batch, count) {
      const length = batch.length / count;
      for (let i = 0; i < count; i++) windows.push(batch.slice(i * length, (i + 1) * length));
      return new Float32Array(count * 29);
    },
  };
}

async function checkEveryFrame(session: Session, windowSize: number): Promise<number> {
  const profile = { ...BACKEND_DEFAULT_PROFILE, windowSize };
  const model = recorder();
  const replay = await replaySession(session, profile, model, { batchSize: 17 });
  const out = new Float32Array(windowSize * 63 + 5);
  let k = 0;
  for (const result of replay.frames) {
    const hasWindow = result.status === 'smoothing' || result.status === 'ready';
    out.fill(-7);
    const written = windowEndingAt(session, profile, result.frame, out, 5);
    assert.equal(written, hasWindow, `frame ${result.frame} (${result.status}): window written ${written}`);
    if (!hasWindow) continue;
    assert.deepEqual(out.subarray(5), model.windows[k], `frame ${result.frame}: the window differs from replaySession's`);
    assert.deepEqual(Array.from(out.subarray(0, 5)), [-7, -7, -7, -7, -7], 'nothing written before the offset');
    k++;
  }
  assert.equal(k, model.windows.length);
  return k;
}

test('every window of a session with dropped hands equals the one replaySession runs', async () => {
  const { session } = synthesizeFingerspelling('HELLO WORLD', { seed: 4 });
  assert.ok(session.frames.some((f) => f.hands.length === 0), 'the session has frames without a hand');
  assert.ok((await checkEveryFrame(session, 32)) > 100);
});

test('target changes clear the buffer: windows restart 32 hand frames after each', async () => {
  const { session } = synthesizeFingerspelling('BAD', { seed: 5, practice: true });
  assert.ok(session.targets.length >= 3, 'practice mode announces each letter');
  assert.ok((await checkEveryFrame(session, 32)) > 30);
  // A short window size on the same session: more windows, same agreement.
  await checkEveryFrame(session, 5);
});

test('frames out of range, or without a hand, have no window', () => {
  const { session } = synthesizeFingerspelling('AB', { seed: 6 });
  const out = new Float32Array(32 * 63);
  assert.equal(windowEndingAt(session, BACKEND_DEFAULT_PROFILE, -1, out, 0), false);
  assert.equal(windowEndingAt(session, BACKEND_DEFAULT_PROFILE, session.frames.length, out, 0), false);
  assert.equal(windowEndingAt(session, BACKEND_DEFAULT_PROFILE, 10, out, 0), false, 'fewer than 32 frames so far');
  const noHand = { ...session, frames: session.frames.map((f, i) => (i === 100 ? { ...f, hands: [] } : f)) };
  assert.equal(windowEndingAt(noHand, BACKEND_DEFAULT_PROFILE, 100, out, 0), false);
  assert.equal(windowEndingAt(noHand, BACKEND_DEFAULT_PROFILE, 101, out, 0), true, 'the next frame has a window again');
});
