/** The messages that start a replay webview on a session: `init`, the problems to show, and empty frames. */
import { LABELS_29 } from '../../core/model/profile';
import { encodeFrames } from '../../protocol/encode';
import { PROTOCOL_VERSION, type FramesMessage, type InitMessage, type ProblemInfo, type SessionInfo } from '../../protocol/messages';
import { SETTING } from '../../protocol/settingNames';
import { modelPanelInfo } from '../../model/modelPanelInfo';
import type { Prepared } from './replayLifecycle';

/** The session's own problems, then why the session or the model could not be used. */
export function sessionProblems(file: string, prepared: Prepared): ProblemInfo[] {
  const problems: ProblemInfo[] = prepared.session ? [...prepared.session.summary.problems] : [];
  if (prepared.sessionError) problems.push({ file, message: prepared.sessionError.replace(`${file}: `, '') });
  if (prepared.imagesProblem) problems.push({ file, field: 'images', message: prepared.imagesProblem });
  if (prepared.modelError) {
    problems.push({ file: prepared.modelError.modelPath ?? 'model', field: SETTING.modelPath, message: prepared.modelError.reason });
  }
  return problems;
}

export function replayInit(title: string, file: string, { session, model, images }: Prepared, restoreFrame: number | undefined): InitMessage {
  const profile = model?.resolved.profile;
  const info = session?.summary.info;
  return {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    mode: 'replay',
    title,
    session: info ? { ...info, ...(images ? { images: images.count } : {}) } : emptySessionInfo(file),
    labels: [...(profile?.labels ?? LABELS_29)],
    model: model ? modelPanelInfo(model) : null,
    windowSize: profile?.windowSize ?? 32,
    smoothingWindow: profile?.smoothingWindow ?? 5,
    restore: restoreFrame !== undefined ? { frame: restoreFrame } : undefined,
  };
}

function emptySessionInfo(file: string): SessionInfo {
  return { frameCount: 0, fps: 0, source: '', file, startMs: 0, endMs: 0 };
}

/** What a webview without a session gets for frames: it still needs them before the analysis's end. */
export function emptyFramesMessage(): FramesMessage {
  return encodeFrames([], 0, { targets: [], labelSpans: [], totalFrames: 0 });
}
