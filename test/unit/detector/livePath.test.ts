import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { LiveServer } from '../../../src/liveserver/liveServer';
import { LivePipeline } from '../../../src/core/pipeline/livePipeline';
import { HeadlessLiveDetectors } from '../../../src/detectorhost/headlessLiveDetectors';
import type { Landmarks } from '../../../src/core/hand/types';
import { PROFILE, SteeredModel } from '../live/liveTestKit';
import { ASL_REFERENCE, aslFrames, ffmpeg, framesOutside, hands } from './detectorTestKit';
import { tempDir } from '../session/testPaths';
import { join } from 'node:path';

// The live path: the app's exact messages ({"jpeg_blob": <base64>, "new_word_letter": null}) over a real
// WebSocket to the live server, whose detector is @mediapipe/hands in headless Chromium. The model is a
// steered stand-in at the ModelRunner boundary: what is checked here is the detector's part.
let detectors: HeadlessLiveDetectors;
let server: LiveServer;
let url: string;
const processed: Array<{ client: number; landmarks: Landmarks | null }> = [];
let onProcessed: (() => void) | null = null;

before(async () => {
  detectors = new HeadlessLiveDetectors(PROFILE.detector, false);
  const model = new SteeredModel();
  server = new LiveServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 * 1024, createPipeline: () => new LivePipeline(PROFILE, model), detectors });
  server.on({
    frameProcessed: (client, landmarks) => {
      processed.push({ client: client.id, landmarks: landmarks ? landmarks.slice() : null });
      onProcessed?.();
    },
  });
  url = await server.start();
  assert.ok(await detectors.ready, `no detector: ${detectors.unavailable}`);
});
after(async () => {
  await server?.stop();
  await detectors?.close();
});

async function connect(): Promise<{ socket: WebSocket; replies: Array<Record<string, unknown>> }> {
  const socket = new WebSocket(url);
  const replies: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, replies };
}

/** Sends one message and waits until the server has processed one more frame. */
async function sendAndWait(socket: WebSocket, message: object): Promise<void> {
  const done = new Promise<void>((resolve) => (onProcessed = resolve));
  socket.send(JSON.stringify(message));
  await done;
}

test('every JPEG frame of the ASL clip sent as the app sends it is within 26 px of the reference; replies are the backend\'s', async () => {
  const { socket, replies } = await connect();
  const from = processed.length;
  for (const file of aslFrames()) {
    await sendAndWait(socket, { jpeg_blob: readFileSync(file).toString('base64'), new_word_letter: null });
  }
  const landmarks = processed.slice(from).map((p) => p.landmarks);
  assert.equal(landmarks.length, 325);
  assert.deepEqual(framesOutside(landmarks, ASL_REFERENCE()), []);
  const figures = server.figures();
  assert.equal(figures.dropped, 0);
  assert.equal(figures.undecodable, 0);
  assert.ok(Number.isFinite(figures.detectorP50Ms) && figures.detectorP50Ms > 0);
  // 32 frames fill the window, 5 distributions the smoothing: replies from the 36th frame on, throttled.
  assert.ok(replies.length >= 1, 'no reply');
  for (const r of replies) assert.deepEqual(Object.keys(r), ['maxarg_letter', 'target_arg_prob']);
  socket.close();
});

test('bad camera frames: broken and empty JPEGs are counted no-hand frames, skipped without a reply; a PNG and a 20-megapixel photo are detected', async () => {
  const dir = tempDir();
  const png = join(dir, 'thumb.png');
  ffmpeg(['-i', hands('hand_thumb_up.jpg'), png]);
  const big = join(dir, 'big.jpg');
  ffmpeg(['-i', hands('hand_thumb_up.jpg'), '-vf', 'scale=5472:3648', '-q:v', '8', big]);
  const { socket, replies } = await connect();
  const before = server.figures().undecodable;
  const from = processed.length;
  const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 0x55)]);
  await sendAndWait(socket, { jpeg_blob: broken.toString('base64'), new_word_letter: null });
  await sendAndWait(socket, { jpeg_blob: '', new_word_letter: null });
  // A hand frame is answered at once (the default reply while the window fills), so a reply would be here by now.
  await sendAndWait(socket, { jpeg_blob: readFileSync(png).toString('base64'), new_word_letter: null });
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(replies, [{ maxarg_letter: 'A', target_arg_prob: 0 }], 'only the hand frame is answered');
  await sendAndWait(socket, { jpeg_blob: readFileSync(big).toString('base64'), new_word_letter: null });
  const frames = processed.slice(from);
  assert.deepEqual(frames.map((f) => f.landmarks !== null), [false, false, true, true]);
  assert.equal(server.figures().undecodable - before, 2);
  socket.close();
});

test('send --as-app plays the app: a recording\'s images as jpeg_blob messages, its targets as null blobs with a letter', async () => {
  const { SessionWriter } = await import('../../../src/core/session/sessionWriter');
  const { main } = await import('../../../src/cli/main');
  const dir = tempDir();
  const path = join(dir, 'app.landmarks.jsonl');
  const writer = await SessionWriter.create(path, { fps: 25 }, { images: true });
  const files = aslFrames().slice(0, 40);
  writer.appendTarget({ t: 0, letter: 'B' });
  files.forEach((file, i) => writer.appendFrame({ t: i * 40, hands: [] }, { bytes: new Uint8Array(readFileSync(file)), type: 'jpeg' }));
  writer.appendFrame({ t: 40 * files.length, hands: [] }, null);
  await writer.close();
  const from = processed.length;
  const droppedBefore = server.figures().dropped;
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), cwd: dir };
  const code = await main(['send', path, '--to', url, '--as-app', '--fps', '4', '--linger', '500'], io);
  assert.equal(code, 0, out.stderr);
  assert.match(out.stderr, /^sent 40 frames and 1 target changes in [\d.]+ s; \d+ replies \(0 errors\)/m);
  assert.match(out.stderr, /note: 1 frames have no image and were not sent/);
  const replies = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
  // The target change's default reply, then the buffering replies of the hand frames.
  assert.deepEqual(replies[0], { maxarg_letter: 'A', target_arg_prob: 0 });
  // While the new client's tracker starts (seconds on a busy machine) its frames wait in a slot of one:
  // the newest wins and the others are counted as dropped, as for landmark frames.
  // The last frame may still be in the detector when send's linger ends (seconds at load 15): wait for it.
  const accounted = () => processed.length - from + server.figures().dropped - droppedBefore;
  for (const deadline = Date.now() + 30_000; accounted() < 40 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
  const frames = processed.slice(from);
  assert.equal(frames.length + server.figures().dropped - droppedBefore, 40);
  assert.ok(frames.length >= 1, "the newest frame is always processed");
  assert.ok(frames.every((f) => f.landmarks !== null));
});
