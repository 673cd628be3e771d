import { POINT_NAMES } from '../hand/topology';
import type { WindowAttribution } from './attributeWindow';
import { largestScore, occlusionRowCount, occlusionScores, predictedClass } from './occlusion';

/** What `landmark-lens explain --format json` prints. */
export interface AttributionReport {
  frame: number;
  /** Session time of `frame`, ms. */
  t: number;
  class: string;
  classIndex: number;
  /** The window's prediction (argmax of its distribution). */
  predicted: string;
  predictedIndex: number;
  /** The class's window probability, nothing removed. */
  baseline: number;
  /** What a score is. */
  score: string;
  /** Windows run in the one batch. */
  windows: number;
  landmarks: { point: number; name: string; drop: number }[];
  /** The window's frames, oldest first. */
  frames: { position: number; frame: number; t: number; drop: number }[];
}

export const SCORE_MEANING =
  "drop in the class's window probability when the part is removed (landmark: replaced by the mean of its neighbours in every frame; frame: the frame before it held in its place)";

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export function attributionReport(
  attribution: WindowAttribution,
  classIndex: number | null,
  labels: readonly string[],
  timeOf: (frame: number) => number,
): AttributionReport {
  const predictedIndex = predictedClass(attribution);
  const cls = classIndex ?? predictedIndex;
  const scores = occlusionScores(attribution, cls);
  return {
    frame: attribution.frame,
    t: timeOf(attribution.frame),
    class: labels[cls] ?? String(cls),
    classIndex: cls,
    predicted: labels[predictedIndex] ?? String(predictedIndex),
    predictedIndex,
    baseline: round(scores.baseline),
    score: SCORE_MEANING,
    windows: occlusionRowCount(attribution.windowSize),
    landmarks: Array.from(scores.landmarks, (drop, point) => ({ point, name: POINT_NAMES[point], drop: round(drop) })),
    frames: Array.from(scores.frames, (drop, position) => ({
      position,
      frame: attribution.windowFrames[position],
      t: timeOf(attribution.windowFrames[position]),
      drop: round(drop),
    })),
  };
}

const BAR_WIDTH = 24;

function bar(value: number, max: number): string {
  if (max <= 0) return '';
  const n = Math.round((Math.abs(value) / max) * BAR_WIDTH);
  return (value < 0 ? '-' : '#').repeat(n);
}

const signed = (v: number) => `${v >= 0 ? '+' : '-'}${Math.abs(v).toFixed(4)}`;

/** The report for a terminal: the landmarks largest effect (either sign) first, then the window's frames in order, with bars. */
export function attributionText(report: AttributionReport): string[] {
  const max = largestScore({ landmarks: report.landmarks.map((l) => l.drop), frames: report.frames.map((f) => f.drop) });
  const first = report.frames[0]?.frame ?? report.frame;
  const lines = [
    `window ending at frame ${report.frame} (t ${report.t} ms), frames ${first}-${report.frame}; ${report.windows} windows run in one batch`,
    `class ${report.class}: window probability ${report.baseline.toFixed(4)} (predicted ${report.predicted})`,
    `score: ${report.score}; > 0: the part supported ${report.class}, < 0: it worked against it`,
    '',
    'landmarks, largest effect first:',
  ];
  const byDrop = [...report.landmarks].sort((a, b) => Math.abs(b.drop) - Math.abs(a.drop) || a.point - b.point);
  for (const l of byDrop) lines.push(`  ${String(l.point).padStart(2)} ${l.name.padEnd(18)} ${signed(l.drop)}  ${bar(l.drop, max)}`.trimEnd());
  if (report.frames.length) {
    lines.push('', 'frames of the window, oldest first:');
    for (const f of report.frames) {
      lines.push(`  ${String(f.position).padStart(2)} frame ${String(f.frame).padStart(6)} ${signed(f.drop)}  ${bar(f.drop, max)}`.trimEnd());
    }
  } else {
    lines.push('', 'a one-frame window: no frame attribution');
  }
  return lines;
}
