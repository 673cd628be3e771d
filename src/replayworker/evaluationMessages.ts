import type { SessionEvaluation } from '../core/evaluation/types';
import type { EvaluationMessage } from '../protocol/evaluationMessage';

/** The `evaluation` message of an evaluation: the figures as JSON, the scored frames as typed arrays. */
export function evaluationMessage(evaluation: SessionEvaluation, slot: number, model: string): EvaluationMessage {
  const { scored, ...figures } = evaluation;
  return {
    type: 'evaluation',
    slot,
    model,
    figures,
    // Copies: the message's arrays are transferred, and the worker keeps its evaluation for a reloaded webview.
    scoredFrame: scored.frame.slice(),
    scoredLabel: scored.label.slice(),
    scoredPrediction: scored.prediction.slice(),
  };
}
