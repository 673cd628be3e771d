// Sessions and a model for the non-finite tests (not a test file itself): a sample with some frames changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLE = join(process.cwd(), 'samples', 'hello-world.landmarks.jsonl');
/** Class A is sqrt(point 1's x minus the wrist's in the window's last frame): NaN where point 1 is left of the wrist. */
export const SOME_NAN_MODEL = join(process.cwd(), 'test', 'fixtures', 'models', 'nonfinite-some-29.onnx');

/** Writes SAMPLE to `dir/name` with `change` applied to the first hand's landmarks ([x, y, z] per point) of `frames`. */
export function sampleWith(dir: string, name: string, frames: readonly number[], change: (points: number[][]) => void): string {
  let frame = -1;
  const lines = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n').map((line) => {
    const record = JSON.parse(line);
    if (record.type !== 'frame') return line;
    frame++;
    if (!frames.includes(frame)) return line;
    if (record.hands.length === 0) throw new Error(`frame ${frame} of ${SAMPLE} has no hand to change`);
    change(record.hands[0].landmarks);
    return JSON.stringify(record);
  });
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Point 1 left of the wrist: SOME_NAN_MODEL's output is NaN for the window ending at such a frame. */
export function mirrorPointOne(points: number[][]): void {
  points[1][0] = points[0][0] - 0.01;
}

/** Finite coordinates whose normalization overflows: the wrist at x = -1e308, point 20 at 1e308. */
export function overflow(points: number[][]): void {
  points[0][0] = -1e308;
  points[20][0] = 1e308;
}
