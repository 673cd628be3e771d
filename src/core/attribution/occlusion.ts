import { BONES, POINT_COUNT, VALUES_PER_FRAME } from '../hand/topology';
import type { SoftmaxPolicy } from '../model/profile';
import { applySoftmaxPolicy } from '../pipeline/softmax';

/**
 * Occlusion attribution of one model window: the window is run once as it is (the baseline) and once
 * with each landmark removed and once with each frame removed, all in one batch; a part's score is how
 * much the class's window probability drops without it.
 *
 * How a part is removed, on the normalized window (what the model sees):
 * - A landmark: in every frame, its (x, y, z) is replaced by the mean of its neighbours in the hand's
 *   graph (MediaPipe's bones: the wrist's are the thumb CMC, index MCP and pinky MCP; a tip's is the joint
 *   below it). Zeroing it would put the point on the wrist, a hand no detector gives; the neighbours' mean
 *   keeps it on the hand, so the drop measures what the point's own position told the model.
 * - A frame: the frame before it in the window is held in its place, as if the hand had not moved during
 *   that frame. The window's first frame has no frame before it, so the second frame is held in its place.
 *   A one-frame window (per-frame models) has no frame attribution.
 *
 * Rows of the batch, in order: the baseline, the 21 landmarks (MediaPipe's order), then the frames
 * (oldest first).
 */

/** Each landmark's neighbours in the hand's graph (BONES), ascending. */
export const LANDMARK_NEIGHBOURS: readonly (readonly number[])[] = (() => {
  const lists: number[][] = Array.from({ length: POINT_COUNT }, () => []);
  for (const [a, b] of BONES) {
    lists[a].push(b);
    lists[b].push(a);
  }
  return lists.map((l) => l.sort((x, y) => x - y));
})();

/** Frames removed one at a time: all of them, except in a one-frame window. */
export function occludedFrameCount(windowSize: number): number {
  return windowSize > 1 ? windowSize : 0;
}

/** Windows in the batch: the baseline, one per landmark, one per occluded frame (1 + 21 + 32 = 54 for the backend's window). */
export function occlusionRowCount(windowSize: number): number {
  return 1 + POINT_COUNT + occludedFrameCount(windowSize);
}

/** Row of landmark `point` in the batch, and of the window's frame `position` (0: oldest). */
export const landmarkRow = (point: number): number => 1 + point;
export const frameRow = (position: number): number => 1 + POINT_COUNT + position;

/**
 * The batch for one normalized window (`windowSize` * 63 values, flat: x0, y0, z0, x1, ... per frame):
 * occlusionRowCount(windowSize) windows, row-major, as a ModelRunner takes them.
 */
export function occlusionBatch(window: Float32Array, windowSize: number): Float32Array {
  const perWindow = windowSize * VALUES_PER_FRAME;
  if (window.length !== perWindow) {
    throw new Error(`an occlusion window needs ${perWindow} values (${windowSize} frames of ${VALUES_PER_FRAME}), got ${window.length}`);
  }
  const rows = occlusionRowCount(windowSize);
  const batch = new Float32Array(rows * perWindow);
  for (let r = 0; r < rows; r++) batch.set(window, r * perWindow);
  for (let point = 0; point < POINT_COUNT; point++) {
    const base = landmarkRow(point) * perWindow;
    const neighbours = LANDMARK_NEIGHBOURS[point];
    for (let f = 0; f < windowSize; f++) {
      const frame = f * VALUES_PER_FRAME;
      for (let d = 0; d < 3; d++) {
        let sum = 0;
        for (const n of neighbours) sum += window[frame + n * 3 + d];
        batch[base + frame + point * 3 + d] = sum / neighbours.length;
      }
    }
  }
  for (let position = 0; position < occludedFrameCount(windowSize); position++) {
    const held = position === 0 ? 1 : position - 1;
    batch.set(
      window.subarray(held * VALUES_PER_FRAME, (held + 1) * VALUES_PER_FRAME),
      frameRow(position) * perWindow + position * VALUES_PER_FRAME,
    );
  }
  return batch;
}

/** Every row's window distribution: the batch's model outputs after the profile's softmax policy. */
export interface OcclusionDistributions {
  windowSize: number;
  classCount: number;
  /** occlusionRowCount(windowSize) * classCount, row-major. */
  probs: Float32Array;
}

/** The model's outputs for an occlusionBatch (rows * classCount, row-major) as distributions. */
export function occlusionDistributions(outputs: Float32Array, windowSize: number, classCount: number, policy: SoftmaxPolicy): OcclusionDistributions {
  const rows = occlusionRowCount(windowSize);
  if (outputs.length !== rows * classCount) {
    throw new Error(`the model gave ${outputs.length} values for ${rows} occlusion windows of ${classCount} classes`);
  }
  const probs = new Float32Array(rows * classCount);
  for (let r = 0; r < rows; r++) probs.set(applySoftmaxPolicy(outputs.subarray(r * classCount, (r + 1) * classCount), policy), r * classCount);
  return { windowSize, classCount, probs };
}

/** The class with the largest baseline probability (the window's prediction). */
export function predictedClass(d: OcclusionDistributions): number {
  let best = 0;
  for (let c = 1; c < d.classCount; c++) if (d.probs[c] > d.probs[best]) best = c;
  return best;
}

export interface OcclusionScores {
  classIndex: number;
  /** The class's probability in the window as it is. */
  baseline: number;
  /** Per landmark: baseline minus the probability without it (> 0: the point supported the class). */
  landmarks: Float32Array;
  /** Per window frame, oldest first; empty for a one-frame window. */
  frames: Float32Array;
}

/** The drop in class `classIndex`'s probability for each removed landmark and frame. */
export function occlusionScores(d: OcclusionDistributions, classIndex: number): OcclusionScores {
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < d.classCount)) {
    throw new Error(`class index ${classIndex} is out of range (0-${d.classCount - 1})`);
  }
  const at = (row: number) => d.probs[row * d.classCount + classIndex];
  const baseline = at(0);
  const landmarks = new Float32Array(POINT_COUNT);
  for (let p = 0; p < POINT_COUNT; p++) landmarks[p] = baseline - at(landmarkRow(p));
  const frames = new Float32Array(occludedFrameCount(d.windowSize));
  for (let f = 0; f < frames.length; f++) frames[f] = baseline - at(frameRow(f));
  return { classIndex, baseline, landmarks, frames };
}

/** The largest absolute score (the scale's end); 0 when every score is 0. */
export function largestScore(scores: { landmarks: ArrayLike<number>; frames: ArrayLike<number> }): number {
  let max = 0;
  for (const values of [scores.landmarks, scores.frames]) {
    for (let i = 0; i < values.length; i++) if (Math.abs(values[i]) > max) max = Math.abs(values[i]);
  }
  return max;
}
