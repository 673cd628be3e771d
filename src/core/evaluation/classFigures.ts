import type { ClassFigures, ConfusionMatrix, TimeToCorrectFigures } from './types';
import { nearestRankPercentile } from './percentile';

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** Support, precision, recall and F1 of every label of the matrix, from the matrix alone. */
export function perClassFigures(confusion: ConfusionMatrix): ClassFigures[] {
  const { labels, matrix } = confusion;
  return labels.map((label, i) => {
    const support = matrix[i].reduce((a, b) => a + b, 0);
    const predicted = matrix.reduce((sum, row) => sum + row[i], 0);
    const correct = matrix[i][i];
    const precision = ratio(correct, predicted);
    const recall = ratio(correct, support);
    const f1 = precision === null || recall === null ? null : precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, support, predicted, correct, precision, recall, f1 };
  });
}

/** Time-to-correct figures of spans' times (null: never). */
export function timeToCorrectFigures(times: readonly (number | null)[]): TimeToCorrectFigures {
  const correct = times.filter((t): t is number => t !== null);
  return {
    spans: times.length,
    correct: correct.length,
    never: times.length - correct.length,
    p50Ms: nearestRankPercentile(correct, 50),
    p90Ms: nearestRankPercentile(correct, 90),
  };
}

export function emptyMatrix(size: number): number[][] {
  return Array.from({ length: size }, () => new Array<number>(size).fill(0));
}
