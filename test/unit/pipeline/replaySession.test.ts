import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { LivePipeline } from '../../../src/core/pipeline/livePipeline';
import { LABELS_26 } from '../../../src/core/model/profile';
import { ScriptedRunner, frame, handAt, logitsFor, profileWith, sessionOf } from './handFrames';

const small = profileWith({ windowSize: 2, smoothingWindow: 2 });

test('statuses, replies and throttling on a hand-computed session (window 2, smoothing 2)', async () => {
  // Window n puts probability ps[n] on class k[n].
  const ks = [1, 1, 1, 2];
  const ps = [0.6, 0.8, 0.9, 0.7];
  const runner = new ScriptedRunner(29, (n) => logitsFor(ks[n], ps[n], 29), 2 * 63);
  const frames = [
    frame(0, 0, handAt(0.1)), // buffering: default reply, first -> sent
    frame(1, 40, null), // no-hand
    frame(2, 80, handAt(0.2)), // window 0 -> smoothing (no reply)
    frame(3, 120, handAt(0.3)), // window 1 -> ready: mean B = 0.7, sent (letter changed, 120 ms)
    frame(4, 150, handAt(0.4)), // window 2 -> mean B = 0.85: 30 ms after -> held
    frame(5, 200, handAt(0.5)), // window 3 -> mean of windows 2 and 3
  ];
  const result = await replaySession(sessionOf(frames), small, runner, { batchSize: 3 });
  assert.deepEqual(
    result.frames.map((f) => f.status),
    ['buffering', 'no-hand', 'smoothing', 'ready', 'ready', 'ready'],
  );
  assert.equal(result.windows, 4);
  assert.deepEqual(runner.batchSizes, [3, 1], 'windows are batched');
  const [f0, f1, f2, f3, f4, f5] = result.frames;
  assert.deepEqual(f0.response, { maxarg_letter: 'A', target_arg_prob: 0 });
  assert.equal(f0.sent, true);
  assert.equal(f0.bufferFill, 1);
  assert.equal(f1.response, null);
  assert.equal(f1.sent, false);
  assert.equal(f1.bufferFill, 1);
  assert.equal(f2.response, null);
  assert.ok(f2.probs && Math.abs(f2.probs[1] - 0.6) < 1e-6);
  assert.equal(f2.smoothed, null);
  assert.equal(f2.smoothingFill, 1);
  assert.deepEqual(f3.response, { maxarg_letter: 'B', target_arg_prob: 0.7 });
  assert.equal(f3.sent, true);
  assert.ok(f3.smoothed && Math.abs(f3.smoothed[1] - 0.7) < 1e-6);
  assert.deepEqual(f4.response, { maxarg_letter: 'B', target_arg_prob: 0.85 });
  assert.equal(f4.sent, false, '30 ms after the last sent reply');
  // Window 2 (B 0.9, C 0.1/28) and window 3 (C 0.7, B 0.3/28): mean B = 0.45 + 0.15/28, C = 0.35 + 0.05/28.
  const b = (0.9 + 0.3 / 28) / 2;
  assert.equal(f5.response!.maxarg_letter, 'B');
  assert.ok(Math.abs(f5.response!.target_arg_prob - Math.round(b * 1e4) / 1e4) < 1e-12);
  assert.equal(f5.sent, true, '80 ms after, and 0.7 -> 0.46 moved more than 0.03');
});

test('the window the model sees holds the normalized frames, oldest first', async () => {
  const runner = new ScriptedRunner(29, () => logitsFor(0, 0.5, 29), 2 * 63);
  const a = handAt(0.1, 0.1);
  const b = handAt(0.3, 0.2);
  await replaySession(sessionOf([frame(0, 0, a), frame(1, 10, b)]), small, runner);
  const w = runner.windows[0];
  // handAt puts point 1 at wrist + spread * (cos 1, sin 1); the largest |value| is spread * max |cos p|, |sin p|.
  let max = 0;
  for (let p = 1; p < 21; p++) max = Math.max(max, Math.abs(Math.cos(p)), Math.abs(Math.sin(p)), (0.01 * p) / 0.1);
  assert.ok(Math.abs(w[3] - Math.cos(1) / max) < 1e-6, 'first frame, point 1 x');
  let max2 = 0;
  for (let p = 1; p < 21; p++) max2 = Math.max(max2, 0.2 * Math.abs(Math.cos(p)), 0.2 * Math.abs(Math.sin(p)), 0.01 * p);
  assert.ok(Math.abs(w[63 + 4] - (0.2 * Math.sin(1)) / max2) < 1e-6, 'second frame, point 1 y');
});

test('with the backend defaults the first reply after buffering needs 32 + 4 hand frames', async () => {
  const runner = new ScriptedRunner(29, () => logitsFor(3, 0.9, 29), 32 * 63);
  const frames = Array.from({ length: 40 }, (_, i) => frame(i, i * 100, handAt(0.2 + i * 0.001)));
  const result = await replaySession(sessionOf(frames), profileWith({}), runner);
  const statuses = result.frames.map((f) => f.status);
  assert.equal(statuses.lastIndexOf('buffering'), 30);
  assert.deepEqual(statuses.slice(31, 35), ['smoothing', 'smoothing', 'smoothing', 'smoothing']);
  assert.equal(statuses[35], 'ready');
  assert.deepEqual(result.frames[35].response, { maxarg_letter: 'D', target_arg_prob: 0.9 });
  assert.equal(result.frames[35].sent, true);
  // Buffering replies repeat the default: only the very first passes the throttle.
  assert.equal(result.frames.slice(0, 31).filter((f) => f.sent).length, 1);
});

test('a target change clears both buffers, resets the throttle and sends the default reply at once', async () => {
  const runner = new ScriptedRunner(29, () => logitsFor(2, 0.8, 29), 2 * 63);
  const frames = Array.from({ length: 8 }, (_, i) => frame(i, i * 100, handAt(0.1 + i * 0.01)));
  const result = await replaySession(sessionOf(frames, [{ t: 350, letter: 'B', beforeFrame: 4 }]), small, runner);
  assert.deepEqual(result.targetChanges, [
    { t: 350, letter: 'B', beforeFrame: 4, response: { maxarg_letter: 'A', target_arg_prob: 0 }, sent: true },
  ]);
  const f = result.frames;
  assert.deepEqual(f.map((x) => x.status), ['buffering', 'smoothing', 'ready', 'ready', 'buffering', 'smoothing', 'ready', 'ready']);
  assert.deepEqual(f[3].response, { maxarg_letter: 'C', target_arg_prob: 0.8 });
  assert.equal(f[3].target, null);
  assert.equal(f[4].bufferFill, 1, 'window buffer cleared');
  assert.equal(f[4].smoothingFill, 0, 'smoothing buffer cleared');
  assert.equal(f[4].target, 'B');
  assert.deepEqual(f[4].response, { maxarg_letter: 'A', target_arg_prob: 0 });
  assert.equal(f[4].sent, false, 'the default reply equals the forced one: not sent again');
  const rest = (1 - 0.8) / 28;
  assert.deepEqual(f[6].response, { maxarg_letter: 'C', target_arg_prob: Math.round(rest * 1e4) / 1e4 });
  assert.equal(f[6].sent, true, 'letter changed from the forced A, 250 ms later');
});

test('a per-frame 26-class model: no buffering, 26 labels, out-of-range target gives 0.0', async () => {
  const profile = profileWith({ windowSize: 1, smoothingWindow: 2, labels: [...LABELS_26], inputLayout: 'points' });
  const runner = new ScriptedRunner(26, () => logitsFor(25, 0.6, 26), 63);
  const frames = [frame(0, 0, handAt(0.1)), frame(1, 100, handAt(0.2)), frame(2, 200, handAt(0.3))];
  const result = await replaySession(sessionOf(frames, [{ t: 150, letter: 'a', beforeFrame: 2 }]), profile, runner);
  assert.deepEqual(result.frames.map((f) => f.status), ['smoothing', 'ready', 'smoothing']);
  assert.deepEqual(result.frames[1].response, { maxarg_letter: 'Z', target_arg_prob: 0.6 });
  const more = await replaySession(
    sessionOf([...frames, frame(3, 300, handAt(0.4))], [{ t: 150, letter: 'a', beforeFrame: 2 }]),
    profile,
    new ScriptedRunner(26, () => logitsFor(25, 0.6, 26), 63),
  );
  assert.deepEqual(more.frames[3].response, { maxarg_letter: 'Z', target_arg_prob: 0 });
});

test('the live pipeline gives the same results as replay for the same frames and target change', async () => {
  const script = (n: number) => logitsFor(n % 3, 0.5 + (n % 5) * 0.1, 29);
  const frames = Array.from({ length: 12 }, (_, i) => frame(i, i * 37, i === 5 ? null : handAt(0.1 + i * 0.02)));
  const targets = [{ t: 200, letter: 'C', beforeFrame: 6 }];
  const replay = await replaySession(sessionOf(frames, targets), small, new ScriptedRunner(29, script, 126), { batchSize: 4 });
  const live = new LivePipeline(small, new ScriptedRunner(29, script, 126));
  const liveFrames = [];
  const liveTargets = [];
  for (const f of frames) {
    if (f.index === 6) liveTargets.push(await live.setTarget('C', 200));
    liveFrames.push(await live.push(f.hands.length ? f.hands[0].landmarks : null, f.t));
  }
  assert.deepEqual(liveFrames, replay.frames);
  assert.deepEqual(liveTargets, replay.targetChanges);
});

test('live pushes made without awaiting are handled in order', async () => {
  const live = new LivePipeline(small, new ScriptedRunner(29, () => logitsFor(0, 0.9, 29), 126));
  const results = await Promise.all([0, 1, 2, 3].map((i) => live.push(handAt(0.1 * (i + 1)), i * 100)));
  assert.deepEqual(results.map((r) => r.frame), [0, 1, 2, 3]);
  assert.deepEqual(results.map((r) => r.status), ['buffering', 'smoothing', 'ready', 'ready']);
});

test('a runner returning the wrong number of values is reported, not silently misread', async () => {
  const bad = { classCount: 29, run: async () => new Float32Array(5) };
  await assert.rejects(
    replaySession(sessionOf([frame(0, 0, handAt(0.1)), frame(1, 1, handAt(0.2))]), small, bad),
    /returned 5 values for 1 windows, expected 29/,
  );
});

test('the decoder fills transcript and emitted without changing the backend outputs', async () => {
  const script = (n: number) => logitsFor(n < 4 ? 7 : 8, 0.9, 29);
  const frames = Array.from({ length: 9 }, (_, i) => frame(i, i * 100, handAt(0.1 + i * 0.01)));
  const withDecoder = await replaySession(
    sessionOf(frames),
    profileWith({ windowSize: 2, smoothingWindow: 2, decoder: { holdFrames: 2, minProb: 0.6 } }),
    new ScriptedRunner(29, script, 126),
  );
  const other = await replaySession(
    sessionOf(frames),
    profileWith({ windowSize: 2, smoothingWindow: 2, decoder: { holdFrames: 50, minProb: 0.99 } }),
    new ScriptedRunner(29, script, 126),
  );
  assert.deepEqual(withDecoder.frames.map((f) => f.emitted), [null, null, null, 'H', null, null, null, 'I', null]);
  assert.equal(withDecoder.frames[8].transcript, 'HI');
  assert.equal(other.frames[8].transcript, '');
  const parity = (r: typeof other) => r.frames.map((f) => [f.status, f.probs, f.smoothed, f.response, f.sent]);
  assert.deepEqual(parity(withDecoder), parity(other));
});

test('onFrames hands over each batch of finished frames; keepFrames false leaves the result without them', async () => {
  const ks = [1, 1, 1, 2];
  const ps = [0.6, 0.8, 0.9, 0.7];
  const frames = [frame(0, 0, handAt(0.1)), frame(1, 40, null), frame(2, 80, handAt(0.2)), frame(3, 120, handAt(0.3)), frame(4, 150, handAt(0.4)), frame(5, 200, handAt(0.5))];
  const kept = await replaySession(sessionOf(frames), small, new ScriptedRunner(29, (n) => logitsFor(ks[n], ps[n], 29), 2 * 63), { batchSize: 3 });
  const batches: number[][] = [];
  const handed: unknown[] = [];
  const dropped = await replaySession(sessionOf(frames), small, new ScriptedRunner(29, (n) => logitsFor(ks[n], ps[n], 29), 2 * 63), {
    batchSize: 3,
    keepFrames: false,
    onFrames: (finished) => {
      batches.push(finished.map((f) => f.frame));
      handed.push(...finished);
    },
  });
  assert.deepEqual(dropped.frames, []);
  assert.equal(dropped.windows, kept.windows);
  assert.deepEqual(dropped.targetChanges, kept.targetChanges);
  assert.deepEqual(handed, kept.frames, 'the frames handed over are the ones a kept result holds');
  assert.deepEqual(batches, [[0, 1, 2, 3, 4], [5]], 'one call per batch of 3 windows, in session order');
});

test('a runner that ignores the windows is handed none, and the replay is the same', async () => {
  const ks = [1, 1, 1, 2];
  const ps = [0.6, 0.8, 0.9, 0.7];
  const frames = [frame(0, 0, handAt(0.1)), frame(1, 40, null), frame(2, 80, handAt(0.2)), frame(3, 120, handAt(0.3)), frame(4, 150, handAt(0.4)), frame(5, 200, handAt(0.5))];
  const expected = await replaySession(sessionOf(frames), small, new ScriptedRunner(29, (n) => logitsFor(ks[n], ps[n], 29), 2 * 63), { batchSize: 2 });
  const handed: number[] = [];
  let next = 0;
  const blind = {
    classCount: 29,
    ignoresWindows: true,
    run: async (windows: Float32Array, count: number) => {
      handed.push(windows.length);
      const out = new Float32Array(count * 29);
      for (let i = 0; i < count; i++, next++) out.set(logitsFor(ks[next], ps[next], 29), i * 29);
      return out;
    },
  };
  const replayed = await replaySession(sessionOf(frames), small, blind, { batchSize: 2 });
  assert.deepEqual(handed, [0, 0], 'two batches, no window values');
  assert.deepEqual(replayed, expected);
});
