import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { sharedData } from '../session/testPaths';

/** Real media of ../shared/data/real/hands (Apache-2.0), read in place. */
export const hands = (...parts: string[]): string => sharedData('real', 'hands', ...parts);

/** asl_hand.full.json: [325][21][x, y, z] in pixels of the 620 x 1080 frames. */
export const ASL_REFERENCE = (): number[][][] => JSON.parse(readFileSync(hands('asl_hand.full.json'), 'utf8'));
export const ASL_SIZE = { width: 620, height: 1080 };
/** tfjs-models' tolerance for this video: every coordinate of every frame within 26 px. */
export const ASL_TOLERANCE_PX = 26;

export const aslFrames = (): string[] =>
  readdirSync(hands('asl_hand_frames')).filter((n) => n.endsWith('.jpg')).sort().map((n) => hands('asl_hand_frames', n));

/** The largest difference of one coordinate, in pixels, between normalized landmarks and the reference frame. */
export function worstCoordinatePx(landmarks: ArrayLike<number>, reference: number[][]): number {
  let worst = 0;
  for (let i = 0; i < 21; i++) {
    worst = Math.max(worst, Math.abs(landmarks[i * 3] * ASL_SIZE.width - reference[i][0]), Math.abs(landmarks[i * 3 + 1] * ASL_SIZE.height - reference[i][1]));
  }
  return worst;
}

/** Frames farther than the tolerance, as "frame: px", for a failure message. */
export function framesOutside(perFrame: Array<ArrayLike<number> | null>, reference: number[][][]): string[] {
  const out: string[] = [];
  perFrame.forEach((landmarks, i) => {
    if (!landmarks) out.push(`${i}: no hand`);
    else {
      const px = worstCoordinatePx(landmarks, reference[i]);
      if (px > ASL_TOLERANCE_PX) out.push(`${i}: ${px.toFixed(1)} px`);
    }
  });
  return out;
}

/** Runs ffmpeg (installed by .ci/run) to make a test input; throws with its last line when it fails. */
export function ffmpeg(args: string[]): void {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${(r.stderr || r.error?.message || '').trim().split('\n').pop()}`);
}
