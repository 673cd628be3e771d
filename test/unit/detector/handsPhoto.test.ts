import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HeadlessDetector } from '../../../src/detectorhost/headlessDetector';
import { BACKEND_DEFAULT_PROFILE } from '../../../src/core/model/profile';
import type { FrameDetection } from '../../../src/protocol/detectorMessages';
import { sharedData } from '../session/testPaths';

// The real detector (@mediapipe/hands in headless Chromium) on real photos from ../shared/data/real/hands
// (Apache-2.0, read in place).
let detector: HeadlessDetector;
before(async () => {
  detector = await HeadlessDetector.start();
});
after(async () => {
  await detector?.close();
});

const photo = (name: string) => new Uint8Array(readFileSync(sharedData('real', 'hands', name)));

/** The largest distance in pixels between a detected hand and the expected points. */
function worstPixels(landmarks: number[], expected: number[][], width: number, height: number): number {
  return Math.max(...expected.map(([x, y], i) => Math.hypot(landmarks[i * 3] * width - x, landmarks[i * 3 + 1] * height - y)));
}

test("hands.jpg: both hands within 20 px of the Python MediaPipe's own test (maxNumHands 2, a still)", async () => {
  const expected = JSON.parse(readFileSync(sharedData('real', 'hands', 'hands.expected.json'), 'utf8')) as {
    size: [number, number]; tolerance: number; hands: number[][][];
  };
  await detector.client.openTracker('photo-2', { ...BACKEND_DEFAULT_PROFILE.detector, maxNumHands: 2 });
  const detection = await detector.client.detectImage('photo-2', photo('hands.jpg'), true);
  assert.equal(detection.status, 'hands');
  const d = detection as Extract<FrameDetection, { status: 'hands' }>;
  assert.deepEqual([d.width, d.height], expected.size);
  assert.equal(d.hands.length, 2);
  for (const [h, points] of expected.hands.entries()) {
    const worst = Math.min(...d.hands.map((hand) => worstPixels(hand.landmarks, points, d.width, d.height)));
    assert.ok(worst <= expected.tolerance, `expected hand ${h}: worst point ${worst.toFixed(1)} px from the reference`);
  }
  for (const hand of d.hands) {
    assert.ok(hand.score > 0.5 && hand.score <= 1, `score ${hand.score}`);
    assert.equal(hand.worldLandmarks?.length, 63);
  }
});

test('one-hand photos give a hand; the detector loads exactly the runtime files the build copies', async () => {
  await detector.client.openTracker('photo-1', BACKEND_DEFAULT_PROFILE.detector);
  for (const name of ['hand_thumb_up.jpg', 'hand_landmarker_test_image.jpg']) {
    const detection = await detector.client.detectImage('photo-1', photo(name), true);
    assert.equal(detection.status, 'hands', name);
    assert.equal((detection as Extract<FrameDetection, { status: 'hands' }>).hands.length, 1, name);
  }
  const requested = new Set(detector.requestedFiles);
  for (const file of ['detector.js', 'hands/hands.js', 'hands/hands.binarypb', 'hands/hand_landmark_full.tflite',
    'hands/hands_solution_packed_assets.data', 'hands/hands_solution_packed_assets_loader.js',
    'hands/hands_solution_simd_wasm_bin.js', 'hands/hands_solution_simd_wasm_bin.wasm']) {
    assert.ok(requested.has(file), `${file} was not loaded: ${[...requested].join(', ')}`);
  }
});
