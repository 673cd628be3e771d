import type { AttributionMessage, RequestAttributionMessage } from '../../protocol/messages';
import { errorText } from '../../core/errorText';
import { occlusionScores, predictedClass } from '../../core/attribution/occlusion';
import type { Attempt } from './replayLifecycle';

/**
 * Answers a replay webview's `requestAttribution`: the replay worker attributes the window with the
 * attempt's session and model (its model hosts, never this thread), and the answer goes back with the
 * request's id. `post` is given the answer only while the attempt is the panel's current one.
 */
export async function answerAttribution(
  attempt: Attempt,
  request: RequestAttributionMessage,
  post: (message: AttributionMessage) => void,
): Promise<void> {
  const answer = (fields: Omit<AttributionMessage, 'type' | 'id' | 'frame'>) => post({ type: 'attribution', id: request.id, frame: request.frame, ...fields });
  const { session, model, modelError } = await attempt.prepared;
  if (!session || !model) {
    answer({ reason: model ? 'the session could not be read' : `no model: ${modelError?.reason ?? 'it could not be loaded'}` });
    return;
  }
  try {
    const { frame: _frame, ...outcome } = await session.attribute(request.frame, model.key);
    answer(outcome);
  } catch (error) {
    answer({ reason: errorText(error) });
  }
}

/** The last attribution a panel showed, for the test API: its window and the predicted class's point scores. */
export interface AttributionShown {
  frame: number;
  windowFrames?: number[];
  predicted?: number;
  landmarks?: number[];
  reason?: string;
}

export function attributionShown(message: AttributionMessage): AttributionShown {
  if (!message.windowFrames || !message.probs || !message.classCount) return { frame: message.frame, reason: message.reason };
  const d = { windowSize: message.windowFrames.length, classCount: message.classCount, probs: message.probs };
  const predicted = predictedClass(d);
  return { frame: message.frame, windowFrames: Array.from(message.windowFrames), predicted, landmarks: Array.from(occlusionScores(d, predicted).landmarks) };
}
