import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Focus } from '../../../src/webview/focus';
import { RangeRequests } from '../../../src/webview/rangeRequest';
import { SessionStore } from '../../../src/webview/sessionStore';
import { encodeFrames } from '../../../src/protocol/encode';
import { STATUS_PENDING } from '../../../src/protocol/messages';
import { resultsMessage, type ResultRow } from './resultsFixture';

const LABELS = ['A', 'B', 'C'];

const results = (start: number, rows: ResultRow[]) => resultsMessage(start, LABELS.length, rows);

test('auto focus: the target in force, else the smoothed argmax, else the window argmax; a chosen class wins', () => {
  const store = new SessionStore(LABELS, 3, 25);
  store.addResults(results(0, [
    { probs: [0.2, 0.7, 0.1], smoothed: [0.6, 0.3, 0.1], target: 2 },
    { probs: [0.2, 0.7, 0.1], smoothed: [0.6, 0.3, 0.1] },
    { probs: [0.2, 0.7, 0.1] },
  ]));
  const focus = new Focus();
  assert.deepEqual([focus.update(store, 0, 'auto'), focus.index], [true, 2], 'target letter C');
  assert.deepEqual([focus.update(store, 1, 'auto'), focus.index], [true, 0], 'smoothed argmax A');
  assert.deepEqual([focus.update(store, 2, 'auto'), focus.index], [true, 1], 'window argmax B');
  assert.equal(focus.update(store, 2, 'auto'), false, 'unchanged');
  assert.deepEqual([focus.update(store, 0, 'A'), focus.index], [true, 0], 'the chosen class, whatever the target');
});

test('auto focus keeps the last class over frames with no distribution', () => {
  const store = new SessionStore(LABELS, 2, 25);
  store.addResults(results(0, [{ probs: [0.1, 0.1, 0.8] }]));
  const focus = new Focus();
  focus.update(store, 0, 'auto');
  assert.equal(focus.update(store, 1, 'auto'), false);
  assert.equal(focus.index, 2);
});

test('a replay asks for the data around a playhead where none arrived, once per range', () => {
  const store = new SessionStore(LABELS, 5000, 25);
  store.addFrames(encodeFrames(Array.from({ length: 1000 }, (_, i) => ({ index: i, t: i * 40, hands: [] })), 0));
  store.addResults(results(0, Array.from({ length: 1000 }, () => ({ probs: [1, 0, 0] }))));
  const ranges = new RangeRequests();
  assert.equal(ranges.around(store, 500), null, 'frames and results are here');
  assert.deepEqual(ranges.around(store, 3000), { type: 'requestRange', start: 2700, end: 3600 });
  assert.equal(ranges.around(store, 3000), null, 'asked already');
  assert.deepEqual(ranges.around(store, 4900), { type: 'requestRange', start: 4600, end: 5000 }, 'clamped to the session');
  store.addResults(results(999, [{ probs: [1, 0, 0], status: STATUS_PENDING }]));
  assert.deepEqual(ranges.around(store, 999), { type: 'requestRange', start: 699, end: 1599 }, 'a frame whose result is pending');
});
