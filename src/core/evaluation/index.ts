// The evaluation against ground-truth labels: what `landmark-lens evaluate` reports and the replay panel shows.
export type { ClassFigures, ConfusionMatrix, CerFigures, EvaluationFigures, LabelCount, ScoredFrames, SessionEvaluation, SpanOutcome, TimeToCorrectFigures } from './types';
export { SessionEvaluator, evaluateSession, type EvaluatedFrame, type SessionEvaluatorOptions } from './sessionEvaluator';
export { combineEvaluations } from './combineEvaluations';
export { compareEvaluations, labelSetDifference, type ClassDelta, type Delta, type EvaluationDelta, type LabelSetDifference } from './compareEvaluations';
export { framesInCell, wrongFrames, nextError, previousError } from './scoredFrameSteps';
export { referenceText, type ReferenceText } from './referenceText';
export { LabelTimeline } from './labelTimeline';
export { editDistance } from './editDistance';
