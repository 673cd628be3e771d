import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplyPassInStretches } from '../../../src/core/pipeline/replyPassInStretches';
import { replyColumns, replyPass, STEP_BUFFERING, STEP_NO_HAND, STEP_WINDOW, type ReplyColumns, type WindowOutputs } from '../../../src/core/pipeline/replyPass';
import { profileWith } from './handFrames';

const CLASSES = 29;

/**
 * Outputs of `n` frames: hands lost for long gaps (longer than some stretches) and short ones, buffering after
 * each, rows that wander with exact ties, and target changes at the start, next to others and at frames
 * the stretches begin or end on.
 */
function outputsOf(n: number, changesAt: number[]): WindowOutputs {
  const step = new Uint8Array(n);
  const t = new Float64Array(n);
  const rows = new Float32Array(n * CLASSES).fill(NaN);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let f = 0; f < n; f++) {
    t[f] = f * 33.3 + (f % 3);
    const gap = (f >= 40 && f < 95) || (f >= 300 && f < 304) || f % 97 === 13;
    step[f] = gap ? STEP_NO_HAND : f % 97 < 17 || (f >= 95 && f < 100) ? STEP_BUFFERING : STEP_WINDOW;
    if (step[f] !== STEP_WINDOW) continue;
    const lead = Math.floor(f / 19) % 5;
    let sum = 0;
    for (let k = 0; k < CLASSES; k++) {
      const v = (k === lead ? 6 : 1) * random();
      rows[f * CLASSES + k] = v;
      sum += v;
    }
    for (let k = 0; k < CLASSES; k++) rows[f * CLASSES + k] /= sum;
    if (f % 29 === 0) rows[f * CLASSES + 3] = rows[f * CLASSES + lead];
  }
  const letters = ['A', null, 'C', 'B'];
  return {
    frameCount: n,
    classCount: CLASSES,
    t,
    step,
    rows,
    rowsPolicy: 'always',
    targetChanges: changesAt.map((beforeFrame, i) => ({ beforeFrame, t: t[Math.min(beforeFrame, n - 1)], letter: letters[i % letters.length] })),
  };
}

function assertSameSmoothing(actual: ReplyColumns, expected: ReplyColumns, what: string): void {
  const n = expected.frameCount;
  for (let f = 0; f < n; f++) {
    const at = `${what}, frame ${f}`;
    assert.equal(actual.status[f], expected.status[f], `${at}: status`);
    assert.equal(actual.smoothingFill[f], expected.smoothingFill[f], `${at}: fill`);
    assert.equal(actual.smoothing!.best[f], expected.smoothing!.best[f], `${at}: argmax`);
    assert.ok(Object.is(actual.smoothing!.bestProb[f], expected.smoothing!.bestProb[f]), `${at}: argmax probability`);
    assert.equal(actual.smoothing!.bestStored[f], expected.smoothing!.bestStored[f], `${at}: argmax of the stored row`);
    for (let k = 0; k < CLASSES; k++) {
      assert.ok(Object.is(actual.smoothed[f * CLASSES + k], expected.smoothed[f * CLASSES + k]), `${at}: smoothed[${k}]`);
    }
  }
}

test('a pass in stretches gives the smoothing of one pass over the whole session, for any stretch and window', () => {
  const n = 640;
  const outputs = outputsOf(n, [0, 120, 121, 128, 256, 410, 639]);
  let ready = 0;
  for (const window of [1, 3, 8, 9, 20]) {
    const profile = profileWith({ softmax: 'always', smoothingWindow: window });
    const whole = replyPass(outputs, profile);
    ready += whole.smoothing!.best.filter((b) => b >= 0).length;
    for (const stretchFrames of [1, 7, 64, 128, 1000]) {
      const into = replyColumns(n, CLASSES);
      const pass = new ReplyPassInStretches(outputs, profile, outputs.rows, into);
      let steps = 0;
      while (!pass.step(stretchFrames)) steps++;
      assert.equal(steps + 1, Math.ceil(n / stretchFrames), `window ${window}, stretches of ${stretchFrames}: one step a stretch`);
      assert.ok(pass.done);
      assertSameSmoothing(into, whole, `window ${window}, stretches of ${stretchFrames}`);
      assert.equal(into.smoothing!.rows, outputs.rows);
      assert.equal(into.smoothing!.targetChanges, outputs.targetChanges);
    }
  }
  assert.ok(ready > 1500, `the session has ready frames to compare (${ready})`);
});

test('a pass into the columns a pass in stretches filled reuses their smoothing and gives the whole pass', () => {
  const n = 500;
  const outputs = outputsOf(n, [0, 64, 200, 201]);
  const profile = profileWith({ softmax: 'always', smoothingWindow: 5 });
  const into = replyColumns(n, CLASSES);
  const pass = new ReplyPassInStretches(outputs, profile, outputs.rows, into, { letter: 'B' });
  // Stretches of any sizes, one after another.
  for (let i = 0; !pass.step([64, 1, 150, 9][i % 4]); i++);
  const smoothing = into.smoothing;
  for (const [name, knobs, target] of [
    ['throttle 0 ms, the session targets', { throttleMs: 0 }, 'session'],
    ['decoder hold 2, free mode', { decoder: { holdFrames: 2, minProb: 0.2 } }, { letter: null }],
  ] as const) {
    const changed = profileWith({ softmax: 'always', smoothingWindow: 5, ...knobs });
    replyPass(outputs, changed, { distributions: outputs.rows, into, target });
    assert.equal(into.smoothing, smoothing, `${name}: the smoothing is reused`);
    const expected = replyPass(outputs, changed, { target });
    assertSameSmoothing(into, expected, name);
    for (const column of ['replyLetter', 'replyProb', 'sent', 'emitted', 'target'] as const) {
      assert.deepEqual(Array.from(into[column]), Array.from(expected[column]), `${name}: ${column}`);
    }
    assert.deepEqual(into.transcript, expected.transcript, `${name}: transcript`);
    assert.ok(expected.repliesSent > 10 && into.repliesSent === expected.repliesSent, `${name}: replies sent`);
  }
});

test('columns of another size, or a stretch that is not a positive integer of frames, are refused', () => {
  const outputs = outputsOf(50, []);
  const profile = profileWith({ softmax: 'always' });
  assert.throws(() => new ReplyPassInStretches(outputs, profile, outputs.rows, replyColumns(49, CLASSES)), /columns for 49 x 29 given for 50 x 29/);
  assert.throws(() => new ReplyPassInStretches(outputs, profile, outputs.rows, replyColumns(50, CLASSES)).step(0), /a stretch must be a positive integer of frames, got 0/);
  const empty = new ReplyPassInStretches(outputsOf(0, []), profile, new Float32Array(0), replyColumns(0, CLASSES));
  assert.ok(empty.done && empty.step(10), 'an empty session is done at once');
});
