import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';
import { textToClassLabels, SynthTextError } from '../../../src/core/synth/fingerspellingText';
import { SeededRandom } from '../../../src/core/synth/random';
import { serializeSession } from '../../../src/core/session/sessionLines';
import { stateAt, timelineDuration } from '../../../src/core/synth/timeline';
import { handPointsInCamera } from '../../../src/core/synth/renderHand';

test('the PRNG is deterministic per seed and uniform enough', () => {
  const a = new SeededRandom(42);
  const b = new SeededRandom(42);
  const c = new SeededRandom(43);
  const xs = Array.from({ length: 1000 }, () => a.next());
  assert.deepEqual(xs, Array.from({ length: 1000 }, () => b.next()));
  assert.notDeepEqual(xs.slice(0, 10), Array.from({ length: 10 }, () => c.next()));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test('a seed gives the same session every time; another seed gives another signer', () => {
  const one = serializeSession(synthesizeFingerspelling('HELLO WORLD', { seed: 7 }).session);
  const two = serializeSession(synthesizeFingerspelling('HELLO WORLD', { seed: 7 }).session);
  const other = serializeSession(synthesizeFingerspelling('HELLO WORLD', { seed: 8 }).session);
  assert.deepEqual(one, two);
  assert.notDeepEqual(one.slice(1, 40), other.slice(1, 40));
});

test('frames hold 21 points, at the requested rate, with one label per character in order', () => {
  const { session } = synthesizeFingerspelling('AB C', { seed: 3, fps: 25 });
  assert.equal(session.header.fps, 25);
  assert.ok(session.frames.length > 50);
  session.frames.forEach((f, i) => {
    assert.equal(f.index, i);
    assert.ok(Math.abs(f.t - (i * 1000) / 25) < 1e-3);
    for (const h of f.hands) {
      assert.equal(h.landmarks.length, 63);
      assert.ok(h.landmarks.every((v) => Number.isFinite(v) && Math.abs(v) < 2));
      assert.equal(h.landmarks[2], 0);
    }
  });
  assert.deepEqual(session.labels.map((l) => l.text), ['A', 'B', 'SPACE', 'C']);
  for (let i = 0; i < session.labels.length; i++) {
    const l = session.labels[i];
    assert.ok(l.t1 - l.t0 >= 300, `span ${l.text} lasts ${l.t1 - l.t0} ms`);
    if (i > 0) assert.ok(l.t0 > session.labels[i - 1].t1, 'spans do not overlap');
  }
  assert.ok(session.labels[0].t0 > 500, 'the session starts at rest');
});

test('hold times look natural: about 0.4-0.8 s per static letter, scaled by signing speed', () => {
  const { segments, signer } = synthesizeFingerspelling('ABCDEFGHIKLMNOPQRSTUVWXY', { seed: 21 });
  const holds = segments.filter((s) => s.kind === 'sign').map((s) => (s.holdEnd - s.holdStart) * signer.speed);
  assert.ok(holds.every((h) => h >= 0.4 - 1e-9 && h <= 0.8 + 1e-9), `holds ${holds.map((h) => h.toFixed(2))}`);
  assert.ok(Math.max(...holds) - Math.min(...holds) > 0.15, 'holds vary');
});

test('a left hand is the mirror image of the right hand of the same seed', () => {
  const right = synthesizeFingerspelling('LOVE', { seed: 5, handedness: 'Right' }).session;
  const left = synthesizeFingerspelling('LOVE', { seed: 5, handedness: 'Left' }).session;
  assert.equal(left.frames.length, right.frames.length);
  let compared = 0;
  right.frames.forEach((rf, i) => {
    const lf = left.frames[i];
    assert.equal(lf.hands.length, rf.hands.length, `frame ${i}: same detections`);
    if (!rf.hands.length) return;
    assert.equal(rf.hands[0].handedness, 'Right');
    assert.equal(lf.hands[0].handedness, 'Left');
    const r = rf.hands[0].landmarks;
    const l = lf.hands[0].landmarks;
    for (let p = 0; p < 21; p++) {
      assert.ok(Math.abs(l[p * 3] - (1 - r[p * 3])) < 2e-6, `frame ${i} point ${p} x`);
      assert.equal(l[p * 3 + 1], r[p * 3 + 1]);
      assert.equal(l[p * 3 + 2], r[p * 3 + 2]);
    }
    compared++;
  });
  assert.ok(compared > 30);
  // The thumb is on opposite sides of the wrist.
  const frame = right.frames.find((f) => f.hands.length)!;
  const lframe = left.frames[frame.index];
  const side = (lm: Float64Array) => Math.sign(lm[4 * 3] - lm[20 * 3]);
  assert.equal(side(frame.hands[0].landmarks), -side(lframe.hands[0].landmarks));
});

test('some frames have no hand, in short runs, at a low rate', () => {
  const text = 'THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG '.repeat(3).trim();
  const { session, signer } = synthesizeFingerspelling(text, { seed: 12 });
  const missing = session.frames.map((f) => f.hands.length === 0);
  const rate = missing.filter(Boolean).length / missing.length;
  assert.ok(rate > 0.003 && rate < 0.08, `no-hand rate ${rate.toFixed(4)} (signer rate ${signer.dropRate.toFixed(4)})`);
  let run = 0;
  for (const m of missing) {
    run = m ? run + 1 : 0;
    assert.ok(run <= 4, 'runs of at most 4 frames');
  }
  const none = synthesizeFingerspelling('HI', { seed: 12, dropRate: 0 }).session;
  assert.ok(none.frames.every((f) => f.hands.length === 1));
});

test('doubled letters get a release between them; practice mode announces each letter as a target', () => {
  const { segments } = synthesizeFingerspelling('LL', { seed: 2 });
  assert.deepEqual(segments.map((s) => s.kind), ['rest', 'sign', 'release', 'sign', 'rest']);
  const { session } = synthesizeFingerspelling('BC', { seed: 2, practice: true });
  assert.deepEqual(session.targets.map((t) => t.letter), ['B', 'C']);
  for (const target of session.targets) {
    const span = session.labels.find((l) => l.text === target.letter)!;
    assert.ok(target.t < span.t0, 'the target comes before the sign');
    assert.equal(session.frames[target.beforeFrame].t, target.t);
  }
});

test('text: letters, space and < map to classes; anything else is a one-line error naming it', () => {
  assert.deepEqual(textToClassLabels('ab <Z'), ['A', 'B', 'SPACE', 'DELETE', 'Z']);
  assert.throws(() => textToClassLabels('HI!'), (e: Error) => e instanceof SynthTextError && /character 3 is "!"/.test(e.message));
  assert.throws(() => textToClassLabels('ÄB'), /character 1 is "Ä"/);
  assert.throws(() => textToClassLabels('   '), /at least one letter/);
  assert.throws(() => synthesizeFingerspelling('A', { fps: 0 }), /fps/);
});

test('transitions are smooth: no point of the hand moves faster than a human hand can, even at segment boundaries', () => {
  for (const seed of [13, 17, 29]) {
    const { segments, signer } = synthesizeFingerspelling('GAP JAZZ QUIZ SOS', { seed });
    // A fine time step: a jump (a discontinuity between segments) would show as an enormous speed.
    const dt = 1 / 240;
    let previous = handPointsInCamera(stateAt(segments, 0), signer);
    let fastest = 0;
    for (let t = dt; t <= timelineDuration(segments); t += dt) {
      const current = handPointsInCamera(stateAt(segments, t), signer);
      for (let p = 0; p < 21; p++) {
        const [a, b] = [current[p], previous[p]];
        fastest = Math.max(fastest, Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) / dt);
      }
      previous = current;
    }
    // Fast fingerspelling moves fingertips at up to about 2-3 m/s; anything far above is a jump.
    assert.ok(fastest < 3, `seed ${seed}: fastest point ${fastest.toFixed(2)} m/s`);
    assert.ok(fastest > 0.3, 'the hand does move');
  }
});
