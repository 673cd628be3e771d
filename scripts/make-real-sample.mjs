// Writes samples/asl-hand.landmarks.jsonl, the labelled real-data sample, from the ASL fingerspelling
// video's reference landmarks: MediaPipe Hands (full model) on every frame of asl_hand.25fps.webm, from
// tensorflow/tfjs-models (hand-pose-detection/test_data, Apache-2.0; ../shared/data/real/hands/).
//   node scripts/make-real-sample.mjs [path/to/asl_hand.full.json]
// Deterministic: run it again and the file does not change. The labels were written by hand from the
// video's frames (samples/README.md says how); they are data here, not computed.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = process.argv[2] ?? join(repo, '..', '..', 'shared', 'data', 'real', 'hands', 'asl_hand.full.json');
const WIDTH = 620;
const HEIGHT = 1080;
const FPS = 25;

/** Letter holds seen in the video, as [first frame, last frame, letter]; transitions between them are left unlabelled. */
const HOLDS = [
  [0, 3, 'A'],
  [17, 43, 'K'],
  [57, 83, 'I'],
  [97, 119, 'E'],
  [137, 162, 'D'],
  [176, 200, 'E'],
  [215, 251, 'O'],
  [261, 290, 'S'],
  [302, 324, 'S'],
];

const points = JSON.parse(readFileSync(source, 'utf8'));
if (!Array.isArray(points) || points.length !== 325) throw new Error(`${source}: expected 325 frames of 21 points`);
const ms = (frame) => Math.round((frame * 1000) / FPS * 1000) / 1000;
const round = (v) => Math.round(v * 1e6) / 1e6;
const lines = [
  JSON.stringify({
    type: 'header',
    format: 'landmark-session',
    version: 1,
    fps: FPS,
    source: 'asl_hand.25fps.webm: MediaPipe Hands (full model) reference landmarks from tensorflow/tfjs-models hand-pose-detection test data (Apache-2.0), pixels of 620x1080 divided by the frame size; labels by hand',
    created: '2026-12-06T00:00:00.000Z',
  }),
];
points.forEach((frame, i) => {
  // x and z by the width (MediaPipe scales z like x), y by the height.
  const landmarks = frame.map(([x, y, z]) => [round(x / WIDTH), round(y / HEIGHT), round(z / WIDTH)]);
  lines.push(JSON.stringify({ type: 'frame', t: ms(i), hands: [{ handedness: 'Right', landmarks }] }));
});
for (const [first, last, text] of HOLDS) lines.push(JSON.stringify({ type: 'label', t0: ms(first), t1: ms(last + 1), text }));
const out = join(repo, 'samples', 'asl-hand.landmarks.jsonl');
writeFileSync(out, lines.join('\n') + '\n');
process.stdout.write(`wrote ${out}: ${points.length} frames, ${HOLDS.length} labels\n`);
