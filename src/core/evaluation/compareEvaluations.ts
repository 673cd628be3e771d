import type { EvaluationFigures } from './types';

/** second - first; null when either is null. */
export type Delta = number | null;

export interface ClassDelta {
  label: string;
  support: number;
  precision: Delta;
  recall: Delta;
  f1: Delta;
}

/** The difference of each figure, the second model's minus the first's, over the labels both have. */
export interface EvaluationDelta {
  frames: number;
  scoredFrames: number;
  frameAccuracy: Delta;
  /** Cells of the labels both models have: second's count minus first's. */
  confusion: { labels: string[]; matrix: number[][] };
  perClass: ClassDelta[];
  timeToCorrect: { spans: number; correct: number; never: number; p50Ms: Delta; p90Ms: Delta };
  cer: Delta;
}

export interface LabelSetDifference {
  shared: string[];
  onlyInFirst: string[];
  onlyInSecond: string[];
  /** Same labels in the same order. */
  same: boolean;
}

export function labelSetDifference(first: readonly string[], second: readonly string[]): LabelSetDifference {
  const a = new Set(first);
  const b = new Set(second);
  return {
    shared: first.filter((l) => b.has(l)),
    onlyInFirst: first.filter((l) => !b.has(l)),
    onlyInSecond: second.filter((l) => !a.has(l)),
    same: first.length === second.length && first.every((l, i) => l === second[i]),
  };
}

const minus = (b: number | null, a: number | null): Delta => (a === null || b === null ? null : b - a);

/**
 * Each figure of `second` minus the same figure of `first`. With different label sets, both should have
 * been evaluated on the shared labels (SessionEvaluator's scoredLabels) so that the same frames are scored.
 */
export function compareEvaluations(first: EvaluationFigures, second: EvaluationFigures): EvaluationDelta {
  const shared = labelSetDifference(first.confusion.labels, second.confusion.labels).shared;
  const at = (f: EvaluationFigures) => new Map(f.confusion.labels.map((l, i) => [l, i]));
  const ia = at(first);
  const ib = at(second);
  const matrix = shared.map((row) => shared.map((col) => second.confusion.matrix[ib.get(row)!][ib.get(col)!] - first.confusion.matrix[ia.get(row)!][ia.get(col)!]));
  const classA = new Map(first.perClass.map((c) => [c.label, c]));
  const classB = new Map(second.perClass.map((c) => [c.label, c]));
  const perClass = shared.map((label) => {
    const a = classA.get(label)!;
    const b = classB.get(label)!;
    return { label, support: b.support - a.support, precision: minus(b.precision, a.precision), recall: minus(b.recall, a.recall), f1: minus(b.f1, a.f1) };
  });
  const ta = first.timeToCorrect;
  const tb = second.timeToCorrect;
  return {
    frames: second.frames - first.frames,
    scoredFrames: second.scoredFrames - first.scoredFrames,
    frameAccuracy: minus(second.frameAccuracy, first.frameAccuracy),
    confusion: { labels: shared, matrix },
    perClass,
    timeToCorrect: {
      spans: tb.spans - ta.spans,
      correct: tb.correct - ta.correct,
      never: tb.never - ta.never,
      p50Ms: minus(tb.p50Ms, ta.p50Ms),
      p90Ms: minus(tb.p90Ms, ta.p90Ms),
    },
    cer: minus(second.cer.value, first.cer.value),
  };
}
