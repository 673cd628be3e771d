import { emptyMatrix, perClassFigures, timeToCorrectFigures } from './classFigures';
import type { EvaluationFigures, LabelCount, SessionEvaluation } from './types';

/**
 * The figures over several sessions evaluated with the same labels, as if they were one: frames and matrix
 * cells add up, ratios are taken of the sums (frame accuracy of all scored frames, CER of all edit
 * distances over all reference lengths), percentiles over every span of every session.
 */
export function combineEvaluations(sessions: readonly SessionEvaluation[], classLabels: readonly string[]): EvaluationFigures {
  const labels = [...classLabels];
  const matrix = emptyMatrix(labels.length);
  let frames = 0;
  let labelledFrames = 0;
  let scoredFrames = 0;
  let correctFrames = 0;
  let distance = 0;
  let referenceLength = 0;
  const missing = new Set<string>();
  const notInModel = new Map<string, number>();
  const times: (number | null)[] = [];
  for (const s of sessions) {
    if (s.confusion.labels.length !== labels.length || s.confusion.labels.some((l, i) => l !== labels[i])) {
      throw new Error('sessions evaluated with different labels cannot be combined');
    }
    frames += s.frames;
    labelledFrames += s.labelledFrames;
    scoredFrames += s.scoredFrames;
    correctFrames += s.correctFrames;
    s.confusion.matrix.forEach((row, i) => row.forEach((n, j) => (matrix[i][j] += n)));
    distance += s.cer.distance;
    referenceLength += s.cer.referenceLength;
    for (const c of s.cer.missingCharacters) missing.add(c);
    for (const { text, frames: n } of s.labelsNotInModel) notInModel.set(text, (notInModel.get(text) ?? 0) + n);
    for (const span of s.spans) times.push(span.timeToCorrectMs);
  }
  const confusion = { labels, matrix };
  const labelsNotInModel: LabelCount[] = [...notInModel].map(([text, n]) => ({ text, frames: n }));
  return {
    frames,
    labelledFrames,
    scoredFrames,
    correctFrames,
    frameAccuracy: scoredFrames > 0 ? correctFrames / scoredFrames : null,
    confusion,
    perClass: perClassFigures(confusion),
    timeToCorrect: timeToCorrectFigures(times),
    cer: { value: referenceLength > 0 ? distance / referenceLength : null, distance, referenceLength, missingCharacters: [...missing] },
    labelsNotInModel,
  };
}
