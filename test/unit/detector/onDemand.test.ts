import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WebSocket } from 'ws';
import { OnDemandLiveDetectors, type OnDemandDetectorState } from '../../../src/detectorhost/onDemandLiveDetectors';
import { LiveServer } from '../../../src/liveserver/liveServer';
import { LivePipeline } from '../../../src/core/pipeline/livePipeline';
import { PROFILE, SteeredModel, handFor } from '../live/liveTestKit';
import { aslFrames } from './detectorTestKit';

const SETTING = { name: 'the setting landmarkLens.detector.chromiumPath', hint: 'the setting landmarkLens.detector.chromiumPath' };

test('a missing Chromium is answered at once, naming where to set a path; nothing is started', () => {
  const states: OnDemandDetectorState[] = [];
  const detectors = new OnDemandLiveDetectors(PROFILE.detector, false, { chromium: '/nonexistent/chromium', chromiumOption: SETTING }, (s) => states.push(s));
  assert.deepEqual(detectors.state, { kind: 'idle' });
  const first = detectors.forClient(1);
  assert.ok('unavailable' in first);
  assert.equal(
    first.unavailable,
    'the setting landmarkLens.detector.chromiumPath: /nonexistent/chromium is not an executable file; install Chromium (Debian/Ubuntu: apt-get install chromium) ' +
      'or point the setting landmarkLens.detector.chromiumPath or LANDMARK_LENS_CHROMIUM at a Chromium or Chrome',
  );
  assert.deepEqual(states, [{ kind: 'failed', message: first.unavailable }]);
  // Looked for again at the next client (the user may have installed one since).
  assert.ok('unavailable' in detectors.forClient(2));
  assert.equal(states.length, 2);
});

async function connect(url: string): Promise<{ socket: WebSocket; replies: Array<Record<string, unknown>> }> {
  const socket = new WebSocket(url);
  const replies: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => replies.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return { socket, replies };
}

test('Chromium starts at the first camera frame, not before; figures count camera frames, no-hand and undecodable frames apart', async () => {
  const states: string[] = [];
  const detectors = new OnDemandLiveDetectors(PROFILE.detector, false, {}, (s) => states.push(s.kind));
  const server = new LiveServer({ host: '127.0.0.1', port: 0, createPipeline: () => new LivePipeline(PROFILE, new SteeredModel()), detectors });
  let processed = 0;
  let onProcessed: (() => void) | null = null;
  server.on({ frameProcessed: () => (processed++, onProcessed?.()) });
  const url = await server.start();
  try {
    const { socket, replies } = await connect(url);
    const send = async (message: object) => {
      const done = new Promise<void>((resolve) => (onProcessed = resolve));
      socket.send(JSON.stringify(message));
      await done;
    };
    await send({ landmarks: handFor(3) });
    await send({ landmarks: null });
    assert.deepEqual(states, [], 'landmark frames do not start the detector');
    assert.deepEqual(detectors.state, { kind: 'idle' });

    await send({ jpeg_blob: readFileSync(aslFrames()[0]).toString('base64'), new_word_letter: null });
    assert.deepEqual(states, ['starting', 'ready']);
    assert.equal(detectors.state.kind, 'ready');
    await send({ jpeg_blob: Buffer.from('not a jpeg at all').toString('base64'), new_word_letter: null });
    const f = server.figures();
    assert.deepEqual(
      { received: f.received, processed: f.processed, cameraFrames: f.cameraFrames, noHand: f.noHand, undecodable: f.undecodable, errors: f.errors },
      { received: 4, processed: 4, cameraFrames: 2, noHand: 2, undecodable: 1, errors: 0 },
    );
    assert.ok(f.detectorP50Ms > 0, `detector time measured: ${f.detectorP50Ms}`);
    // Both hand frames get the default reply while the window fills; the second, the same, is throttled.
    assert.deepEqual(replies, [{ maxarg_letter: 'A', target_arg_prob: 0 }]);
    assert.equal(f.repliesThrottled, 1);
    assert.equal(processed, 4);
    socket.close();
  } finally {
    await server.stop();
    await detectors.close();
  }
});
