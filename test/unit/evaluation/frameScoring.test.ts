// FrameScoring (the knobs' figures, computed without building frame objects) against SessionEvaluator
// (`landmark-lens evaluate`'s), on arbitrary sessions: overlapping spans in any line order, labels the
// model lacks, phrases, frames not ready, and rows with ties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameScoring } from '../../../src/core/evaluation/frameScoring';
import { SessionEvaluator } from '../../../src/core/evaluation/sessionEvaluator';
import { editDistance } from '../../../src/core/evaluation/editDistance';
import type { LabelSpan } from '../../../src/core/session/types';
import { propertyRuns } from '../testkit/propertyRuns';

const LABELS = ['A', 'B', 'C', 'SPACE', 'DELETE', 'NOTHING'];
const READY = 3;

const span = fc.record({
  t0: fc.integer({ min: -50, max: 400 }),
  length: fc.integer({ min: -10, max: 200 }),
  text: fc.constantFrom('A', 'B', 'C', 'SPACE', 'Q', 'ab c', 'NOTHING'),
});

const session = fc.record({
  spans: fc.array(span, { maxLength: 12 }),
  frames: fc.array(
    fc.record({
      dt: fc.integer({ min: 0, max: 30 }),
      status: fc.constantFrom(0, 1, 2, READY, READY),
      // Small integers so rows often tie: the first largest wins in both.
      row: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: LABELS.length, maxLength: LABELS.length }),
    }),
    { maxLength: 60 },
  ),
  transcript: fc.string({ unit: fc.constantFrom('A', 'B', 'C', ' ', 'é'), maxLength: 12 }),
});

test('frame accuracy and CER equal the evaluator on arbitrary sessions', () => {
  fc.assert(
    fc.property(session, ({ spans: drawn, frames, transcript }) => {
      const spans: LabelSpan[] = drawn.map((s) => ({ t0: s.t0, t1: s.t0 + s.length, text: s.text }));
      const t = new Float64Array(frames.length);
      frames.forEach((f, i) => (t[i] = (i > 0 ? t[i - 1] : 0) + f.dt));
      const status = Uint8Array.from(frames, (f) => f.status);
      const smoothed = Float32Array.from(frames.flatMap((f) => f.row));

      const evaluator = new SessionEvaluator(spans, LABELS);
      frames.forEach((f, i) => {
        const ready = f.status === READY;
        evaluator.add({ frame: i, t: t[i], status: ready ? 'ready' : 'smoothing', smoothed: ready ? smoothed.subarray(i * LABELS.length, (i + 1) * LABELS.length) : null });
      });
      const expected = evaluator.finish(transcript);

      const scoring = new FrameScoring(spans, LABELS, t, frames.length);
      assert.equal(scoring.frameAccuracy(status, READY, smoothed, LABELS.length), expected.frameAccuracy);
      assert.equal(scoring.cer(transcript), expected.cer.value);
    }),
    propertyRuns(400),
  );
});

test('the edit distance counts Unicode characters, and insertions, deletions and substitutions as 1', () => {
  assert.equal(editDistance('', 'ABC'), 3);
  assert.equal(editDistance('KITTEN', 'SITTING'), 3);
  assert.equal(editDistance('A😀B', 'AB'), 1, 'an astral character is one character');
  assert.equal(editDistance('HELLO WORLD', 'HELO WORLDS'), 2);
});
