/**
 * The evaluation of a replayed session against its label lines, as the replay worker computed it
 * (src/core/evaluation: the figures `landmark-lens evaluate` reports), for the panel's metrics view,
 * confusion matrix, wrong-frames lane and error keys. One message per model: slot 0 is the settings'
 * model, slot 1 a second model being compared (Compare With Model…).
 */
import type { EvaluationFigures, SpanOutcome } from '../core/evaluation/types';

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
