import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { readLandmarksSession } from '../../../src/core/session/readLandmarksSession';
import { SessionImages } from '../../../src/core/session/sessionImages';
import { tempDir } from '../session/testPaths';
import { ASL_REFERENCE, framesOutside, hands } from './detectorTestKit';

function capture() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), cwd: process.cwd() } };
}

test('convert asl_hand.25fps.webm: every one of its 325 frames, at its own time, within 26 px of the reference; images kept', async () => {
  const dir = tempDir();
  const out = join(dir, 'asl.landmarks.jsonl');
  const { io, out: text } = capture();
  const code = await main(['convert', hands('asl_hand.25fps.webm'), '--out', out, '--images'], io);
  assert.equal(code, 0, text.stderr);
  assert.match(text.stdout, /^wrote .*asl\.landmarks\.jsonl from .*asl_hand\.25fps\.webm \(WebM VP9\): 325 frames \(0 without a hand\), 25 fps, images in /);
  const session = await readLandmarksSession(out);
  assert.equal(session.problems.length, 0);
  assert.equal(session.header.fps, 25);
  assert.deepEqual(session.frames.map((f) => f.t), Array.from({ length: 325 }, (_, i) => i * 40));
  assert.deepEqual(framesOutside(session.frames.map((f) => f.hands[0]?.landmarks ?? null), ASL_REFERENCE()), []);
  const images = (await SessionImages.open(out, session.header))!;
  assert.equal(images.count, 325);
  const first = (await images.read(0))!;
  assert.equal(first.type, 'jpeg');
  assert.ok(first.bytes.byteLength > 1000);
});

test('convert asl_hand_frames/ (325 JPEGs, --fps 25): every frame within 26 px of the reference', async () => {
  const dir = tempDir();
  const out = join(dir, 'frames.landmarks.jsonl');
  const { io, out: text } = capture();
  const code = await main(['convert', hands('asl_hand_frames'), '--out', out, '--fps', '25', '--images'], io);
  assert.equal(code, 0, text.stderr);
  const session = await readLandmarksSession(out);
  assert.equal(session.frames.length, 325);
  assert.equal(session.frames[10].t, 400);
  assert.deepEqual(framesOutside(session.frames.map((f) => f.hands[0]?.landmarks ?? null), ASL_REFERENCE()), []);
  // The folder's own JPEG bytes are kept as they are.
  assert.equal(readdirSync(join(dir, 'frames.images')).length, 325);
});
