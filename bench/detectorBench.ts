// The hand detector's figures (npm run bench -- --only detector), printed as JSON on the last line:
// 1. detector time per 640 px frame (every frame of hand_landmarker_test_video.mp4, 640 x 360, tracking on),
//    with CPU inference and, for a few frames side by side, with WebGL (SwiftShader);
// 2. the JPEG live path: the app's messages (the same clip's frames as 640 px JPEGs of quality 0.5, as the
//    app sends them) at 10 fps, one client, through the live server with the seed-size model: the time from
//    each frame's arrival to its result (where its reply, if any, goes out), and drops;
// 3. import speed of asl_hand.25fps.webm (325 frames), frames/s.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { BACKEND_DEFAULT_PROFILE } from '../src/core/model/profile';
import { HeadlessDetector } from '../src/detectorhost/headlessDetector';
import { HeadlessLiveDetectors } from '../src/detectorhost/headlessLiveDetectors';
import { importVideo, readVideoTrack } from '../src/detectorhost/importFrames';
import { LiveServer } from '../src/liveserver/liveServer';
import { LivePipeline } from '../src/core/pipeline/livePipeline';
import { CoalescingRunner } from '../src/core/live/coalescingRunner';
import { ModelHostClient } from '../src/modelhost/client';
import { findHostScript } from '../src/modelhost/hostScript';
import { loadModelWithProfile } from '../src/model/loadModelWithProfile';

const [root, seedModel, quickArg] = process.argv.slice(2);
const quick = quickArg === 'quick';
const data = (...p: string[]) => join(root, '..', 'shared', 'data', 'real', 'hands', ...p);

function percentiles(values: number[]): { p50: number; p95: number; p99: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] * 10) / 10;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), n: s.length };
}

/** Detector times of the clip's frames; with `jpegs`, also collects each frame as a JPEG of quality 0.5. */
async function detectorTimes(detector: HeadlessDetector, useCpuInference: boolean, frames: number, jpegs?: string[]): Promise<number[]> {
  const path = data('hand_landmarker_test_video.mp4');
  const track = await readVideoTrack(path);
  track.samples = track.samples.slice(0, frames);
  const times: number[] = [];
  await importVideo(detector.client, path, track, {
    detector: { ...BACKEND_DEFAULT_PROFILE.detector, useCpuInference },
    images: jpegs !== undefined,
    jpegQuality: 0.5,
    onFrame: (f) => {
      if (f.detection.status !== 'undecodable') times.push(f.detection.detectorMs);
      if (jpegs && f.image) jpegs.push(Buffer.from(f.image.bytes).toString('base64'));
    },
  });
  return times;
}

async function importSpeed(detector: HeadlessDetector): Promise<{ frames: number; seconds: number; framesPerSecond: number }> {
  const path = data('asl_hand.25fps.webm');
  const track = await readVideoTrack(path);
  const started = performance.now();
  const frames = await importVideo(detector.client, path, track, { detector: BACKEND_DEFAULT_PROFILE.detector, images: false, onFrame: () => undefined });
  const seconds = (performance.now() - started) / 1000;
  return { frames, seconds: Math.round(seconds * 10) / 10, framesPerSecond: Math.round((frames / seconds) * 10) / 10 };
}

async function livePath(frames: number, jpegs: string[]): Promise<Record<string, unknown>> {
  const client = new ModelHostClient({ hostScript: findHostScript(join(root, 'dist')) });
  const model = await loadModelWithProfile(client, seedModel, {});
  const profile = model.resolved.profile;
  const runner = new CoalescingRunner(client.createRunner(profile, 32), 32);
  const detectors = new HeadlessLiveDetectors(profile.detector, false);
  const server = new LiveServer({ host: '127.0.0.1', port: 0, createPipeline: () => new LivePipeline(profile, runner), detectors });
  // A frame's time is its arrival on the server's clock (whole ms of performance.now(), this process's).
  const latencies: number[] = [];
  let processed = 0;
  server.on({
    frameProcessed: (_client, _landmarks, result) => {
      processed++;
      latencies.push(performance.now() - result.t);
    },
  });
  try {
    const url = await server.start();
    if (!(await detectors.ready)) throw new Error(`no detector: ${detectors.unavailable}`);
    const socket = new WebSocket(url);
    let replies = 0;
    socket.on('message', () => void replies++);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    // A first frame opens the client's tracker; it is not timed.
    socket.send(JSON.stringify({ jpeg_blob: jpegs[0], new_word_letter: null }));
    while (processed < 1) await new Promise((r) => setTimeout(r, 10));
    latencies.length = 0;
    const start = performance.now();
    for (let i = 1; i <= frames; i++) {
      const due = start + (i - 1) * 100;
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
      socket.send(JSON.stringify({ jpeg_blob: jpegs[i % jpegs.length], new_word_letter: null }));
    }
    const deadline = performance.now() + 5000;
    while (processed + server.figures().dropped < frames + 1 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    socket.close();
    const f = server.figures();
    return {
      frames, fps: 10, jpegBytes: Math.round(jpegs.reduce((n, j) => n + (j.length * 3) / 4, 0) / jpegs.length), replyLatencyMs: percentiles(latencies), dropped: f.dropped, replies,
      detectorMs: { p50: Math.round(f.detectorP50Ms * 10) / 10, p95: Math.round(f.detectorP95Ms * 10) / 10 },
      modelMs: { p50: Math.round(f.latencyP50Ms * 10) / 10, p95: Math.round(f.latencyP95Ms * 10) / 10 },
    };
  } finally {
    await server.stop();
    await detectors.close();
    await client.dispose();
  }
}

(async () => {
  const detector = await HeadlessDetector.start({ distDir: join(root, 'dist') });
  let out: Record<string, unknown>;
  const jpegs: string[] = [];
  try {
    const cpu = await detectorTimes(detector, true, quick ? 40 : 202, jpegs);
    const webgl = await detectorTimes(detector, false, quick ? 3 : 12);
    const imported = await importSpeed(detector);
    out = { cpu640: percentiles(cpu), webgl640: percentiles(webgl), import: imported };
  } finally {
    await detector.close();
  }
  out.live = await livePath(quick ? 50 : 300, jpegs);
  console.log(JSON.stringify(out));
})().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
