import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionStore } from '../../../src/webview/sessionStore';
import { LABELS_29 } from '../../../src/core/model/profile';
import { STATUS_PENDING, STATUS_READY, STATUS_BUFFERING, type ResultsMessage } from '../../../src/protocol/messages';
import { resultsMessage } from './resultsFixture';

function results(start: number, statuses: number[]): ResultsMessage {
  return resultsMessage(start, LABELS_29.length, statuses.map((status) => ({ status })));
}

test('a frame still pending after a results message is not counted as analysed, however often it is sent', () => {
  const store = new SessionStore([...LABELS_29], 4, 30);
  store.addResults(results(0, [STATUS_PENDING, STATUS_PENDING, STATUS_PENDING, STATUS_PENDING]));
  store.addResults(results(0, [STATUS_PENDING, STATUS_PENDING, STATUS_PENDING, STATUS_PENDING]));
  assert.equal(store.resultsReceived, 0);
  store.addResults(results(0, [STATUS_BUFFERING, STATUS_BUFFERING, STATUS_PENDING, STATUS_PENDING]));
  assert.equal(store.resultsReceived, 2);
});

test('a frame is counted once, on its change from pending, even when its result is sent again', () => {
  const store = new SessionStore([...LABELS_29], 3, 30);
  store.addResults(results(0, [STATUS_READY, STATUS_READY, STATUS_PENDING]));
  store.addResults(results(0, [STATUS_READY, STATUS_READY, STATUS_PENDING]));
  assert.equal(store.resultsReceived, 2);
  assert.equal(store.isComplete(), false);
  store.addResults(results(2, [STATUS_READY]));
  assert.equal(store.resultsReceived, 3);
});

test('a frame sent back to pending is no longer counted', () => {
  const store = new SessionStore([...LABELS_29], 2, 30);
  store.addResults(results(0, [STATUS_READY, STATUS_READY]));
  store.addResults(results(1, [STATUS_PENDING]));
  assert.equal(store.resultsReceived, 1);
});

test('provisional results show distributions but do not count as analysed until the final ones come', () => {
  const store = new SessionStore([...LABELS_29], 3, 30);
  store.addResults({ ...results(0, [STATUS_READY, STATUS_READY, STATUS_READY]), provisional: true });
  assert.equal(store.resultsReceived, 0);
  assert.equal(store.status[1], STATUS_READY, 'the provisional status is shown');
  assert.equal(store.isComplete(), false);
  store.addResults(results(1, [STATUS_READY, STATUS_READY]));
  assert.equal(store.resultsReceived, 2);
  store.addResults(results(0, [STATUS_BUFFERING]));
  assert.equal(store.resultsReceived, 3);
});

test('provisional results leave smoothing and replies unknown; final results without distributions keep the provisional ones', async () => {
  const { encodeResults, encodeWindowResults } = await import('../../../src/protocol/encode');
  const c = LABELS_29.length;
  const probs = (k: number) => Float32Array.from({ length: c }, (_, i) => (i === k ? 0.9 : 0.1 / (c - 1)));
  const frame = (i: number, final: boolean) => ({
    frame: i, t: i * 33, status: 'ready' as const, probs: probs(i), smoothed: final ? probs(i + 1) : null,
    response: final ? { maxarg_letter: LABELS_29[i + 1], target_arg_prob: 0.5 } : null, sent: final,
    bufferFill: 32, smoothingFill: 5, target: null, transcript: final ? 'B' : '', emitted: final && i === 1 ? 'B' : null,
  });
  const store = new SessionStore([...LABELS_29], 3, 30);
  store.addResults(encodeResults([0, 1, 2].map((i) => frame(i, true)), 0, LABELS_29));
  // A provisional message for frames that had final results (a new analysis): their replies are unknown again.
  store.addResults(encodeWindowResults([1, 2].map((i) => frame(i, false)), 1, LABELS_29));
  assert.equal(store.replyLetter[0], 1, 'frame 0 untouched');
  assert.deepEqual([store.replyLetter[1], store.sent[1], store.emitted[1]], [-1, 0, -1]);
  assert.ok(Number.isNaN(store.replyProb[2]) && Number.isNaN(store.smoothed[2 * c]));
  assert.equal(store.probs[1 * c + 1], probs(1)[1]);
  assert.equal(store.resultsReceived, 1, 'provisional frames do not count as analysed');
  // Final results without the distributions: the provisional ones stay.
  store.addResults(encodeResults([1, 2].map((i) => frame(i, true)), 1, LABELS_29, 'B', { probs: false }));
  assert.equal(store.probs[2 * c + 2], probs(2)[2]);
  assert.equal(store.smoothed[2 * c + 3], probs(3)[3]);
  assert.deepEqual([store.replyLetter[2], store.sent[2], store.emitted[1]], [3, 1, 1], 'B is class 1');
  assert.equal(store.resultsReceived, 3);
});
