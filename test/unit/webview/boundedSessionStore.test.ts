import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionStore } from '../../../src/webview/sessionStore';
import { LABELS_29 } from '../../../src/core/model/profile';
import { STATUS_READY, type FramesMessage } from '../../../src/protocol/messages';
import { VALUES_PER_FRAME } from '../../../src/core/hand/topology';
import { resultsMessage } from './resultsFixture';

const C = LABELS_29.length;
const MS = 1000 / 30;

/** Frames [start, start + count) as the live panel appends them: frame f at f * 33.3 ms, x of landmark 0 = f. */
function frames(start: number, count: number, extra: Partial<FramesMessage> = {}): FramesMessage {
  const landmarks = new Float32Array(count * VALUES_PER_FRAME).fill(0.5);
  for (let i = 0; i < count; i++) landmarks[i * VALUES_PER_FRAME] = start + i;
  return {
    type: 'frames',
    start,
    count,
    t: Float64Array.from({ length: count }, (_, i) => 5000 + (start + i) * MS),
    landmarks,
    hasHand: new Uint8Array(count).fill(1),
    totalFrames: start + count,
    ...extra,
  };
}

/** Results whose reply letter is the frame number mod 29 and whose window distribution peaks there too. */
function results(start: number, count: number, transcriptEvery = 0) {
  const rows = Array.from({ length: count }, (_, i) => {
    const k = (start + i) % C;
    const probs = new Array<number>(C).fill(0);
    probs[k] = 1;
    return { status: STATUS_READY, probs, smoothed: probs, reply: k, target: k };
  });
  const transcript = transcriptEvery
    ? Array.from({ length: count }, (_, i) => start + i).filter((f) => f % transcriptEvery === 0).map((f) => ({ frame: f, text: `t${f}` }))
    : [];
  return resultsMessage(start, C, rows, { transcript });
}

/** Streams `total` frames in batches of `batch`, frames then results, as the live panel does. */
function stream(store: SessionStore, total: number, batch: number, transcriptEvery = 0): void {
  for (let s = 0; s < total; s += batch) {
    const n = Math.min(batch, total - s);
    store.addFrames(frames(s, n));
    store.addResults(results(s, n, transcriptEvery));
  }
}

test('a bounded store keeps exactly the last N frames when it drops, each at the right index', () => {
  const keep = 160;
  const store = new SessionStore([...LABELS_29], 0, 30, keep);
  let maxHeld = 0;
  for (let s = 0; s < 1000; s += 3) {
    store.addFrames(frames(s, 3));
    store.addResults(results(s, 3));
    maxHeld = Math.max(maxHeld, store.frameCount);
    assert.equal(store.sessionFrames, s + 3, 'frame numbers keep counting');
    // Every frame held is at index (session frame - dropped), with its own data.
    for (const i of [0, store.frameCount - 1]) {
      const f = store.sessionFrame(i);
      assert.equal(store.landmarks[i * VALUES_PER_FRAME], f, `landmarks of frame ${f} at index ${i}`);
      assert.equal(store.t[i], 5000 + f * MS, `time of frame ${f}`);
      assert.equal(store.replyLetter[i], f % C, `reply of frame ${f}`);
      assert.equal(store.argmax(store.probs, i), f % C, `distribution of frame ${f}`);
    }
  }
  assert.ok(maxHeld <= keep + Math.ceil(keep / 16), `held at most keep + its slack: ${maxHeld}`);
  assert.ok(store.dropped > 0, 'frames were dropped');
  // Right after a drop the store holds exactly `keep` frames: the newest ones.
  const exact = new SessionStore([...LABELS_29], 0, 30, keep);
  stream(exact, keep + Math.ceil(keep / 16), 1);
  assert.equal(exact.dropped, 0, 'no drop within the slack');
  stream2(exact, keep + Math.ceil(keep / 16), 1);
  assert.equal(exact.frameCount, keep, 'exactly keep frames after the drop');
  assert.equal(exact.dropped, Math.ceil(keep / 16) + 1);
  assert.equal(exact.sessionFrame(0), exact.sessionFrames - keep, 'the first held is the oldest of the last keep');
  assert.equal(exact.landmarks[0], exact.sessionFrames - keep);
  // Counts follow what is held; the tails beyond are emptied for the next frames.
  assert.equal(exact.framesReceived, keep);
  assert.equal(exact.resultsReceived, keep);
  assert.equal(exact.isComplete(), true);
  assert.ok(Number.isNaN(exact.t[keep]) && Number.isNaN(exact.probs[keep * C]) && exact.frameKnown[keep] === 0, 'slots past the held frames are empty');
});

/** One more frame after `from` frames (for the drop right at the bound). */
function stream2(store: SessionStore, from: number, n: number): void {
  store.addFrames(frames(from, n));
  store.addResults(results(from, n));
}

test('times: seconds count from the session start after it is dropped, lookups by time use what is held', () => {
  const store = new SessionStore([...LABELS_29], 0, 30, 100);
  stream(store, 400, 4);
  const first = store.sessionFrame(0);
  assert.ok(first > 0);
  assert.equal(store.startMs(), 5000 + first * MS, 'startMs: the first frame held');
  assert.equal(store.originMs(), 5000, 'originMs: the session first frame');
  assert.equal(store.secondsAt(0), ((first * MS) / 1000).toFixed(3), 'seconds keep counting');
  const i = 37;
  assert.equal(store.frameAtTime(5000 + store.sessionFrame(i) * MS + 1), i);
  assert.equal(store.frameAtTime(0), 0, 'a time before what is held: the first frame held');
});

test('transcript, targets and target replies shift with the frames; the text and target in force stay', () => {
  const store = new SessionStore([...LABELS_29], 0, 30, 50);
  for (let s = 0; s < 200; s += 5) {
    const targets = Array.from({ length: Math.floor(s / 40) + 1 }, (_, k) => ({ frame: k * 40, t: 5000 + k * 40 * MS, letter: LABELS_29[k] }));
    store.addFrames(frames(s, 5, { targets }));
    const r = results(s, 5, 7);
    if (s % 40 === 0) r.targetReplies = [{ frame: s, t: 5000 + s * MS, reply: { letter: LABELS_29[s / 40], probability: 1 } as never }];
    store.addResults(r);
  }
  const first = store.sessionFrame(0);
  // Transcript at the first frame held: the last change at or before it, even when that change was dropped.
  const lastChange = first - (first % 7);
  assert.equal(store.transcriptAt(0), `t${lastChange}`);
  const newest = store.frameCount - 1;
  const f = store.sessionFrame(newest);
  assert.equal(store.transcriptAt(newest), `t${f - (f % 7)}`);
  // The target in force at the first frame held starts there; later ones keep their own frames.
  const inForce = Math.floor(first / 40);
  assert.deepEqual(
    store.targets.map((t) => [t.frame, t.letter]),
    [[0, LABELS_29[inForce]], ...Array.from({ length: 4 - inForce }, (_, k) => [(inForce + 1 + k) * 40 - first, LABELS_29[inForce + 1 + k]])],
  );
  assert.ok(store.targetReplies.every((r) => r.frame >= 0 && (r.frame + first) % 40 === 0), 'replies at their frames, none dropped ones');
  assert.equal(store.targetReplies.length, Math.floor((store.sessionFrames - 1) / 40) - Math.ceil(first / 40) + 1);
});

test('a message for frames already dropped is clipped to what is held; a store without a bound never drops', () => {
  const store = new SessionStore([...LABELS_29], 0, 30, 40);
  stream(store, 120, 10);
  const first = store.sessionFrame(0);
  // Results for frames partly dropped: only the held part lands.
  store.addResults(resultsMessage(first - 2, C, Array.from({ length: 4 }, () => ({ status: STATUS_READY, reply: 3 }))));
  assert.deepEqual([...store.replyLetter.subarray(0, 3)], [3, 3, (first + 2) % C]);
  const all = new SessionStore([...LABELS_29], 0, 30);
  stream(all, 3000, 30);
  assert.equal(all.dropped, 0);
  assert.equal(all.frameCount, 3000);
  assert.throws(() => new SessionStore([...LABELS_29], 0, 30, 0), /keepFrames must be at least 1/);
});
