import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { replyColumns, replyPass, distributionsFor, PASS_READY, STEP_WINDOW, type ReplyColumns, type TargetChoice } from '../../../src/core/pipeline/replyPass';
import { windowOutputsOf } from '../../../src/core/pipeline/windowOutputsOf';
import { encodeResults } from '../../../src/protocol/encode';
import { readSession } from '../../../src/core/session/readSession';
import type { PipelineProfile } from '../../../src/core/model/profile';
import type { ReplayResult } from '../../../src/core/pipeline/types';
import type { Session } from '../../../src/core/session/types';
import { ScriptedRunner, frame, handAt, profileWith, sessionOf } from './handFrames';

const CLASSES = 29;

/** Logits that wander between a few letters, with ties and near-ties, so the throttle and decoder have work. */
function wanderingLogits(n: number): number[] {
  const lead = Math.floor(n / 23) % 6;
  const out: number[] = [];
  for (let k = 0; k < CLASSES; k++) {
    const x = Math.sin(n * 0.37 + k * 1.7) * 0.8;
    out.push(k === lead ? 3 + Math.sin(n * 0.11) * 2 : k === (lead + 1) % 6 ? 2.5 + Math.cos(n * 0.13) * 2 : x);
  }
  if (n % 41 === 0) out[3] = out[lead]; // an exact tie: argmax takes the first
  return out;
}

async function replay(session: Pick<Session, 'frames' | 'targets'>, profile: PipelineProfile, initialTarget: string | null = null): Promise<ReplayResult> {
  return replaySession(session, profile, new ScriptedRunner(CLASSES, wanderingLogits, profile.windowSize * 63), { batchSize: 17, initialTarget });
}

/** The first largest of values[from, from + n), as frame accuracy picks a row's prediction. */
function firstLargest(values: Float32Array, from: number, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (values[from + k] > values[from + best]) best = k;
  return best;
}

/** Asserts the pass's columns equal the sequential replay's results, frame by frame, field by field. */
function assertSameAsReplay(columns: ReplyColumns, expected: ReplayResult, labels: readonly string[], what: string): void {
  const message = encodeResults(expected.frames, 0, labels);
  const n = expected.frames.length;
  assert.equal(columns.frameCount, n);
  for (let f = 0; f < n; f++) {
    const r = expected.frames[f];
    const at = `${what}, frame ${f}`;
    assert.equal(columns.status[f], message.status[f], `${at}: status`);
    assert.equal(columns.smoothingFill[f], r.smoothingFill, `${at}: smoothingFill`);
    assert.equal(columns.replyLetter[f], message.replyLetter![f], `${at}: reply letter`);
    if (r.response) assert.equal(columns.replyProb[f], r.response.target_arg_prob, `${at}: reply probability`);
    else assert.ok(Number.isNaN(columns.replyProb[f]), `${at}: no reply`);
    assert.equal(columns.sent[f] === 1, r.sent, `${at}: sent`);
    assert.equal(columns.emitted[f], message.emitted![f], `${at}: emitted`);
    assert.equal(columns.target[f], message.target[f], `${at}: target`);
    for (let k = 0; k < CLASSES; k++) {
      const a = columns.smoothed[f * CLASSES + k];
      const b = message.smoothed![f * CLASSES + k];
      assert.ok(Object.is(a, b), `${at}: smoothed[${k}] ${a} !== ${b}`);
    }
    assert.equal(columns.smoothing!.bestStored[f], message.status[f] === PASS_READY ? firstLargest(columns.smoothed, f * CLASSES, CLASSES) : -1, `${at}: argmax of the stored row`);
  }
  assert.deepEqual(columns.transcript, message.transcript, `${what}: transcript changes`);
  assert.equal(columns.finalTranscript, n ? expected.frames[n - 1].transcript : '');
  assert.equal(columns.repliesSent, expected.frames.filter((r) => r.sent).length, `${what}: replies sent`);
  assert.deepEqual(
    columns.targetReplies.map((r) => [r.frame, r.t, r.reply]),
    expected.targetChanges.map((c) => [c.beforeFrame, c.t, c.response]),
    `${what}: target replies`,
  );
}

const KNOB_SETS: Array<[string, Partial<PipelineProfile>]> = [
  ['the backend defaults', {}],
  ['smoothing 1', { smoothingWindow: 1 }],
  ['smoothing 9, throttle 0 ms', { smoothingWindow: 9, throttleMs: 0 }],
  ['throttle 250 ms and delta 0.2', { throttleMs: 250, throttleDelta: 0.2 }],
  ['decoder hold 3, min 0.3', { decoder: { holdFrames: 3, minProb: 0.3 } }],
  ['decoder hold 20, min 0.8, smoothing 3', { smoothingWindow: 3, decoder: { holdFrames: 20, minProb: 0.8 } }],
];

test('every smoothing window from 1 to 10 gives what the sequential replay gives (the sums written out per window and the loop past eight)', async () => {
  const session = await readSession(join('samples', 'practice-targets.landmarks.jsonl'));
  const analysed = await replay(session, profileWith({ softmax: 'never' }));
  const outputs = windowOutputsOf(analysed.frames, analysed.targetChanges, CLASSES, 'never');
  const into = replyColumns(outputs.frameCount, CLASSES);
  for (let smoothingWindow = 1; smoothingWindow <= 10; smoothingWindow++) {
    const profile = profileWith({ softmax: 'always', smoothingWindow });
    replyPass(outputs, profile, { into });
    assertSameAsReplay(into, await replay(session, profile), profile.labels, `smoothing ${smoothingWindow}`);
  }
});

for (const sample of ['hello-world', 'practice-targets', 'asl-hand']) {
  test(`${sample}: the reply pass gives what the sequential replay gives, for every knob set`, async () => {
    const session = await readSession(join('samples', `${sample}.landmarks.jsonl`));
    const base = profileWith({ softmax: 'never' });
    const analysed = await replay(session, base);
    // The model's outputs as they came (policy 'never'), gathered once as the panel holds them.
    const outputs = windowOutputsOf(analysed.frames, analysed.targetChanges, CLASSES, 'never');
    const into = replyColumns(outputs.frameCount, CLASSES);
    let throttled = 0;
    for (const softmax of ['never', 'always'] as const) {
      for (const [name, knobs] of KNOB_SETS) {
        const profile = profileWith({ ...knobs, softmax });
        const expected = await replay(session, profile);
        throttled += expected.frames.filter((r) => r.response && !r.sent).length;
        replyPass(outputs, profile, { into });
        assertSameAsReplay(into, expected, profile.labels, `${sample}, ${name}, softmax ${softmax}`);
      }
    }
    assert.ok(throttled > 100, `the sample has throttled replies to compare (${throttled})`);
  });
}

test('a target letter or free mode chosen in place of the session\'s targets gives the replay with that target', async () => {
  const session = await readSession(join('samples', 'practice-targets.landmarks.jsonl'));
  assert.ok(session.targets.length >= 2, 'the sample changes its target');
  const profile = profileWith({ softmax: 'never', smoothingWindow: 3 });
  const analysed = await replay(session, profile);
  const outputs = windowOutputsOf(analysed.frames, analysed.targetChanges, CLASSES, 'never');
  for (const letter of ['C', null, 'Z', '?']) {
    const choice: TargetChoice = { letter };
    const retargeted = { frames: session.frames, targets: session.targets.map((c) => ({ ...c, letter })) };
    const expected = await replay(retargeted, profile, letter);
    assertSameAsReplay(replyPass(outputs, profile, { target: choice }), expected, profile.labels, `target ${letter}`);
  }
});

test('a fixture whose frames come 10 ms apart: most replies are throttled, and the pass throttles the same ones', async () => {
  const frames = Array.from({ length: 400 }, (_, i) => frame(i, i * 10, i % 97 === 50 ? null : handAt(0.2 + (i % 13) * 0.01)));
  const session = sessionOf(frames, [{ t: 2005, letter: 'B', beforeFrame: 201 }]);
  const profile = profileWith({ softmax: 'never', windowSize: 4 });
  const analysed = await replay(session, profile);
  const outputs = windowOutputsOf(analysed.frames, analysed.targetChanges, CLASSES, 'never');
  for (const [throttleMs, throttleDelta] of [[75, 0.03], [30, 0], [500, 0.5]]) {
    const knobs = profileWith({ softmax: 'never', windowSize: 4, throttleMs, throttleDelta });
    const expected = await replay(session, knobs);
    const held = expected.frames.filter((r) => r.response && !r.sent).length;
    const sent = expected.frames.filter((r) => r.sent).length;
    assert.ok(held > sent, `throttle ${throttleMs} ms holds most replies (${held} held, ${sent} sent)`);
    assertSameAsReplay(replyPass(outputs, knobs), expected, knobs.labels, `throttle ${throttleMs} ms, delta ${throttleDelta}`);
  }
});

test("the policy 'never' cannot be had from distributions the softmax made: the pass says the analysis must run again", () => {
  const outputs = windowOutputsOf([{ t: 0, status: 'ready', probs: Float32Array.from({ length: CLASSES }, () => 1 / CLASSES) }], [], CLASSES, 'always');
  assert.throws(() => distributionsFor(outputs, 'never'), /softmax policy 'never' needs the model's outputs .*must run again/);
  assert.equal(distributionsFor(outputs, 'always'), outputs.rows, 'the same policy uses the rows as they are');
});

test('bad knob values are refused with the field named', () => {
  const outputs = windowOutputsOf([], [], CLASSES, 'never');
  assert.throws(() => replyPass(outputs, profileWith({ smoothingWindow: 0 })), /smoothingWindow must be a positive integer, got 0/);
  assert.throws(() => replyPass(outputs, profileWith({ decoder: { holdFrames: 1.5, minProb: 0.5 } })), /decoder.holdFrames must be a positive integer/);
  assert.throws(() => replyPass(outputs, profileWith({ labels: ['A', 'B'] })), /2 labels for outputs of 29 classes/);
});

test('the argmax of a stored (float32) smoothed row is kept apart where float32 rounding ties classes the float64 mean tells apart', () => {
  // Three windows of two classes: the second's float64 mean is larger by less than a float32 step.
  const step = Math.fround(0.3) - Math.fround(0.3 - 2 ** -26);
  const rows = new Float32Array([0.3, 0.3, 0.3, 0.3, 0.3, 0.3 + step]);
  const outputs = { frameCount: 3, classCount: 2, t: [0, 33, 66], step: [STEP_WINDOW, STEP_WINDOW, STEP_WINDOW], rows, rowsPolicy: 'always' as const, targetChanges: [] };
  const profile = profileWith({ labels: ['A', 'B'], windowSize: 1, smoothingWindow: 3, softmax: 'always' });
  const columns = replyPass(outputs, profile);
  const means = [(Math.fround(0.3) * 3) / 3, (Math.fround(0.3) * 2 + Math.fround(0.3 + step)) / 3];
  assert.equal(Math.fround(means[0]) === Math.fround(means[1]) && means[1] > means[0], true, 'the rows tie in float32 only');
  assert.equal(columns.smoothing!.best[2], 1, 'the float64 argmax');
  assert.equal(columns.smoothing!.bestStored[2], 0, 'the stored row ties: the first');
  assert.deepEqual(Array.from(columns.smoothing!.bestStored.subarray(0, 2)), [-1, -1], 'frames not ready');
});
