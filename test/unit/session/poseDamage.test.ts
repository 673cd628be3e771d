import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readSession, SessionError } from '../../../src/core/session';
import { buildPose } from './poseBuilder';
import { sharedData, tempDir, writeTemp } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';

/** A cut or damaged .pose file never becomes shifted data, and its errors stay short and printable. */
const dir = tempDir();
const real = readFileSync(sharedData('real', 'pose', 'mediapipe.pose'));

test('a .pose 0.1 file one byte short keeps its 169 proven frames, each as the whole file has it', async () => {
  const whole = await readSession(writeTemp(dir, real, 'whole.pose'));
  const cut = await readSession(writeTemp(dir, real.subarray(0, real.length - 1), 'cut1.pose'));
  assert.equal(sessionFrames(cut).length, 169);
  assert.match(cut.problems.map((p) => p.message).join(' | '), /kept the first 169 of the 170 frames/);
  for (let f = 0; f < 169; f++) {
    assert.equal(sessionFrames(cut)[f].hands.length, sessionFrames(whole)[f].hands.length, `frame ${f}: hand presence`);
    for (const [i, h] of sessionFrames(cut)[f].hands.entries()) {
      assert.ok(h.score !== undefined && h.score >= 0 && h.score <= 1, `frame ${f}: score ${h.score} in 0..1`);
      assert.deepEqual(Array.from(h.landmarks), Array.from(sessionFrames(whole)[f].hands[i].landmarks), `frame ${f}: landmarks`);
    }
  }
});

test('a .pose 0.1 file cut in half is an error naming the expected and actual body sizes', async () => {
  const half = real.subarray(0, Math.floor(real.length / 2));
  await assert.rejects(readSession(writeTemp(dir, half, 'half.pose')), (e: unknown) => {
    assert.ok(e instanceof SessionError);
    assert.match(e.message, /body is \d+ bytes; expected 484160 bytes for the 170 frames its header declares/);
    assert.equal(e.message.includes('\n'), false);
    return true;
  });
});

test('a .pose 0.1 file whose size fits neither whole frames nor its header is an error, never shifted frames', async () => {
  const frames = Array.from({ length: 6 }, (_, i) => ({ right: Array.from({ length: 21 }, (_, p) => [10 + p + i, 10 + p, 1]) }));
  const bytes = buildPose({ version: 0.1, fps: 25, width: 100, height: 100, frames });
  // The header's frame count says 9 while the body holds 6 frames and 3 more bytes.
  const damaged = Buffer.concat([bytes, Buffer.from([1, 2, 3])]);
  const countAt = damaged.length - 3 - 6 * (2 * 21 * 4 * 4) - 4;
  damaged.writeUInt16LE(9, countAt);
  await assert.rejects(readSession(writeTemp(dir, damaged, 'misfit.pose')), (e: unknown) => {
    assert.ok(e instanceof SessionError);
    assert.match(e.message, /not a whole number of 672-byte frames/);
    return true;
  });
});

test('a .pose header with a huge binary component name gives a short, escaped one-line error', async () => {
  const name = Buffer.concat([Buffer.from('HAND\n'), Buffer.alloc(14_000, 0), Buffer.from([0xff, 0xfe, 7, 8])]);
  const parts: Buffer[] = [];
  const u16 = (v: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(v); parts.push(b); };
  const str = (s: Buffer) => { u16(s.length); parts.push(s); };
  const version = Buffer.alloc(4);
  version.writeFloatLE(0.1);
  parts.push(version);
  u16(100); u16(100); u16(0); u16(1);
  str(name); str(Buffer.from('XYZC')); u16(3); u16(0); u16(0);
  for (let p = 0; p < 3; p++) str(Buffer.from(`P${p}`));
  u16(25); u16(1); u16(1);
  parts.push(Buffer.alloc(3 * 4 * 4));
  await assert.rejects(readSession(writeTemp(dir, Buffer.concat(parts), 'binary-name.pose')), (e: unknown) => {
    assert.ok(e instanceof SessionError);
    assert.match(e.message, /no hand component with 21 points/);
    assert.ok(e.message.length < 400, `error is ${e.message.length} characters`);
    // eslint-disable-next-line no-control-regex -- looking for control characters
    assert.doesNotMatch(e.message, /[\u0000-\u001f\u007f-\u009f\ufffd]/, 'no control or replacement characters');
    assert.match(e.message, /"HAND\\n\\u0000\\u0000/);
    return true;
  });
});
