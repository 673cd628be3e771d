import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SessionStore } from '../../../src/webview/sessionStore';
import { KnobController } from '../../../src/webview/knobs/knobController';
import { parseKnob, knobField, profileFieldsOfKnobs, knobsOfProfile, profileWithKnobs } from '../../../src/webview/knobs/knobFields';
import { encodeFrames, encodeResults, labelSpans, targetSpans } from '../../../src/protocol/encode';
import type { KnobValues, KnobsAppliedMessage } from '../../../src/protocol/messages';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { evaluateSession } from '../../../src/core/evaluation/sessionEvaluator';
import { readSession } from '../../../src/core/session/readSession';
import type { PipelineProfile } from '../../../src/core/model/profile';
import { ScriptedRunner, profileWith } from '../pipeline/handFrames';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const CLASSES = 29;
const logits = (n: number) => Array.from({ length: CLASSES }, (_, k) => (k === Math.floor(n / 17) % 5 ? 2 + Math.sin(n * 0.3) : Math.cos(n * 0.7 + k)));

async function replay(file: string, profile: PipelineProfile) {
  const session = await readSession(file);
  const result = await replaySession(session, profile, new ScriptedRunner(CLASSES, logits, profile.windowSize * 63));
  return { session, result };
}

/** A store holding a whole analysis, as the panel's webview holds it once every results message came. */
async function analysedStore(file: string, profile: PipelineProfile): Promise<SessionStore> {
  const { session, result } = await replay(file, profile);
  const store = new SessionStore(profile.labels, sessionFrames(session).length, 30);
  store.addFrames(encodeFrames(sessionFrames(session), 0, { targets: targetSpans(session), labelSpans: labelSpans(session) }));
  store.addResults(encodeResults(result.frames, 0, profile.labels));
  assert.ok(store.isComplete());
  return store;
}

function controllerOf(store: SessionStore, profile: PipelineProfile, stretchFrames?: number) {
  const posted: KnobsAppliedMessage[] = [];
  let redraws = 0;
  const windowsChanged: boolean[] = [];
  /** What a draw made at once would read: the state and the messages posted when the redraw came. */
  const atRedraw: Array<{ values: KnobValues; posted: number }> = [];
  let scheduled: Array<() => void> = [];
  const idle: Array<() => void> = [];
  const controller: KnobController = new KnobController({
    store,
    profile,
    post: (m) => posted.push(m),
    redraw: (windows) => {
      redraws++;
      windowsChanged.push(windows);
      atRedraw.push({ values: controller.current.values, posted: posted.length });
    },
    schedule: (apply) => scheduled.push(apply),
    idle: (work) => idle.push(work),
  }, stretchFrames);
  const flush = () => {
    const run = scheduled;
    scheduled = [];
    for (const apply of run) apply();
  };
  /** Runs the idle tasks as the page would, each possibly queueing the next; returns how many ran. */
  const runIdle = () => {
    let ran = 0;
    for (let work = idle.shift(); work; work = idle.shift()) {
      work();
      ran++;
    }
    return ran;
  };
  /** Runs at most `count` idle tasks; returns how many ran. */
  const runIdleTasks = (count: number) => {
    let ran = 0;
    for (let work = ran < count ? idle.shift() : undefined; work; work = ++ran < count ? idle.shift() : undefined) work();
    return ran;
  };
  return { controller, store, posted, flush, runIdle, runIdleTasks, redraws: () => redraws, windowsChanged, atRedraw, pending: () => scheduled.length };
}

test('knobs set in the panel give the store exactly the replay with those values, coalesced to one recompute', async () => {
  const file = join('samples', 'practice-targets.landmarks.jsonl');
  const profile = profileWith({ softmax: 'never' });
  const store = await analysedStore(file, profile);
  const { controller, posted, flush, redraws, windowsChanged, atRedraw, pending } = controllerOf(store, profile);
  controller.set({ smoothingWindow: 2 });
  controller.set({ throttleMs: 300 });
  controller.set({ softmax: 'always', holdFrames: 3, target: 'free' }, { report: true });
  assert.equal(pending(), 1, 'three changes in one task make one recompute');
  flush();
  assert.equal(redraws(), 1);
  assert.deepEqual(windowsChanged, [true], 'a new softmax policy changes the window distributions drawn');
  // The panel draws at once when asked: by then the state and its message are the new values'.
  assert.equal(atRedraw[0].values.smoothingWindow, 2);
  assert.equal(atRedraw[0].values.throttleMs, 300);
  assert.equal(atRedraw[0].posted, posted.length, 'the knobsApplied message is posted before the redraw');
  const edited = profileWith({ softmax: 'always', smoothingWindow: 2, throttleMs: 300, decoder: { holdFrames: 3, minProb: 0.6 } });
  const session = await readSession(file);
  const expected = await replaySession(
    { frames: session.frames, targets: session.targets.map((c) => ({ ...c, letter: null })) },
    edited,
    new ScriptedRunner(CLASSES, logits, 32 * 63),
  );
  const message = encodeResults(expected.frames, 0, edited.labels);
  const n = store.frameCount;
  assert.deepEqual(Array.from(store.sent.subarray(0, n)), Array.from(message.sent!), 'throttle marks');
  assert.deepEqual(Array.from(store.replyLetter.subarray(0, n)), Array.from(message.replyLetter!), 'reply letters');
  assert.deepEqual(Array.from(store.replyProb.subarray(0, n)), Array.from(message.replyProb!), 'reply probabilities');
  assert.deepEqual(Array.from(store.probs.subarray(0, n * CLASSES)), Array.from(message.probs!), "the distributions under the 'always' policy");
  assert.equal(store.transcriptAt(n - 1), expected.frames[n - 1].transcript, 'transcript');
  const last = posted[posted.length - 1];
  assert.deepEqual(last.edited, ['smoothingWindow', 'throttleMs', 'target', 'softmax', 'holdFrames']);
  assert.equal(last.repliesSent, expected.frames.filter((f) => f.sent).length);
  assert.deepEqual(last.replies?.sent, Array.from(message.sent!), 'the report carries the replies');
  assert.deepEqual(last.replies?.prob, expected.frames.map((f) => (f.response ? f.response.target_arg_prob : null)), 'and their probabilities as on the wire');

  const original = await analysedStore(file, profile);
  controller.set({ throttleMs: 120 });
  flush();
  assert.deepEqual(windowsChanged, [true, false], 'a throttle change leaves the window distributions as drawn');
  controller.reset();
  flush();
  assert.deepEqual(windowsChanged, [true, false, true], 'Reset brings the policy the analysis ran with back');
  assert.deepEqual(posted[posted.length - 1].edited, [], 'Reset: nothing edited');
  for (const column of ['sent', 'replyLetter', 'replyProb', 'smoothingFill', 'status', 'target', 'emitted'] as const) {
    assert.deepEqual(Array.from(store[column].subarray(0, n)), Array.from(original[column].subarray(0, n)), `Reset gives the analysis's ${column} again`);
  }
  assert.deepEqual(Array.from(store.probs.subarray(0, n * CLASSES)), Array.from(original.probs.subarray(0, n * CLASSES)), 'and its distributions');
});

test('the store tells the views which parts of its columns each knob change replaced', async () => {
  const profile = profileWith({ softmax: 'never' });
  const store = await analysedStore(join('samples', 'practice-targets.landmarks.jsonl'), profile);
  const { controller, flush } = controllerOf(store, profile);
  const partsOf = (values: Parameters<KnobController['set']>[0]) => {
    const version = store.version;
    controller.set(values);
    flush();
    return store.partsChangedSince(version);
  };
  const none = { probs: false, smoothing: false, replies: false, decoder: false };
  assert.deepEqual(store.partsChangedSince(store.version), none, 'nothing since now');
  assert.deepEqual(partsOf({ smoothingWindow: 3 }), { probs: false, smoothing: true, replies: true, decoder: true });
  assert.deepEqual(partsOf({ throttleMs: 400 }), { ...none, replies: true }, 'the throttle changes the sent marks only');
  assert.deepEqual(partsOf({ holdFrames: 3 }), { ...none, decoder: true }, 'the decoder changes the emissions only');
  assert.deepEqual(partsOf({ holdFrames: 3 }), none, 'the same values again change nothing');
  assert.deepEqual(partsOf({ softmax: 'always' }), { probs: true, smoothing: true, replies: true, decoder: true });
  const before = store.version - 2;
  assert.deepEqual(store.partsChangedSince(before), { probs: true, smoothing: true, replies: true, decoder: true }, 'knob changes since a version add up');
  store.addFrames(encodeFrames(sessionFrames(await readSession(join('samples', 'practice-targets.landmarks.jsonl'))).slice(0, 1), 0));
  assert.equal(store.partsChangedSince(before), null, 'frames changed more than the knobs do');
});

test('before the analysis is complete, or for a policy the held distributions cannot give, the knobs say why', async () => {
  const profile = profileWith({ softmax: 'always' });
  const empty = new SessionStore(profile.labels, 10, 30);
  const a = controllerOf(empty, profile);
  a.controller.set({ smoothingWindow: 3 });
  a.flush();
  assert.equal(a.controller.current.error, 'The knobs apply once the analysis is complete.');
  assert.equal(a.posted[0].error, 'The knobs apply once the analysis is complete.');

  const store = await analysedStore(join('samples', 'hello-world.landmarks.jsonl'), profile);
  const b = controllerOf(store, profile);
  b.controller.set({ softmax: 'never', windowSize: 16 });
  b.flush();
  assert.match(b.controller.current.error ?? '', /softmax policy 'never' needs the model's outputs/);
  assert.deepEqual(b.controller.current.needsModel, ['windowSize']);
});

test('knob values are checked with the knob named; the profile fields to save leave the target out', () => {
  const labels = profileWith({}).labels;
  assert.deepEqual(parseKnob(knobField('smoothingWindow'), '7', labels), { value: 7 });
  assert.deepEqual(parseKnob(knobField('smoothingWindow'), '2.5', labels), { error: "Smoothing window: expected an integer from 1 to 255, got '2.5'" });
  assert.deepEqual(parseKnob(knobField('throttleDelta'), '-1', labels), { error: "Throttle delta: expected a number from 0 to 1, got '-1'" });
  assert.deepEqual(parseKnob(knobField('target'), 'SPACE', labels), { error: "Target letter: expected 'session', 'free' or one of the model's one-letter labels, got 'SPACE'" });
  assert.deepEqual(parseKnob(knobField('softmax'), 'never', labels), { value: 'never' });
  const values = { ...knobsOfProfile(profileWith({})), smoothingWindow: 3, target: 'B' };
  assert.deepEqual(profileFieldsOfKnobs(values, ['smoothingWindow', 'target']), { smoothingWindow: 3 });
  assert.deepEqual(Object.keys(profileFieldsOfKnobs(values)), ['smoothingWindow', 'throttleMs', 'throttleDelta', 'softmax', 'windowSize', 'normalization', 'inputLayout', 'decoder']);
});

test("the knobs' figures are `evaluate`'s for the replay with those values, prepared ahead or not", async () => {
  const file = join('samples', 'pangram.landmarks.jsonl');
  const profile = profileWith({ softmax: 'never' });
  const session = await readSession(file);
  const figuresOfReplay = async (p: PipelineProfile) => {
    const { frames } = await replaySession(session, p, new ScriptedRunner(CLASSES, logits, p.windowSize * 63));
    const e = evaluateSession(session.labels, frames, p.labels);
    return { frameAccuracy: e.frameAccuracy, cer: e.cer.value, transcript: e.transcript };
  };
  const cold = controllerOf(await analysedStore(file, profile), profile);
  const warm = controllerOf(await analysedStore(file, profile), profile);
  warm.controller.prepareWhenIdle();
  assert.ok(warm.runIdle() >= 5 && warm.controller.preparedAfterMs !== null, 'the preparation runs in idle tasks, to its end');
  const resolved = await figuresOfReplay(profile);
  assert.ok(resolved.frameAccuracy !== null && resolved.cer !== null, 'the sample is scored');
  // The first keeps the smoothing window: the prepared controller reuses the smoothing of its pass over the whole session.
  for (const change of [{ throttleMs: 60 }, { smoothingWindow: 3 }, { minProb: 0.3 }, { holdFrames: 5, throttleMs: 50 }]) {
    for (const { controller, flush } of [cold, warm]) {
      controller.set(change);
      flush();
      assert.equal(controller.current.error, null);
    }
    const edited = await figuresOfReplay(profileWith({ softmax: 'never', ...profileFieldsOf({ ...knobsOfProfile(profile), ...cold.controller.current.values }) }));
    for (const [name, { controller }] of [['cold', cold], ['prepared', warm]] as const) {
      const figures = controller.current.figures!;
      assert.deepEqual({ frameAccuracy: figures.frameAccuracy, cer: figures.cer, transcript: figures.transcript }, edited, `${name}: ${JSON.stringify(change)}`);
      assert.deepEqual(
        { frameAccuracy: controller.current.resolvedFigures!.frameAccuracy, cer: controller.current.resolvedFigures!.cer, transcript: controller.current.resolvedFigures!.transcript },
        resolved,
        `${name}: the resolved figures`,
      );
    }
  }
  assert.deepEqual(cold.posted, warm.posted, 'preparing changes nothing the panel is told');
  for (const column of ['status', 'smoothed', 'replyLetter', 'replyProb', 'sent', 'emitted'] as const) {
    assert.deepEqual(warm.store[column], cold.store[column], `preparing changes nothing in the store's ${column}`);
  }
});

test('prepared a stretch an idle task, the knobs give what they give unprepared, whichever task a change comes after', async () => {
  const file = join('samples', 'pangram.landmarks.jsonl');
  const profile = profileWith({ softmax: 'never' });
  // The first comes at some point of the preparation, the others after it: back to the resolved values (whose
  // smoothing the preparation computed, but must not have written once a change came), then others.
  const changes: Array<Parameters<KnobController['set']>[0] | 'reset'> = [{ smoothingWindow: 3 }, 'reset', { throttleMs: 60 }, { smoothingWindow: 2, softmax: 'always' }, { holdFrames: 5 }];
  const change = (c: ReturnType<typeof controllerOf>, values: (typeof changes)[number]) => {
    if (values === 'reset') c.controller.reset();
    else c.controller.set(values);
    c.flush();
    assert.equal(c.controller.current.error, null);
  };
  const columns = ['status', 'smoothingFill', 'smoothed', 'probs', 'replyLetter', 'replyProb', 'sent', 'emitted'] as const;
  /** What the panel is told and shows after a change: the message, the figures and the store's columns. */
  const shown = (c: ReturnType<typeof controllerOf>) => ({
    message: c.posted[c.posted.length - 1],
    state: c.controller.current,
    store: Object.fromEntries(columns.map((column) => [column, Array.from(c.store[column].subarray(0, c.store.frameCount * (column === 'smoothed' || column === 'probs' ? CLASSES : 1)))])),
  });
  const cold = controllerOf(await analysedStore(file, profile), profile);
  const expected = changes.map((values) => (change(cold, values), shown(cold)));
  const frames = cold.store.frameCount;
  const stretch = 200;
  const stretches = Math.ceil(frames / stretch);
  const prepared = controllerOf(await analysedStore(file, profile), profile, stretch);
  prepared.controller.prepareWhenIdle();
  const tasks = prepared.runIdle();
  // The rows copied a stretch a task, the scoring, the resolved figures, the warm-up's eleven passes, the whole pass a stretch a task.
  assert.equal(tasks, stretches + 2 + 11 + stretches, `the preparation of ${frames} frames in stretches of ${stretch} takes one idle task a stretch`);
  assert.notEqual(prepared.controller.preparedAfterMs, null, 'the preparation is done');
  // Before any change, from nothing but the preparation, and after a change came at each of its tasks.
  for (let after = 0; after <= tasks; after++) {
    const warm = controllerOf(await analysedStore(file, profile), profile, stretch);
    warm.controller.prepareWhenIdle();
    assert.equal(warm.runIdleTasks(after), after);
    changes.forEach((values, i) => {
      change(warm, values);
      if (i === 0) warm.runIdle();
      assert.deepEqual(shown(warm), expected[i], `a first change after ${after} idle tasks: what change ${i + 1} (${JSON.stringify(values)}) shows`);
    });
  }
});

/** The profile fields of knob values, as profileWithKnobs sets them (the target stays the session's). */
function profileFieldsOf(values: ReturnType<typeof knobsOfProfile>): Partial<PipelineProfile> {
  const { target: _target, ...fields } = profileFieldsOfKnobs(values) as Partial<PipelineProfile> & { target?: unknown };
  return fields;
}

test('the store keeps the transcript of every frame right when knob changes leave the emissions as they were', async () => {
  const file = join('samples', 'practice-targets.landmarks.jsonl');
  const profile = profileWith({ softmax: 'never' });
  const store = await analysedStore(file, profile);
  const { controller, flush } = controllerOf(store, profile);
  const n = store.frameCount;
  const changes = [{ holdFrames: 2 }, { throttleMs: 400 }, { throttleDelta: 0.2 }, { holdFrames: 3, minProb: 0.3 }, { throttleMs: 90 }, {}];
  let transcripts = 0;
  for (const change of changes) {
    controller.set(change, { reset: Object.keys(change).length === 0 });
    flush();
    const { result } = await replay(file, profileWithKnobs(profile, controller.current.values));
    const expected = result.frames.map((r) => r.transcript);
    const held = Array.from({ length: n }, (_, f) => store.transcriptAt(f));
    assert.deepEqual(held, expected, `the transcript at each frame after ${JSON.stringify(change)}`);
    transcripts += new Set(expected).size;
  }
  assert.ok(transcripts > changes.length * 2, 'the transcripts change along the session');
});
