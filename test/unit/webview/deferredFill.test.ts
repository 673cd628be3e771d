import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionStore } from '../../../src/webview/sessionStore';
import { STATUS_READY, type ResultsMessage } from '../../../src/protocol/messages';

const labels = ['A', 'B', 'C'];

test('a store filled later in steps holds the same empty columns as one filled at once', () => {
  const frames = 200_000;
  const now = new SessionStore(labels, frames, 30);
  const later = new SessionStore(labels, frames, 30, Infinity, true);
  let steps = 0;
  while (!later.fillPending(() => true)) steps++;
  assert.ok(steps > 1, `an hour-size fill takes several steps (took ${steps + 1})`);
  for (const name of ['t', 'landmarks', 'hasHand', 'frameKnown', 'status', 'probs', 'smoothed', 'replyLetter', 'replyProb', 'sent', 'target', 'emitted'] as const) {
    const a = now[name];
    const b = later[name];
    assert.equal(b.length, a.length, name);
    // NaN === NaN is false: compare the bytes.
    assert.ok(Buffer.from(a.buffer).equals(Buffer.from(b.buffer)), `${name} differs`);
  }
  assert.equal(later.fillPending(() => true), true, 'nothing is left to fill');
});

test('a store that grows before its deferred fill finished fills it first', () => {
  const store = new SessionStore(labels, 100, 30, Infinity, true);
  const results: ResultsMessage = {
    type: 'results', start: 150, count: 1, classCount: 3,
    status: new Uint8Array([STATUS_READY]), probs: new Float32Array([0.1, 0.7, 0.2]), bufferFill: new Uint8Array([32]),
    smoothingFill: new Uint8Array([5]), target: new Int16Array([-1]), transcript: [],
  };
  store.addResults(results);
  assert.equal(store.fillPending(() => true), true);
  assert.ok(Number.isNaN(store.probs[0]) && Number.isNaN(store.t[99]), 'frames before the result are still empty');
  assert.ok(Math.abs(store.probs[150 * 3 + 1] - 0.7) < 1e-6);
});
