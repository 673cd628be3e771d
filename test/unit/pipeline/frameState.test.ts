// The one rule for a frame's state (status, buffer fills, target in force), sequential and random access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameState, frameStateAt, hasWindow, targetInForce } from '../../../src/core/pipeline/frameState';
import { WindowStage } from '../../../src/core/pipeline/windowStage';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import type { TargetChange } from '../../../src/core/session/types';
import { TargetQueue } from '../../../src/core/session/targetQueue';
import { frame, handAt, logitsFor, profileWith, ScriptedRunner, sessionOf } from './handFrames';

const sizes = { windowSize: 3, smoothingWindow: 2 };

test('frameState: buffering until the window buffer fills, smoothing until the smoothing buffer does', () => {
  const seen = [0, 1, 2, 3, 4, 5].map((hands) => frameState(sizes, hands, true, 'a'));
  assert.deepEqual(
    seen.map((s) => [s.status, s.bufferFill, s.smoothingFill]),
    [
      ['buffering', 0, 0],
      ['buffering', 1, 0],
      ['buffering', 2, 0],
      ['smoothing', 3, 1],
      ['ready', 3, 2],
      ['ready', 3, 2],
    ],
  );
  assert.ok(seen.every((s) => s.target === 'a'));
  assert.deepEqual(frameState(sizes, 4, false, null), { status: 'no-hand', bufferFill: 3, smoothingFill: 2, target: null });
  assert.deepEqual(
    [0, 2, 3, 4].map((hands) => hasWindow(frameState(sizes, hands, true, null))),
    [false, false, true, true],
  );
});

test('targetInForce: the latest change at or before the frame, the last in file order on ties, as TargetQueue applies them', () => {
  const targets: TargetChange[] = [
    { t: 0, letter: 'c', beforeFrame: 9 },
    { t: 0, letter: 'a', beforeFrame: 4 },
    { t: 0, letter: 'b', beforeFrame: 4 },
    { t: 0, letter: null, beforeFrame: 12 },
  ];
  assert.deepEqual(targetInForce(targets, 3), { target: null, since: 0 });
  assert.deepEqual(targetInForce(targets, 4), { target: 'b', since: 4 });
  assert.deepEqual(targetInForce(targets, 11), { target: 'c', since: 9 });
  assert.deepEqual(targetInForce(targets, 20), { target: null, since: 12 });
  const queue = new TargetQueue(targets);
  let last: string | null = null;
  for (let f = 0; f < 20; f++) {
    for (let c = queue.nextBefore(f); c; c = queue.nextBefore(f)) last = c.letter;
    assert.equal(targetInForce(targets, f).target, last, `frame ${f}`);
  }
});

test('frameStateAt equals the window stage frame by frame, and both equal what replaySession reports', async () => {
  // Hands dropped here and there, and target changes (two before the same frame) that clear the buffers.
  const frames = Array.from({ length: 60 }, (_, i) => frame(i, i * 40, i % 7 === 3 || i % 11 === 5 ? null : handAt(0.3 + 0.001 * i)));
  const targets: TargetChange[] = [
    { t: 400, letter: 'a', beforeFrame: 10 },
    { t: 400, letter: 'b', beforeFrame: 10 },
    { t: 1200, letter: null, beforeFrame: 30 },
    { t: 1800, letter: 'c', beforeFrame: 45 },
  ];
  const session = sessionOf(frames, targets);
  const profile = profileWith({ windowSize: 4, smoothingWindow: 3, normalization: 'none' });
  const stage = new WindowStage(profile);
  const queue = new TargetQueue(targets);
  const sequential = frames.map((f, i) => {
    for (let c = queue.nextBefore(i); c; c = queue.nextBefore(i)) stage.changeTarget(c.letter);
    return stage.push(f.hands[0]?.landmarks ?? null);
  });
  const source = { hasHand: (i: number) => frames[i].hands.length > 0 };
  frames.forEach((_, i) => assert.deepEqual(frameStateAt(source, targets, profile, i), sequential[i], `frame ${i}`));
  const statuses = new Set(sequential.map((s) => s.status));
  assert.deepEqual([...statuses].sort(), ['buffering', 'no-hand', 'ready', 'smoothing'], 'every status occurs');

  const replay = await replaySession(session, profile, new ScriptedRunner(profile.labels.length, (n) => logitsFor(n % 3, 0.6, profile.labels.length), 4 * 63));
  assert.deepEqual(
    replay.frames.map((r) => ({ status: r.status, bufferFill: r.bufferFill, smoothingFill: r.smoothingFill, target: r.target })),
    sequential,
  );
});
