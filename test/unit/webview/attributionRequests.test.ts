// The webview's attribution requests: one in flight, only the newest playhead asked for next, answers kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributionRequests } from '../../../src/webview/attributionRequests';
import type { AttributionMessage, RequestAttributionMessage } from '../../../src/protocol/messages';

function setUp() {
  const posted: RequestAttributionMessage[] = [];
  const requests = new AttributionRequests((m) => posted.push(m));
  const answer = (m: RequestAttributionMessage, extra: Partial<AttributionMessage> = {}): AttributionMessage => ({
    type: 'attribution',
    id: m.id,
    frame: m.frame,
    windowFrames: Int32Array.from([m.frame - 1, m.frame]),
    probs: new Float32Array(24),
    classCount: 1,
    ...extra,
  });
  return { posted, requests, answer };
}

test('a playhead that moves while a request runs: the frames passed over are never asked for', () => {
  const { posted, requests, answer } = setUp();
  assert.equal(requests.want(40), null);
  for (let f = 41; f <= 70; f++) assert.equal(requests.want(f), null, 'not known yet');
  assert.deepEqual(posted.map((m) => m.frame), [40], 'one request in flight');
  assert.equal(requests.receive(answer(posted[0])), true);
  assert.deepEqual(posted.map((m) => m.frame), [40, 70], 'then the newest playhead only');
  assert.ok(requests.busy);
  requests.receive(answer(posted[1]));
  assert.equal(requests.busy, false);
  assert.equal(requests.want(70)?.frame, 70);
  assert.equal(requests.want(40)?.frame, 40, 'the earlier answer is kept: scrubbing back shows it at once');
  assert.equal(posted.length, 2);
});

test('answers to requests no longer awaited are ignored; a stale answer is not kept and the newest is asked for', () => {
  const { posted, requests, answer } = setUp();
  requests.want(10);
  assert.equal(requests.receive(answer({ ...posted[0], id: 99 })), false, 'an unknown id');
  requests.want(12);
  assert.equal(requests.receive(answer(posted[0], { stale: true, windowFrames: undefined, probs: undefined })), true);
  assert.deepEqual(posted.map((m) => m.frame), [10, 12]);
  assert.equal(requests.want(10), null, 'a stale answer is no answer');
  requests.receive(answer(posted[1]));
  assert.deepEqual(posted.map((m) => m.frame), [10, 12, 10]);
});

test('a frame without a window is an answer too (its reason), and at most 64 frames are kept', () => {
  const { posted, requests, answer } = setUp();
  requests.want(3);
  requests.receive(answer(posted[0], { windowFrames: undefined, probs: undefined, reason: 'frame 3 has no hand' }));
  assert.equal(requests.want(3)?.reason, 'frame 3 has no hand');
  for (let f = 100; f < 170; f++) {
    requests.want(f);
    requests.receive(answer(posted[posted.length - 1]));
  }
  assert.equal(requests.want(3), null, 'the oldest answers went');
  assert.equal(requests.want(169)?.frame, 169);
});
