import { attributeWindow, noWindowReason } from '../core/attribution/attributeWindow';
import { errorText } from '../core/errorText';
import type { Session } from '../core/session/types';
import type { AttributionOutcome } from './protocol';
import type { ReplayModels } from './replayModels';

/**
 * The attribution of the window ending at `frame`, for a replay panel: its occlusion batch goes to the
 * replay model hosts through the same runner as the analysis's batches (one call; the pool splits it
 * across its hosts as it splits any batch). Never rejects: what went wrong is the outcome's `reason`.
 */
export async function attributeInWorker(models: ReplayModels, session: Session, modelKey: string, frame: number): Promise<AttributionOutcome> {
  try {
    const model = await models.model(modelKey);
    const { profile } = model.resolved;
    const attribution = await attributeWindow(session, profile, model.runner, frame);
    if (!attribution) return { frame, reason: noWindowReason(session, profile.windowSize, frame) ?? `no model window ends at frame ${frame}` };
    return { frame, windowFrames: Int32Array.from(attribution.windowFrames), probs: attribution.probs, classCount: attribution.classCount };
  } catch (error) {
    return { frame, reason: errorText(error) };
  }
}
