import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { analysisSummary } from '../../../src/core/pipeline/formatAnalysis';
import { frame, handAt, logitsFor, profileWith, ScriptedRunner, sessionOf } from './handFrames';
import { ManualClock, TestClient, startServer, until } from '../live/liveTestKit';

/** Non-finite values never pass silently: not as model input, not as model output, replay or live. */
const profile = profileWith({ windowSize: 4, smoothingWindow: 2 });
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'models');
const CLI = join(process.cwd(), 'bin', 'landmark-lens.js');

/** Finite landmarks whose normalization overflows: the wrist at x = -1e308 and point 20 at 1e308. */
function overflowingHand(): Float64Array {
  const hand = handAt(0.5);
  hand[0] = -1e308;
  hand[60] = 1e308;
  return hand;
}

test('a frame whose normalization overflows is an error naming the frame, replay and live; the live stream goes on', async () => {
  const frames = Array.from({ length: 10 }, (_, i) => frame(i, i * 33, i === 6 ? overflowingHand() : handAt(0.5 + i / 100)));
  const runner = new ScriptedRunner(29, () => logitsFor(2, 0.9, 29), 4 * 63);
  await assert.rejects(replaySession(sessionOf(frames), profile, runner), {
    message: 'frame 6: non-finite model input: point 20 x minus the wrist\'s (1e+308 - -1e+308) overflows',
  });
  assert.ok(runner.windows.every((w) => w.every(Number.isFinite)), 'the model never sees NaN');

  const clock = new ManualClock();
  const { server, url } = await startServer(new ScriptedRunner(29, () => logitsFor(2, 0.9, 29), 32 * 63), clock);
  try {
    const client = await TestClient.connect(url);
    const wire = (hand: Float64Array) => Array.from({ length: 21 }, (_, p) => [hand[p * 3], hand[p * 3 + 1], hand[p * 3 + 2]]);
    client.send({ landmarks: wire(overflowingHand()) });
    client.send({ landmarks: null, new_word_letter: 'B' });
    const [error, reset] = await client.waitReplies(2);
    assert.equal(error.error, 'frame 0: non-finite model input: point 20 x minus the wrist\'s (1e+308 - -1e+308) overflows; the frame was skipped');
    assert.deepEqual(reset, { maxarg_letter: 'A', target_arg_prob: 0 });
    assert.equal(server.figures().errors, 1);
    client.close();
  } finally {
    await server.stop();
  }
});

test('a window whose model output is NaN counts as uniform and is reported; smoothing and the throttle stay sound', async () => {
  const frames = Array.from({ length: 12 }, (_, i) => frame(i, i * 100, handAt(0.5 + i / 100)));
  const runner = new ScriptedRunner(29, (n) => (n === 2 ? [NaN, ...logitsFor(2, 0.9, 29).slice(1)] : logitsFor(2, 0.9, 29)), 4 * 63);
  const result = await replaySession(sessionOf(frames), profile, runner);
  const bad = result.frames[5];
  assert.equal(bad.problem, 'non-finite model output: NaN for class A; the window counted as uniform');
  assert.ok(bad.probs!.every((p) => Math.abs(p - 1 / 29) < 1e-7));
  for (const f of result.frames) for (const p of [...(f.probs ?? []), ...(f.smoothed ?? [])]) assert.ok(Number.isFinite(p));
  assert.ok(result.frames.slice(7).some((f) => f.sent && f.response?.maxarg_letter === 'C'), 'replies go on after the bad window');
  const summary = analysisSummary(result, { profile, sources: {} as never, warnings: [] }, 'm.onnx');
  assert.equal(summary.nonFinite, 1);
  assert.deepEqual(summary.problems, [`frame 5: ${bad.problem}`]);
});

test('inspect-model warns when a test run of the model gives NaN and Infinity', () => {
  const model = join(FIXTURES, 'nonfinite-29.onnx');
  const inspect = spawnSync(process.execPath, [CLI, 'inspect-model', model], { encoding: 'utf8' });
  assert.equal(inspect.status, 0, inspect.stderr);
  assert.match(inspect.stdout, /warning: a test run of the model gave a non-finite output \(NaN for class A\)/);
});

test('live: a frame whose model output is NaN gets an {"error"} naming the frame, counted; the stream goes on', async () => {
  let calls = 0;
  const nanOnce = { classCount: 29, run: async (_w: Float32Array, count: number) => {
    const out = new Float32Array(count * 29);
    for (let b = 0; b < count; b++) out.set(logitsFor(1, 0.9, 29), b * 29);
    if (calls++ === 0) out[0] = NaN;
    return out;
  } };
  const clock = new ManualClock();
  const { server, url } = await startServer(nanOnce, clock);
  try {
    const client = await TestClient.connect(url);
    const hand = Array.from({ length: 21 }, (_, p) => [0.5 + p / 100, 0.5, 0]);
    for (let i = 0; i < 40; i++) {
      clock.now = i * 100;
      client.send({ landmarks: hand });
      await new Promise((r) => setTimeout(r, 2));
    }
    await until(() => client.replies.some((r) => r.maxarg_letter === 'B'), 'a reply after the bad window');
    const error = client.replies.find((r) => r.error)?.error ?? '';
    assert.match(error, /^frame 31: non-finite model output: NaN for class A; the window counted as uniform$/);
    assert.equal(client.replies[0].maxarg_letter, 'A');
    assert.ok(server.figures().errors >= 1);
    client.close();
  } finally {
    await server.stop();
  }
});
