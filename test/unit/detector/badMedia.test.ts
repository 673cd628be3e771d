import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { main } from '../../../src/cli/main';
import { serve } from '../../../src/cli/commands/serve';
import { readLandmarksSession } from '../../../src/core/session/readLandmarksSession';
import { WebSocket } from 'ws';
import { tempDir } from '../session/testPaths';
import { ffmpeg, hands } from './detectorTestKit';

function capture(env?: Record<string, string>) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), cwd: process.cwd() }, env };
}

test('a video without a hand: every frame written as a frame without a hand', async () => {
  const dir = tempDir();
  const video = join(dir, 'blue.webm');
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=blue:s=320x240:r=25:d=1', '-c:v', 'libvpx-vp9', video]);
  const out = join(dir, 'blue.landmarks.jsonl');
  const { io, out: text } = capture();
  assert.equal(await main(['convert', video, '--out', out], io), 0, text.stderr);
  const session = await readLandmarksSession(out);
  assert.equal(session.frames.length, 25);
  assert.ok(session.frames.every((f) => f.hands.length === 0));
  assert.match(text.stdout, /25 frames \(25 without a hand\)/);
});

test('a codec the browser cannot decode, a file that is no video, an empty folder: one line each, exit 2', async () => {
  const dir = tempDir();
  const mpeg4 = join(dir, 'old.mp4');
  ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=160x120:r=10:d=1', '-c:v', 'mpeg4', mpeg4]);
  const fake = join(dir, 'fake.webm');
  const { writeFileSync, mkdirSync } = await import('node:fs');
  writeFileSync(fake, 'not a video at all');
  mkdirSync(join(dir, 'empty'));
  const cases: Array<[string, RegExp]> = [
    [mpeg4, /old\.mp4: MPEG-4 Part 2 \(mp4v\) video cannot be decoded by the detector's browser; convert it to WebM VP9, e\.g\. ffmpeg -i /],
    [fake, /fake\.webm: not a WebM or MP4 video \(unknown file signature\)/],
    [join(dir, 'empty'), /empty: no \.jpg, \.jpeg or \.png images in this folder/],
  ];
  for (const [input, expected] of cases) {
    const { io, out } = capture();
    assert.equal(await main(['convert', input, '--out', join(dir, 'x.landmarks.jsonl'), '--force'], io), 2, input);
    assert.match(out.stderr, expected);
    assert.equal(out.stderr.trim().split('\n').length, 1, out.stderr);
  }
});

test('without Chromium: convert says how to enable it; serve answers a JPEG with that and keeps serving landmarks', async () => {
  const saved = process.env.LANDMARK_LENS_CHROMIUM;
  process.env.LANDMARK_LENS_CHROMIUM = '/nonexistent/chromium';
  try {
    const dir = tempDir();
    const { io, out } = capture();
    assert.equal(await main(['convert', hands('asl_hand_frames'), '--out', join(dir, 'x.landmarks.jsonl')], io), 2);
    assert.match(out.stderr, /LANDMARK_LENS_CHROMIUM: \/nonexistent\/chromium is not an executable file; install Chromium \(Debian\/Ubuntu: apt-get install chromium\)/);
    const server = capture();
    const stop = new AbortController();
    let listening!: (url: string) => void;
    const url = new Promise<string>((r) => (listening = r));
    const served = serve(['--port', '0', '--stats-every', '0', '--model', resolve('test/fixtures/models/seq-flat-29.onnx')], server.io, stop.signal, listening);
    const socket = new WebSocket(await url);
    const replies: Array<Record<string, string>> = [];
    socket.on('message', (d) => replies.push(JSON.parse(d.toString())));
    await new Promise((r) => socket.once('open', r));
    socket.send(JSON.stringify({ jpeg_blob: '/9j/4AAQ', new_word_letter: 'B' }));
    socket.send(JSON.stringify({ landmarks: null }));
    socket.send(JSON.stringify({ new_word_letter: 'C' }));
    const deadline = Date.now() + 10_000;
    while (replies.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const errors = replies.filter((r) => 'error' in r);
    assert.equal(errors.length, 1, JSON.stringify(replies));
    assert.match(errors[0].error, /^jpeg_blob: no hand detector here \(.*install Chromium .* or point --chromium PATH or LANDMARK_LENS_CHROMIUM/);
    assert.deepEqual(replies.filter((r) => !('error' in r)), [{ maxarg_letter: 'A', target_arg_prob: 0 }, { maxarg_letter: 'A', target_arg_prob: 0 }]);
    socket.close();
    stop.abort();
    assert.equal(await served, 0);
    assert.match(server.out.stderr, /note: jpeg_blob frames will get an error reply: LANDMARK_LENS_CHROMIUM/);
  } finally {
    if (saved === undefined) delete process.env.LANDMARK_LENS_CHROMIUM;
    else process.env.LANDMARK_LENS_CHROMIUM = saved;
  }
});
