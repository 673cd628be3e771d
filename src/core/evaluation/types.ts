/**
 * The figures of an evaluation against ground-truth labels, as `landmark-lens evaluate` reports them and
 * the replay panel shows them. Definitions (README, "Evaluating a model"): a frame is labelled when a
 * label span holds it (t0 <= t < t1, the later line winning where spans overlap); scored when it is
 * labelled, its label is one of the model's labels and it has a smoothed distribution (status ready);
 * its prediction is the argmax label of that distribution, whether the reply was sent or throttled.
 * Everything here is plain data (numbers, strings, arrays, typed arrays), so it can be posted to a webview.
 */

/** confusion.matrix[i][j]: scored frames labelled labels[i] and predicted labels[j]. */
export interface ConfusionMatrix {
  labels: string[];
  matrix: number[][];
}

/** One class's figures, all from the confusion matrix; null where the ratio has no frames to count. */
export interface ClassFigures {
  label: string;
  /** Scored frames labelled with this class (the row's sum). */
  support: number;
  /** Scored frames predicted as this class (the column's sum). */
  predicted: number;
  /** The diagonal cell. */
  correct: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Over label spans whose text is one of the model's labels. Percentiles are nearest-rank over the spans that were ever correct. */
export interface TimeToCorrectFigures {
  spans: number;
  correct: number;
  never: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface CerFigures {
  /** distance / referenceLength; null without a reference. */
  value: number | null;
  /** Edit distance between the decoder's transcript and the reference. */
  distance: number;
  referenceLength: number;
  /** Characters of the labels the model has no class for (kept in the reference, so they count as errors). */
  missingCharacters: string[];
}

/** Label texts that held frames but are not among the model's labels, with the frames they held. */
export interface LabelCount {
  text: string;
  frames: number;
}

export interface EvaluationFigures {
  frames: number;
  labelledFrames: number;
  scoredFrames: number;
  correctFrames: number;
  /** correctFrames / scoredFrames; null when no frame is scored. */
  frameAccuracy: number | null;
  confusion: ConfusionMatrix;
  perClass: ClassFigures[];
  timeToCorrect: TimeToCorrectFigures;
  cer: CerFigures;
  labelsNotInModel: LabelCount[];
}

/** A label span whose text is one of the model's labels, and how long the model took to read it. */
export interface SpanOutcome {
  t0: number;
  t1: number;
  label: string;
  /** t of the first scored frame of the span predicted as its label, minus t0; null: never. */
  timeToCorrectMs: number | null;
}

/**
 * The per-frame facts behind the figures, in columns, ascending by frame: every scored frame's number,
 * its label and its prediction as indices into confusion.labels. A frame is wrong when label !== prediction.
 */
export interface ScoredFrames {
  frame: Int32Array;
  label: Uint16Array;
  prediction: Uint16Array;
}

export interface SessionEvaluation extends EvaluationFigures {
  /** The decoder's transcript at the last frame. */
  transcript: string;
  /** The labels' text read by the decoder's rules (see referenceText). */
  reference: string;
  spans: SpanOutcome[];
  scored: ScoredFrames;
}
