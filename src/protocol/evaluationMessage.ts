/**
 * The evaluation of a replayed session against its label lines, as the replay worker computed it
 * (src/core/evaluation: the figures `landmark-lens evaluate` reports), for the panel's metrics view,
 * confusion matrix, wrong-frames lane and error keys. One message per model: slot 0 is the settings'
 * model, slot 1 a second model being compared (Compare With Model…).
 */
import type { EvaluationFigures, SpanOutcome } from '../core/evaluation/types';
import type { EvaluationDelta, LabelSetDifference } from '../core/evaluation/compareEvaluations';

export interface EvaluationMessage {
  type: 'evaluation';
  /** 0: the panel's model; 1: the model it is compared with. */
  slot: number;
  /** The model's name as the panel shows it (file name, and the profile when it is not the model's own). */
  model: string;
  /** Every figure of `evaluate`'s per-session report (without the per-frame columns below). */
  figures: EvaluationFigures & { transcript: string; reference: string; spans: SpanOutcome[] };
  /** The scored frames, ascending, with label and prediction as indices into figures.confusion.labels. */
  scoredFrame: Int32Array;
  scoredLabel: Uint16Array;
  scoredPrediction: Uint16Array;
}

/** Runs a keyboard action of the panel (a VS Code command with its own keybinding, such as Next Error). */
export interface RunActionMessage {
  type: 'runAction';
  action: string;
}

/** A comparison starts: the compared model's name and labels (its slot-1 `results` follow). */
export interface CompareStartMessage {
  type: 'compareStart';
  model: string;
  labels: string[];
}

/**
 * A comparison finished: where the two models differ frame by frame, both transcripts, and (for a labelled
 * session) each model's figures on the labels scored for the comparison with the second's minus the first's.
 */
export interface ComparisonMessage {
  type: 'comparison';
  /** The compared model's name (slot 1); the panel's is slot 0's. */
  model: string;
  /** Per frame, DIFF_TOP1 | DIFF_SENT bits (src/core/evaluation/frameDifferences.ts). */
  diff: Uint8Array;
  /** The decoders' transcripts at the last frame: the panel's model, the compared one. */
  transcripts: string[];
  labels: LabelSetDifference;
  /** Null for a session without labels. */
  figures: {
    /** 'all labels' when both models have the same; else both were scored on the shared labels only. */
    scoredOn: 'all labels' | 'shared labels';
    first: EvaluationFigures;
    second: EvaluationFigures;
    delta: EvaluationDelta;
  } | null;
}

/** The comparison ended (closed, or it failed with `error`). */
export interface CompareClosedMessage {
  type: 'compareClosed';
  error?: string;
}
