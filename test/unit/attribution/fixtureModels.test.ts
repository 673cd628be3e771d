// Occlusion attribution through the real model host, on fixture models whose answer is known by
// construction (models/training/make_test_models.py): one looks at landmark 8 only, one at the last frame only.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { attributeWindow, noWindowReason } from '../../../src/core/attribution/attributeWindow';
import { occlusionScores, predictedClass } from '../../../src/core/attribution/occlusion';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { readSession } from '../../../src/core/session/readSession';
import { ModelHostClient } from '../../../src/modelhost/client';
import { findHostScript } from '../../../src/modelhost/hostScript';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import type { ModelRunner } from '../../../src/core/pipeline/types';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'models');
const client = new ModelHostClient({ hostScript: findHostScript(), intraOpThreads: 1 });
after(() => client.dispose());

/** Counts the runner's calls, so the tests see the attribution is one batch. */
function counting(runner: ModelRunner): ModelRunner & { calls: number[] } {
  const calls: number[] = [];
  return { classCount: runner.classCount, calls, run: (w, n) => (calls.push(n), runner.run(w, n)) };
}

async function setUp(model: string) {
  const loaded = await loadModelWithProfile(client, join(FIXTURES, model));
  const { profile } = loaded.resolved;
  const session = await readSession(join(FIXTURES, 'session-a.landmarks.jsonl'));
  return { profile, session, runner: counting(client.createRunner(profile, 64)) };
}

const largestAt = (values: Float32Array) => values.reduce((best, v, i) => (Math.abs(v) > Math.abs(values[best]) ? i : best), 0);

test('a model that looks at landmark 8 only: landmark 8 carries the attribution, the others zero', async () => {
  const { profile, session, runner } = await setUp('one-landmark-8-29.onnx');
  for (const frame of [40, 50, 69]) {
    const a = await attributeWindow(session, profile, runner, frame);
    assert.ok(a, `a window ends at frame ${frame}`);
    assert.deepEqual(runner.calls.at(-1), 54, 'baseline, 21 landmarks and 32 frames in one call');
    for (const cls of [predictedClass(a), 0, 17]) {
      const s = occlusionScores(a, cls);
      assert.equal(largestAt(s.landmarks), 8, `frame ${frame}, class ${cls}: ${Array.from(s.landmarks).map((v) => v.toFixed(4))}`);
      assert.ok(Math.abs(s.landmarks[8]) > 1e-3, `frame ${frame}, class ${cls}: landmark 8's drop ${s.landmarks[8]} is not negligible`);
      s.landmarks.forEach((v, p) => p !== 8 && assert.ok(Math.abs(v) < 1e-6, `frame ${frame}, class ${cls}: landmark ${p} has ${v}`));
    }
  }
  assert.equal(runner.calls.length, 3);
});

test('a model that looks at the last frame only: the last frame carries the attribution, the others zero', async () => {
  const { profile, session, runner } = await setUp('last-frame-29.onnx');
  for (const frame of [33, 50, 119]) {
    const a = await attributeWindow(session, profile, runner, frame);
    assert.ok(a);
    assert.equal(a.windowFrames.length, 32);
    assert.equal(a.windowFrames[31], frame, 'the window ends at the frame');
    const s = occlusionScores(a, predictedClass(a));
    assert.equal(largestAt(s.frames), 31, `frame ${frame}: ${Array.from(s.frames).map((v) => v.toFixed(4))}`);
    assert.ok(Math.abs(s.frames[31]) > 1e-3, `frame ${frame}: the last frame's drop ${s.frames[31]}`);
    s.frames.forEach((v, f) => f !== 31 && assert.ok(Math.abs(v) < 1e-6, `frame ${frame}: window frame ${f} has ${v}`));
  }
});

test("the baseline is the window distribution analyze gives at that frame", async () => {
  const { profile, session, runner } = await setUp('seq-flat-29.onnx');
  const replay = await replaySession(session, profile, runner, { batchSize: 16 });
  let checked = 0;
  for (const frame of [31, 45, 58, 101, 119]) {
    const result = replay.frames[frame];
    const a = await attributeWindow(session, profile, runner, frame);
    assert.equal(a !== null, result.probs !== null, `frame ${frame} (${result.status})`);
    if (!a || !result.probs) continue;
    for (let c = 0; c < 29; c++) assert.ok(Math.abs(a.probs[c] - result.probs[c]) < 1e-6, `frame ${frame}, class ${c}`);
    checked++;
  }
  assert.ok(checked >= 3, `${checked} frames compared`);
  // session-a: no hand at 55 and 56, a target change before 70 (the buffer restarts).
  assert.equal(await attributeWindow(session, profile, runner, 56), null);
  assert.match(noWindowReason(session, 32, 56)!, /frame 56 has no hand/);
  assert.match(noWindowReason(session, 32, 80)!, /buffer holds 11 of 32 hand frames since the target change before frame 70/);
  assert.match(noWindowReason(session, 32, 5)!, /buffer holds 6 of 32 hand frames since the start of the session/);
  assert.match(noWindowReason(session, 32, 120)!, /frame 120 is out of range: the session has frames 0-119/);
  assert.equal(noWindowReason(session, 32, 50), null);
});

test('a per-frame model: 22 windows, no frame attribution', async () => {
  const loaded = await loadModelWithProfile(client, join(FIXTURES, 'per-frame-26.onnx'));
  const session = await readSession(join(FIXTURES, 'session-a.landmarks.jsonl'));
  const runner = counting(client.createRunner(loaded.resolved.profile, 64));
  const a = await attributeWindow(session, loaded.resolved.profile, runner, 3);
  assert.ok(a);
  assert.deepEqual(runner.calls, [22]);
  const s = occlusionScores(a, predictedClass(a));
  assert.equal(s.frames.length, 0);
  assert.ok(s.landmarks.some((v) => Math.abs(v) > 1e-4), 'some landmark matters to a model that sees them all');
});
