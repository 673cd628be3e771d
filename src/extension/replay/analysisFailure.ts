import type { ProblemInfo } from '../../protocol/messages';
import { errorText } from '../../core/errorText';
import { FrameInputError } from '../../replayworker/client';
import type { WorkerModel } from '../../replayworker/protocol';
import { ModelLoadError, withoutPathPrefix } from '../../model/loadedModel';
import { SETTING } from '../../protocol/settingNames';

/** A failed analysis as the panel reports it. */
export interface AnalysisFailure {
  message: string;
  /** The problem the panel lists: a session frame's (the playhead moves there) or the model setting's. */
  problem: ProblemInfo;
  /** When the model failed: the error the user is shown, naming the setting. */
  modelError?: ModelLoadError;
}

/** Whose fault an analysis error is: the session's frame whose model input is not finite, or the model's. */
export function analysisFailure(sessionFile: string, model: WorkerModel, error: unknown): AnalysisFailure {
  const message = errorText(error);
  if (error instanceof FrameInputError) return { message, problem: { file: sessionFile, frame: error.frame, message } };
  const reason = withoutPathPrefix(message, model.path);
  return {
    message,
    problem: { file: model.path, field: SETTING.modelPath, message: reason },
    modelError: new ModelLoadError(`${model.path}: ${reason} (check ${SETTING.modelPath})`, model.path, reason),
  };
}
