// The evaluation's definitions on a small session whose figures are worked out by hand in the comments,
// replayed through the real pipeline (window 1, smoothing 1, no softmax, so each frame's smoothed
// distribution is the scripted one) with a scripted model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { evaluateSession } from '../../../src/core/evaluation/sessionEvaluator';
import { LabelTimeline } from '../../../src/core/evaluation/labelTimeline';
import { referenceText } from '../../../src/core/evaluation/referenceText';
import { editDistance } from '../../../src/core/evaluation/editDistance';
import { combineEvaluations } from '../../../src/core/evaluation/combineEvaluations';
import { framesInCell, nextError, previousError, wrongFrames } from '../../../src/core/evaluation/scoredFrameSteps';
import { LABELS_26, LABELS_29 } from '../../../src/core/model/profile';
import type { LabelSpan } from '../../../src/core/session/types';
import { ScriptedRunner, frame, handAt, profileWith, sessionOf } from '../pipeline/handFrames';

const LABELS = ['A', 'B', 'C'];
const profile = profileWith({
  labels: LABELS,
  windowSize: 1,
  smoothingWindow: 1,
  softmax: 'never',
  decoder: { holdFrames: 2, minProb: 0.5 },
});

// 25 frames, 10 ms apart; frame 7 has no hand. Predicted (argmax): frames 0-6 A, 8-14 B, 15-19 A, 20-24 C.
const predicted = (i: number): number => (i <= 6 ? 0 : i <= 14 ? 1 : i <= 19 ? 0 : 2);
// Line order matters: S2 overlaps S1 on [50, 100) and, being the later line, wins there.
const spans: LabelSpan[] = [
  { t0: 0, t1: 100, text: 'A' }, // S1: holds frames 0-4 (t 0-40)
  { t0: 50, t1: 150, text: 'B' }, // S2: frames 5-14; frame 7 has no hand; first correct frame 8 (t 80): 30 ms
  { t0: 150, t1: 200, text: 'C' }, // S3: frames 15-19, all predicted A: never correct
  { t0: 200, t1: 250, text: 'Q' }, // S4: frames 20-24, Q is not a label of the model: labelled, not scored
];

async function replayed() {
  const frames = Array.from({ length: 25 }, (_, i) => frame(i, i * 10, i === 7 ? null : handAt(0.3 + i * 0.001)));
  const hands = frames.map((_, i) => i).filter((i) => i !== 7);
  const runner = new ScriptedRunner(3, (n) => LABELS.map((_, k) => (k === predicted(hands[n]) ? 0.8 : 0.1)), 63);
  return replaySession(sessionOf(frames), profile, runner);
}

test('frames, scoring, confusion, per-class figures and time to correct match the hand-worked session', async () => {
  const replay = await replayed();
  const throttled = replay.frames.filter((f) => f.status === 'ready' && !f.sent).length;
  assert.ok(throttled >= 15, `most replies are throttled (75 ms at 10 ms a frame): ${throttled}`);
  const e = evaluateSession(spans, replay.frames, LABELS);
  assert.equal(e.frames, 25);
  assert.equal(e.labelledFrames, 25);
  // Scored: S1 5 + S2 9 (not the no-hand frame) + S3 5; S4's frames are not (Q is no label of the model).
  // Throttled replies count like sent ones: the prediction is the smoothed argmax either way.
  assert.equal(e.scoredFrames, 19);
  // Correct: frames 0-4 (A), 8-14 (B): 12.
  assert.equal(e.correctFrames, 12);
  assert.equal(e.frameAccuracy, 12 / 19);
  assert.deepEqual(e.confusion, {
    labels: LABELS,
    matrix: [
      [5, 0, 0], // A: frames 0-4
      [2, 7, 0], // B: frames 5, 6 read as A; 8-14 right
      [5, 0, 0], // C: frames 15-19 read as A
    ],
  });
  const [a, b, c] = e.perClass;
  assert.deepEqual([a.support, a.predicted, a.correct, a.precision, a.recall], [5, 12, 5, 5 / 12, 1]);
  assert.ok(Math.abs(a.f1! - 10 / 17) < 1e-12);
  assert.deepEqual([b.support, b.predicted, b.correct, b.precision, b.recall], [9, 7, 7, 1, 7 / 9]);
  assert.ok(Math.abs(b.f1! - 0.875) < 1e-12);
  assert.deepEqual([c.support, c.predicted, c.correct, c.precision, c.recall, c.f1], [5, 0, 0, null, 0, null]);
  assert.deepEqual(
    e.spans.map((s) => [s.label, s.timeToCorrectMs]),
    [['A', 0], ['B', 30], ['C', null]],
  );
  // Nearest rank over the spans ever correct [0, 30]: p50 is the 1st, p90 the 2nd.
  assert.deepEqual(e.timeToCorrect, { spans: 3, correct: 2, never: 1, p50Ms: 0, p90Ms: 30 });
  assert.deepEqual(e.labelsNotInModel, [{ text: 'Q', frames: 5 }]);
});

test('CER: the transcript against the labels read by the decoder, a label without a class kept and listed', async () => {
  const replay = await replayed();
  const e = evaluateSession(spans, replay.frames, LABELS);
  // Decoder (hold 2): A at frame 1, B at frame 9, A at frame 16, C at frame 21.
  assert.equal(e.transcript, 'ABAC');
  // Reference in time order: A, B, C, then "Q" read as a phrase: Q has no class, so it is kept and listed.
  assert.equal(e.reference, 'ABCQ');
  assert.deepEqual(e.cer, { value: 0.5, distance: 2, referenceLength: 4, missingCharacters: ['Q'] });
});

test('the per-frame facts: each scored frame with its label and prediction, wrong frames and steps through a cell', async () => {
  const replay = await replayed();
  const e = evaluateSession(spans, replay.frames, LABELS);
  const scoredFrames = [0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19];
  assert.deepEqual([...e.scored.frame], scoredFrames);
  assert.deepEqual([...e.scored.label], scoredFrames.map((f) => (f <= 4 ? 0 : f <= 14 ? 1 : 2)));
  assert.deepEqual([...e.scored.prediction], scoredFrames.map(predicted));
  assert.deepEqual(wrongFrames(e.scored), [5, 6, 15, 16, 17, 18, 19]);
  assert.deepEqual(framesInCell(e.scored, 1, 0), [5, 6], 'B read as A');
  assert.deepEqual(framesInCell(e.scored, 2, 0), [15, 16, 17, 18, 19], 'C read as A');
  assert.equal(nextError(e.scored, 0), 5);
  assert.equal(nextError(e.scored, 6), 15);
  assert.equal(nextError(e.scored, 19), null);
  assert.equal(previousError(e.scored, 15), 6);
  assert.equal(previousError(e.scored, 5), null);
  assert.equal(previousError(e.scored, 100), 19);
});

test('a span holds t0 <= t < t1 and the later line wins where spans overlap, whichever starts first', () => {
  const inner = new LabelTimeline([{ t0: 0, t1: 100 }, { t0: 20, t1: 40 }]);
  assert.deepEqual([0, 19.9, 20, 39.9, 40, 99.9, 100, -1].map((t) => inner.spanAt(t)), [0, 0, 1, 1, 0, 0, -1, -1]);
  const outer = new LabelTimeline([{ t0: 20, t1: 40 }, { t0: 0, t1: 100 }]);
  assert.deepEqual([10, 30, 50].map((t) => outer.spanAt(t)), [1, 1, 1]);
  const gap = new LabelTimeline([{ t0: 0, t1: 10 }, { t0: 20, t1: 30 }, { t0: 5, t1: 5 }]);
  assert.deepEqual([5, 10, 15, 20].map((t) => gap.spanAt(t)), [0, -1, -1, 1]);
  assert.equal(new LabelTimeline([]).spanAt(0), -1);
});

test('reference text: class names by the decoder rules, phrases upper-cased with space as SPACE', () => {
  const at = (texts: string[]) => texts.map((text, i) => ({ t0: i * 100, text }));
  assert.deepEqual(referenceText(at(['H', 'I', 'SPACE', 'X', 'DELETE', 'Y', 'NOTHING']), LABELS_29), { text: 'HI Y', missingCharacters: [] });
  assert.deepEqual(referenceText(at(['hello world']), LABELS_29), { text: 'HELLO WORLD', missingCharacters: [] });
  assert.deepEqual(referenceText(at(['3 Main St.']), LABELS_29), { text: '3 MAIN ST.', missingCharacters: ['3', '.'] });
  // Without a SPACE class the space is a character the model cannot write.
  assert.deepEqual(referenceText(at(['ab cd']), LABELS_26), { text: 'AB CD', missingCharacters: [' '] });
  // SPACE, DELETE and NOTHING keep their meaning for a model without them.
  assert.deepEqual(referenceText(at(['A', 'SPACE', 'B', 'C', 'DELETE', 'NOTHING']), LABELS_26), { text: 'A B', missingCharacters: [' '] });
  // In time order, not line order.
  assert.deepEqual(referenceText([{ t0: 50, text: 'B' }, { t0: 0, text: 'A' }], LABELS_29).text, 'AB');
});

test('edit distance', () => {
  assert.equal(editDistance('', ''), 0);
  assert.equal(editDistance('ABC', ''), 3);
  assert.equal(editDistance('KITTEN', 'SITTING'), 3);
  assert.equal(editDistance('ABAC', 'ABCQ'), 2);
});

test('overall figures add the sessions up: frames and cells summed, ratios of the sums, percentiles over all spans', async () => {
  const replay = await replayed();
  const one = evaluateSession(spans, replay.frames, LABELS);
  const other = evaluateSession([{ t0: 0, t1: 60, text: 'A' }], replay.frames, LABELS);
  // The second: frames 0-5 labelled A, all scored; 0-5 predicted A: 6 of 6; one span correct at 0 ms; reference "A", transcript "ABAC".
  assert.equal(other.frameAccuracy, 1);
  const all = combineEvaluations([one, other], LABELS);
  assert.equal(all.frames, 50);
  assert.equal(all.scoredFrames, 25);
  assert.equal(all.frameAccuracy, 18 / 25);
  assert.deepEqual(all.confusion.matrix, [[11, 0, 0], [2, 7, 0], [5, 0, 0]]);
  assert.deepEqual(all.timeToCorrect, { spans: 4, correct: 3, never: 1, p50Ms: 0, p90Ms: 30 });
  assert.deepEqual(all.cer, { value: (2 + 3) / (4 + 1), distance: 5, referenceLength: 5, missingCharacters: ['Q'] });
});

test('a session without scored frames has no frame accuracy, and one without labels no CER', () => {
  const frames = [{ frame: 0, t: 0, status: 'ready' as const, smoothed: [0.9, 0.05, 0.05] }];
  const phrase = evaluateSession([{ t0: 0, t1: 10, text: 'cab' }], frames, LABELS, { transcript: 'CA' });
  assert.equal(phrase.scoredFrames, 0);
  assert.equal(phrase.frameAccuracy, null);
  assert.equal(phrase.cer.value, 1 / 3);
  assert.deepEqual(phrase.timeToCorrect, { spans: 0, correct: 0, never: 0, p50Ms: null, p90Ms: null });
  const none = evaluateSession([], frames, LABELS, { transcript: 'A' });
  assert.equal(none.cer.value, null);
  assert.equal(none.labelledFrames, 0);
});
