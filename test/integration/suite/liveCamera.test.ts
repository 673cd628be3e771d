import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WebSocket } from 'ws';
import { extensionExports, hostName, repoRoot, screenshot, waitFor } from '../util';
import type { LandmarkLensExports } from '../../../src/extension/extension';
import type { LiveSnapshot } from '../../../src/extension/live/registerLive';
import type { RecordingResult } from '../../../src/extension/live/liveController';
import { readSession } from '../../../src/core/session/readSession';
import { SessionImages } from '../../../src/core/session/sessionImages';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { ModelHostClient } from '../../../src/modelhost/client';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { sessionFrames } from '../../../src/core/session/frameColumns';

// The app's part, played for real: its exact messages ({"jpeg_blob": <base64 JPEG>, "new_word_letter": ...})
// over a WebSocket to the extension's live server, whose hand detector is @mediapipe/hands in headless
// Chromium (docs/detector.md), then the pipeline with the live model.

const hands = (...parts: string[]): string => path.join(repoRoot(), '..', 'shared', 'data', 'real', 'hands', ...parts);
/** asl_hand.full.json: [325][21][x, y, z] in pixels of the 620 x 1080 frames; tfjs-models' tolerance 26 px. */
const ASL_SIZE = { width: 620, height: 1080 };
const TOLERANCE_PX = 26;

function demoOrFixtureModel(): string {
  const demo = path.join(repoRoot(), 'models', 'demo.onnx');
  return fs.existsSync(demo) ? demo : path.join(repoRoot(), 'test', 'fixtures', 'models', 'seq-flat-29.onnx');
}

function snapshot(): Thenable<LiveSnapshot> {
  return vscode.commands.executeCommand<LiveSnapshot>('landmarkLens.live.snapshot');
}

interface AppClient {
  socket: WebSocket;
  replies: Array<Record<string, unknown>>;
  closed: Promise<number>;
}

async function connect(address: string): Promise<AppClient> {
  const socket = new WebSocket(address);
  const replies: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => replies.push(JSON.parse(data.toString()) as Record<string, unknown>));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, replies, closed };
}

/** Sends one camera frame as the app does and waits until the server has processed one more frame. */
async function sendFrame(client: AppClient, bytes: Buffer, timeoutMs: number, what: string): Promise<LiveSnapshot> {
  const before = (await snapshot()).processed;
  client.socket.send(JSON.stringify({ jpeg_blob: bytes.toString('base64'), new_word_letter: null }));
  return waitFor(async () => {
    const s = await snapshot();
    return s.processed > before ? s : null;
  }, timeoutMs, what);
}

function ffmpeg(args: string[]): void {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
}

/** Frames whose landmarks are farther than the tolerance from the reference (any coordinate), as "frame: px". */
function framesOutside(frames: Array<ArrayLike<number> | null>, reference: number[][][]): string[] {
  const out: string[] = [];
  frames.forEach((landmarks, i) => {
    if (!landmarks) return void out.push(`${i}: no hand`);
    let worst = 0;
    for (let p = 0; p < 21; p++) {
      worst = Math.max(worst, Math.abs(landmarks[p * 3] * ASL_SIZE.width - reference[i][p][0]), Math.abs(landmarks[p * 3 + 1] * ASL_SIZE.height - reference[i][p][1]));
    }
    if (worst > TOLERANCE_PX) out.push(`${i}: ${worst.toFixed(1)} px`);
  });
  return out;
}

/** A timeout's error, with what the live panel had shown (its image figures) by then. */
async function withPanel(error: Error): Promise<never> {
  const panel = (await snapshot()).panel;
  const figures = panel && { ...panel, lastStats: undefined, rendered: undefined };
  throw new Error(`${error.message}; the panel: ${JSON.stringify(figures)}`);
}

suite(`live camera frames (${hostName()})`, () => {
  const config = () => vscode.workspace.getConfiguration('landmarkLens');
  let scratch: string;
  let address: string;

  suiteSetup(async function () {
    // A webview's first boot on a loaded 2-core machine has taken more than 20 s.
    this.timeout(120_000);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-live-camera-'));
    await extensionExports<LandmarkLensExports>();
    await config().update('live.port', 0, vscode.ConfigurationTarget.Global);
    await config().update('modelPath', demoOrFixtureModel(), vscode.ConfigurationTarget.Global);
    const opened = await vscode.commands.executeCommand<{ running: boolean; address: string }>('landmarkLens.openLivePanel');
    assert.equal(opened.running, true, `live server not running: ${JSON.stringify(await snapshot())}`);
    address = opened.address;
    await waitFor(async () => (await snapshot()).panel?.ready, 60_000, 'the live panel to be ready');
  });

  suiteTeardown(async () => {
    await config().update('live.port', undefined, vscode.ConfigurationTarget.Global);
    await config().update('modelPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test("the app's JPEG frames: the backend's replies, landmarks within 26 px, a recording with every image that replays to the same replies", async function () {
    // 325 frames one at a time through Chromium and the model, on a machine shared with other runs.
    this.timeout(600_000);
    assert.equal((await snapshot()).detector, 'idle', 'no camera frame yet: Chromium not started');
    const folder = path.join(scratch, 'recordings');
    assert.equal(await vscode.commands.executeCommand('landmarkLens.startRecording', folder), folder);
    const files = fs.readdirSync(hands('asl_hand_frames')).filter((n) => n.endsWith('.jpg')).sort().map((n) => hands('asl_hand_frames', n));
    assert.equal(files.length, 325);
    const client = await connect(address);
    const started = Date.now();
    // The app announces a letter with a null blob, then streams frames.
    client.socket.send(JSON.stringify({ jpeg_blob: null, new_word_letter: 'B' }));
    for (const [i, file] of files.entries()) {
      // The first frame waits for Chromium and the tracker to start (seconds on a busy machine).
      await sendFrame(client, fs.readFileSync(file), i === 0 ? 90_000 : 20_000, `frame ${i} to be processed`);
      if (i === 200) {
        // The webview asks for the image of the frame it shows: one recent enough, the JPEG of that frame.
        const streaming = await waitFor(async () => {
          const s = await snapshot();
          const p = s.panel;
          return p && p.framesPosted > 150 && p.lastStats && p.lastStats.cameraFrames > 150 && p.imagesSent > 0 && (p.lastImageFrame ?? 0) > 150 ? s : null;
        }, 20_000, 'the live panel to show the camera frames and their images').catch(withPanel);
        const panel = streaming.panel!;
        assert.match(panel.lastStats!.detector, /^ready$/);
        assert.ok(panel.lastStats!.detectorP50Ms > 0, 'the live bar has the detector time');
        assert.equal(panel.camera, true, 'the panel knows the client sends camera frames');
        // Panel frames count from this client's first frame (the target change is no frame): frame n is file n.
        assert.equal(panel.lastImageBytes, fs.statSync(files[panel.lastImageFrame!]).size, `the image sent for frame ${panel.lastImageFrame} is that frame's JPEG`);
        assert.ok(panel.imageRequests <= panel.framesPosted + 2, `at most one request per frame shown: ${panel.imageRequests} for ${panel.framesPosted} frames`);
        assert.ok(panel.imagesKept.frames > 0 && panel.imagesKept.frames <= 90, `only the newest images kept: ${panel.imagesKept.frames}`);
        console.log(
          `[live camera] panel at frame ${panel.framesPosted}: ${panel.imagesSent} images sent for ${panel.imageRequests} requests, last of frame ${panel.lastImageFrame}; ` +
            `${panel.imagesKept.frames} kept (${(panel.imagesKept.bytes / 1024).toFixed(0)} KiB)`,
        );
        await screenshot('live-camera-streaming');
      }
    }
    const elapsedS = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const snap = await snapshot();
    const stats = snap.panel?.lastStats;
    console.log(
      `[live camera] 325 frames one at a time in ${elapsedS.toFixed(1)} s (first waits for Chromium); detector p50 ${snap.detectorP50Ms.toFixed(1)} ms` +
        (stats ? `, p95 ${stats.detectorP95Ms.toFixed(1)} ms; model p50 ${stats.latencyP50Ms.toFixed(1)} ms, p95 ${stats.latencyP95Ms.toFixed(1)} ms` : ''),
    );
    assert.equal(snap.detector, 'ready');
    assert.equal(snap.cameraFrames, 325);
    assert.equal(snap.undecodable, 0);
    assert.equal(snap.dropped, 0, 'one frame at a time: nothing dropped');
    assert.equal(snap.errors, 0);
    assert.ok(snap.detectorP50Ms > 0);
    assert.ok(client.replies.length > 2, `replies: ${JSON.stringify(client.replies)}`);
    assert.deepEqual(client.replies[0], { maxarg_letter: 'A', target_arg_prob: 0 }, "the target change's reply");
    for (const r of client.replies) assert.deepEqual(Object.keys(r), ['maxarg_letter', 'target_arg_prob']);
    client.socket.close();
    await client.closed;

    const recordings = await vscode.commands.executeCommand<RecordingResult[]>('landmarkLens.stopRecording');
    assert.equal(recordings.length, 1, JSON.stringify(recordings));
    const recorded = await readSession(recordings[0].path);
    assert.deepEqual(recorded.problems, []);
    assert.equal(sessionFrames(recorded).length, 325);
    assert.deepEqual(recorded.targets.map((t) => [t.letter, t.beforeFrame]), [['B', 0]]);
    assert.deepEqual((recorded.replies ?? []).map((r) => r.reply), client.replies, 'the recording holds the replies sent');
    // What the detector found, frame by frame, against MediaPipe's own landmarks of these frames.
    const reference = JSON.parse(fs.readFileSync(hands('asl_hand.full.json'), 'utf8')) as number[][][];
    assert.deepEqual(framesOutside(sessionFrames(recorded).map((f) => f.hands[0]?.landmarks ?? null), reference), []);
    // Every image kept, byte for byte.
    const images = await SessionImages.open(recordings[0].path, recorded.header);
    assert.ok(images, 'the recording names its images folder');
    assert.equal(images.problem, null);
    assert.equal(images.count, 325);
    for (const i of [0, 161, 324]) assert.deepEqual(Buffer.from((await images.read(i))!.bytes), fs.readFileSync(files[i]), `image of frame ${i}`);

    // The pipeline on the recorded landmarks, with the same model, gives the same replies in the same order.
    const modelHost = new ModelHostClient({ hostScript: path.join(repoRoot(), 'dist', 'modelhost.js') });
    try {
      const loaded = await loadModelWithProfile(modelHost, demoOrFixtureModel());
      const replay = await replaySession(recorded, loaded.resolved.profile, modelHost.createRunner(loaded.resolved.profile));
      const sent: unknown[] = [];
      let ti = 0;
      for (const f of replay.frames) {
        while (ti < replay.targetChanges.length && replay.targetChanges[ti].beforeFrame <= f.frame) sent.push({ ...replay.targetChanges[ti++].response });
        if (f.sent && f.response) sent.push({ ...f.response });
      }
      assert.deepEqual(sent, client.replies);
    } finally {
      await modelHost.dispose();
    }
    // The recording opened in the replay panel, which shows its camera images under the skeleton.
    const exports = await extensionExports<LandmarkLensExports>();
    const replayPanel = await waitFor(
      () => exports.api.panels().find((p) => p.file === recordings[0].path && p.images === 325 && p.imagesSent > 0 && p.rendered),
      30_000,
      'a replay panel for the recording that shows its images',
    );
    assert.equal(replayPanel.frames, 325);
    await screenshot('live-camera-recording-replay');
  });

  test('bad camera frames: broken, empty, PNG, 20-megapixel and oversized each get a counted no-hand frame, a detection or a clear close, never a hang', async function () {
    this.timeout(300_000);
    const dir = fs.mkdtempSync(path.join(scratch, 'bad-'));
    const png = path.join(dir, 'thumb.png');
    ffmpeg(['-i', hands('hand_thumb_up.jpg'), png]);
    // 20 megapixels that still fit the backend's 1 MiB message (a smooth upscale compresses well)...
    const big = path.join(dir, 'big.jpg');
    ffmpeg(['-i', hands('hand_thumb_up.jpg'), '-vf', 'scale=5472:3648', '-q:v', '20', big]);
    assert.ok(fs.statSync(big).size * 4 / 3 < 1024 * 1024 - 100, `the 20 MP JPEG fits in a message: ${fs.statSync(big).size} bytes`);
    // ...and 20 megapixels of noise that do not: the connection is closed with 1009, as the backend's websockets does.
    const noisy = path.join(dir, 'noisy.jpg');
    ffmpeg(['-f', 'rawvideo', '-pix_fmt', 'gray', '-s', '5472x3648', '-i', '/dev/urandom', '-frames:v', '1', '-q:v', '31', noisy]);
    assert.ok(fs.statSync(noisy).size > 1024 * 1024, `the noisy 20 MP JPEG is over 1 MiB: ${fs.statSync(noisy).size}`);

    const client = await connect(address);
    const before = await snapshot();
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 0x55)]);
    await sendFrame(client, broken, 60_000, 'the broken JPEG to be processed');
    await sendFrame(client, Buffer.alloc(0), 20_000, 'the 0-byte image to be processed');
    let after = await snapshot();
    assert.equal(after.undecodable - before.undecodable, 2, 'both counted as not decodable');
    assert.equal(after.noHand - before.noHand, 2, 'and as frames without a hand');
    assert.deepEqual(client.replies, [], 'a frame without a hand gets no reply, as with the backend');

    await sendFrame(client, fs.readFileSync(png), 20_000, 'the PNG to be processed');
    await sendFrame(client, fs.readFileSync(big), 60_000, 'the 20-megapixel JPEG to be processed');
    after = await snapshot();
    assert.equal(after.noHand - before.noHand, 2, 'a hand in the PNG and in the 20 MP photo');
    assert.equal(after.errors - before.errors, 0);
    await waitFor(() => client.replies.length > 0, 5000, 'the reply to the hand frames');
    assert.deepEqual(client.replies[0], { maxarg_letter: 'A', target_arg_prob: 0 });

    client.socket.send(JSON.stringify({ jpeg_blob: fs.readFileSync(noisy).toString('base64'), new_word_letter: null }));
    const code = await Promise.race([client.closed, new Promise<string>((resolve) => setTimeout(() => resolve('no close within 20 s'), 20_000))]);
    assert.equal(code, 1009);
    // The live bar counts what did not decode.
    await waitFor(async () => ((await snapshot()).panel?.lastStats?.undecodable ?? 0) >= after.undecodable, 5000, 'the live bar to count the undecodable frames');
  });

  test('a client that sends landmarks only: the panel follows it with no camera image and asks for none', async function () {
    this.timeout(120_000);
    const reference = JSON.parse(fs.readFileSync(hands('asl_hand.full.json'), 'utf8')) as number[][][];
    const client = await connect(address);
    const before = (await snapshot()).panel!;
    for (let i = 0; i < 40; i++) {
      const landmarks = reference[i].map(([x, y, z]) => [x / ASL_SIZE.width, y / ASL_SIZE.height, z / ASL_SIZE.width]);
      client.socket.send(JSON.stringify({ landmarks }));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const shown = await waitFor(async () => {
      const p = (await snapshot()).panel;
      return p && p.framesPosted >= before.framesPosted + 40 && p.camera === false ? p : null;
    }, 20_000, 'the live panel to follow the landmarks client').catch(withPanel);
    // Images sent since are of the camera clients' frames only, never of the landmarks client's.
    assert.ok((shown.lastImageFrame ?? -1) < before.framesPosted, `no image sent for a landmarks frame: last image of frame ${shown.lastImageFrame}, its frames from ${before.framesPosted}`);
    // The recording's replay may have opened over the live panel: bring it back to look at it.
    await vscode.commands.executeCommand('landmarkLens.openLivePanel');
    await waitFor(async () => ((await snapshot()).panel?.webviewPlayhead ?? -1) >= before.framesPosted, 10_000, 'the live panel to show the landmarks client').catch(withPanel);
    await screenshot('live-landmarks-only');
    client.socket.close();
    await client.closed;
  });
});
