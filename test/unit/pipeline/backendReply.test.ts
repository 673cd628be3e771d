import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmax, replyFor, targetIndex } from '../../../src/core/pipeline/backendReply';
import { roundLikePython } from '../../../src/core/pipeline/roundHalfEven';
import { LABELS_26, LABELS_29 } from '../../../src/core/model/profile';

function dist(n: number, hot: Record<number, number>): number[] {
  const d = new Array(n).fill(0);
  for (const [k, v] of Object.entries(hot)) d[Number(k)] = v;
  return d;
}

test('free mode: the argmax label and the largest probability, rounded to 4 decimals', () => {
  const r = replyFor(dist(29, { 1: 0.812345, 26: 0.1 }), LABELS_29, null, 4);
  assert.deepEqual(r.reply, { maxarg_letter: 'B', target_arg_prob: 0.8123 });
  assert.equal(r.unroundedProb, 0.812345);
});

test("target mode: the probability at ord(letter) - ord('A'), whatever the argmax", () => {
  const r = replyFor(dist(29, { 1: 0.7, 2: 0.2 }), LABELS_29, 'C', 4);
  assert.deepEqual(r.reply, { maxarg_letter: 'B', target_arg_prob: 0.2 });
});

test('labels 26..28 are SPACE, DELETE, NOTHING for 29 classes', () => {
  assert.equal(replyFor(dist(29, { 26: 0.9 }), LABELS_29, null, 4).reply.maxarg_letter, 'SPACE');
  assert.equal(replyFor(dist(29, { 27: 0.9 }), LABELS_29, null, 4).reply.maxarg_letter, 'DELETE');
  assert.equal(replyFor(dist(29, { 28: 0.9 }), LABELS_29, null, 4).reply.maxarg_letter, 'NOTHING');
});

test('out-of-range targets give 0.0: lowercase, beyond the classes, several characters', () => {
  const d = dist(26, { 25: 0.6, 0: 0.4 });
  assert.equal(replyFor(d, LABELS_26, 'Z', 4).reply.target_arg_prob, 0.6);
  assert.equal(replyFor(d, LABELS_26, 'a', 4).reply.target_arg_prob, 0);
  assert.equal(replyFor(d, LABELS_26, '[', 4).reply.target_arg_prob, 0, "'[' is index 26: out of range for 26 classes");
  assert.equal(replyFor(d, LABELS_26, 'AB', 4).reply.target_arg_prob, 0);
  assert.equal(targetIndex('[', 29), 26, "but in range for 29 classes, as ord() makes it");
  assert.equal(targetIndex('@', 29), -1);
});

test('ties take the first index, as numpy argmax', () => {
  assert.equal(argmax([0.2, 0.4, 0.4]), 1);
});

test("rounding follows Python's round(x, 4): exact binary value, ties to even", () => {
  assert.equal(roundLikePython(0.12345678, 4), 0.1235);
  assert.equal(roundLikePython(0.03125, 4), 0.0312, '0.03125 is exact in binary: a tie, to even');
  assert.equal(roundLikePython(0.09375, 4), 0.0938, 'tie, to even (8)');
  assert.equal(roundLikePython(0.00015, 4), 0.0001, '0.00015 is slightly below in binary');
  assert.equal(roundLikePython(1, 4), 1);
});

test('rounding gives what the exact binary value rounded by toFixed gives, for probabilities near and away from ties', () => {
  // A seeded generator: the same values on every run.
  let seed = 12345;
  const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const reference = (x: number, d: number) => {
    const scale = 10 ** d;
    const floor = Math.floor(x * scale);
    if (x * scale - floor === 0.5 && (floor + 0.5) / scale === x) return (floor % 2 === 0 ? floor : floor + 1) / scale;
    return Number(x.toFixed(d));
  };
  for (let i = 0; i < 200_000; i++) {
    const d = i % 9;
    // Every third value sits on or within an ulp or two of a decimal tie, where the fast path must step aside.
    let x = next();
    if (i % 3 === 0) {
      const tie = (Math.floor(x * 10 ** d) + 0.5) / 10 ** d;
      x = tie + (Math.floor(next() * 5) - 2) * Number.EPSILON * tie;
    }
    const got = roundLikePython(x, d);
    const want = reference(x, d);
    assert.ok(Object.is(got, want), `round(${x}, ${d}): ${got}, expected ${want}`);
  }
  assert.ok(Object.is(roundLikePython(-0.00001, 4), -0), 'a negative value keeps its sign as toFixed does');
});
