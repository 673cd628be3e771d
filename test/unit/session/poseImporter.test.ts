import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSession, SessionError, chooseImporter } from '../../../src/core/session';
import { buildPose } from './poseBuilder';
import { sharedData, tempDir, writeTemp } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';
import type { Session } from '../../../src/core/session/types';

const real = (name: string) => sharedData('real', 'pose', name);
const noHand = (s: Session) => sessionFrames(s).filter((f) => f.hands.length === 0).length;

for (const [name, frames, withHand] of [
  ['mediapipe.pose', 170, 145],
  ['mediapipe_long.pose', 278, 253],
  ['mediapipe_hand_normalized.pose', 170, 145],
] as const) {
  test(`${name}: ${frames} frames at 24 fps, the right hand in ${withHand}`, async () => {
    assert.equal((await chooseImporter(real(name))).id, 'pose');
    const session = await readSession(real(name));
    assert.deepEqual(session.problems, []);
    assert.equal(session.header.fps, 24);
    assert.equal(sessionFrames(session).length, frames);
    assert.equal(noHand(session), frames - withHand);
    assert.match(String(session.header.source), /RIGHT_HAND_LANDMARKS/);
    assert.ok(session.notes?.some((n) => /RIGHT_HAND_LANDMARKS, detected in/.test(n.message)));
    assert.equal(sessionFrames(session)[1].t, 41.667);
    assert.equal(sessionFrames(session)[24].t, 1000);
    for (const f of sessionFrames(session)) {
      for (const h of f.hands) {
        assert.equal(h.handedness, 'Right');
        assert.equal(h.score, 1);
        for (let p = 0; p < 21; p++) {
          assert.ok(h.landmarks[p * 3] >= 0 && h.landmarks[p * 3] <= 1, `x in 0..1 (${h.landmarks[p * 3]})`);
          assert.ok(h.landmarks[p * 3 + 1] >= 0 && h.landmarks[p * 3 + 1] <= 1.2, `y near 0..1 (${h.landmarks[p * 3 + 1]})`);
        }
      }
    }
  });
}

test('asking for the left hand of a file without one gives no-hand frames; an absent side is an error', async () => {
  const left = await readSession(real('mediapipe.pose'), { hand: 'left' });
  assert.equal(sessionFrames(left).length, 170);
  assert.equal(noHand(left), 170);
  await assert.rejects(readSession(real('mediapipe_hand_normalized.pose'), { hand: 'left' }), (e: unknown) => e instanceof SessionError && /no left hand component; hand components: RIGHT_HAND_LANDMARKS/.test(e.message));
});

test('z of these files is MediaPipe depth, kept unscaled so the hand keeps its depth after normalization', async () => {
  const session = await readSession(real('mediapipe.pose'));
  assert.ok(session.notes?.some((n) => /z kept as written/.test(n.message)));
  const hand = sessionFrames(session).find((f) => f.hands.length)!.hands[0].landmarks;
  const spread = (axis: number) => {
    const v = Array.from({ length: 21 }, (_, p) => hand[p * 3 + axis]);
    return Math.max(...v) - Math.min(...v);
  };
  // Hand depth spread is a real fraction of its width, not ~0.
  assert.ok(spread(2) / spread(0) > 0.05 && spread(2) / spread(0) < 2, `z/x spread ${spread(2) / spread(0)}`);
  const pixels = await readSession(real('mediapipe.pose'), { poseZ: 'pixels' });
  const z0 = sessionFrames(pixels).find((f) => f.hands.length)!.hands[0].landmarks[2];
  assert.ok(Math.abs(z0 - hand[2] / 1250) < 1e-12);
});

const dir = tempDir();
const handAt = (cx: number, cy: number) => Array.from({ length: 21 }, (_, p) => [cx + p * 4, cy + p * 2, (p % 5) * 3]);

test('a version 0.2 file: float fps, the hand detected in most frames wins, pixels become 0..1', async () => {
  const frames = Array.from({ length: 10 }, (_, i) => ({ left: i % 2 ? handAt(100, 50) : null, right: i < 3 ? handAt(300, 200) : null }));
  const path = writeTemp(dir, buildPose({ version: 0.2, fps: 29.97, width: 640, height: 480, frames }), 'v02.pose');
  const session = await readSession(path);
  assert.deepEqual(session.problems, []);
  assert.equal(Math.abs((session.header.fps ?? 0) - 29.97) < 1e-4, true);
  assert.equal(sessionFrames(session).length, 10);
  assert.deepEqual(sessionFrames(session).map((f) => f.hands.length), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]);
  const h = sessionFrames(session)[1].hands[0];
  assert.equal(h.handedness, 'Left');
  assert.ok(Math.abs(h.landmarks[0] - 100 / 640) < 1e-9);
  assert.ok(Math.abs(h.landmarks[1] - 50 / 480) < 1e-9);
  // z spread here is 12 px against an 80 px wide hand: pixels, divided by the width.
  assert.ok(Math.abs(h.landmarks[3 * 3 + 2] - 9 / 640) < 1e-9);
  assert.ok(Math.abs(sessionFrames(session)[3].t - 3000 / 29.97) < 0.001);
  const right = await readSession(path, { hand: 'right', fps: 10 });
  assert.deepEqual(sessionFrames(right).map((f) => f.hands.length), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(sessionFrames(right)[2].t, 200);
});

test('a cut version 0.1 file keeps its whole frames and reports the rest; a cut 0.2 file says what it declared', async () => {
  const frames = Array.from({ length: 6 }, () => ({ right: handAt(10, 10) }));
  const v1 = await readSession(writeTemp(dir, buildPose({ version: 0.1, fps: 25, width: 100, height: 100, frames, truncateBytes: 10 }), 'cut1.pose'));
  assert.equal(sessionFrames(v1).length, 5);
  assert.match(v1.problems[0].message, /kept the first 5 of the 6 frames/);
  const v2 = await readSession(writeTemp(dir, buildPose({ version: 0.2, fps: 25, width: 100, height: 100, frames, declaredFrames: 9 }), 'cut2.pose'));
  assert.match(v2.problems[0].message, /declares 9 frames/);
});

test('bad .pose headers are one-line SessionErrors', async () => {
  const good = buildPose({ version: 0.1, fps: 25, width: 100, height: 100, frames: [{ right: handAt(1, 1) }] });
  const cases: [string, Uint8Array, RegExp][] = [
    ['header cut', good.subarray(0, 60), /ends while reading component 1 of 2/],
    ['zero width', (() => { const b = Uint8Array.from(good); b[4] = 0; b[5] = 0; return b; })(), /0x100 frame/],
  ];
  for (const [name, bytes, message] of cases) {
    await assert.rejects(readSession(writeTemp(dir, bytes, `${name.replace(/ /g, '-')}.pose`)), (e: unknown) => {
      assert.ok(e instanceof SessionError, name);
      assert.match(e.message, message, name);
      return true;
    });
  }
});
