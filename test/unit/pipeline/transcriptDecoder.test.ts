import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TranscriptDecoder } from '../../../src/core/pipeline/transcriptDecoder';
import { LABELS_29 } from '../../../src/core/model/profile';

/** A smoothed distribution with `p` on the label `label`. */
function on(label: string, p: number): number[] {
  const d = new Array(29).fill((1 - p) / 28);
  d[LABELS_29.indexOf(label)] = p;
  return d;
}

function feed(decoder: TranscriptDecoder, seq: Array<[string, number]>): Array<string | null> {
  return seq.map(([l, p]) => decoder.push(on(l, p)));
}

test('a letter is emitted once it has held for holdFrames frames at or above minProb', () => {
  const d = new TranscriptDecoder({ holdFrames: 3, minProb: 0.6 }, LABELS_29);
  assert.deepEqual(feed(d, [['H', 0.7], ['H', 0.6], ['H', 0.9], ['H', 0.9]]), [null, null, 'H', null]);
  assert.equal(d.transcript, 'H');
});

test('a drop below minProb restarts the hold', () => {
  const d = new TranscriptDecoder({ holdFrames: 2, minProb: 0.6 }, LABELS_29);
  assert.deepEqual(feed(d, [['A', 0.7], ['A', 0.59], ['A', 0.7], ['A', 0.7]]), [null, null, null, 'A']);
});

test('the same letter twice needs a release in between', () => {
  const d = new TranscriptDecoder({ holdFrames: 2, minProb: 0.6 }, LABELS_29);
  feed(d, [['L', 0.9], ['L', 0.9], ['L', 0.9], ['L', 0.9], ['L', 0.9]]);
  assert.equal(d.transcript, 'L', 'held L is emitted once');
  feed(d, [['L', 0.3], ['L', 0.9], ['L', 0.9]]);
  assert.equal(d.transcript, 'LL', 'a drop below minProb releases');
  feed(d, [['O', 0.5], ['L', 0.9], ['L', 0.9]]);
  assert.equal(d.transcript, 'LLL', 'an argmax change releases, even below minProb');
});

test('SPACE adds a space, DELETE removes the last character, NOTHING emits nothing', () => {
  const d = new TranscriptDecoder({ holdFrames: 1, minProb: 0.5 }, LABELS_29);
  const out = feed(d, [['H', 0.9], ['I', 0.9], ['SPACE', 0.9], ['NOTHING', 0.9], ['Y', 0.9], ['DELETE', 0.9]]);
  assert.deepEqual(out, ['H', 'I', 'SPACE', null, 'Y', 'DELETE']);
  assert.equal(d.transcript, 'HI ');
  const empty = new TranscriptDecoder({ holdFrames: 1, minProb: 0.5 }, LABELS_29);
  feed(empty, [['DELETE', 0.9]]);
  assert.equal(empty.transcript, '', 'DELETE on an empty transcript is harmless');
});

test('labels from a profile are appended as they are', () => {
  const d = new TranscriptDecoder({ holdFrames: 1, minProb: 0.5 }, ['HELLO', 'NOTHING']);
  assert.equal(d.push([0.9, 0.1]), 'HELLO');
  assert.equal(d.transcript, 'HELLO');
});
