/**
 * The messages that open a replay webview on a session, as the replay panel sends them: `init` with the
 * session and the model, then the session's frames in one message. For the webview test producer and the
 * webview benchmark's data.
 */
import { basename } from 'node:path';
import type { Session } from '../../../src/core/session/types';
import { sessionFrames } from '../../../src/core/session/frameColumns';
import type { ModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { modelPanelInfo } from '../../../src/model/modelPanelInfo';
import { encodeFrames, labelSpans, targetSpans } from '../../../src/protocol/encode';
import { PROTOCOL_VERSION, type FramesMessage, type InitMessage } from '../../../src/protocol/messages';
import { sessionInfo } from '../../../src/replayworker/sessionInfo';

export function replayStartMessages(session: Session, sessionPath: string, modelPath: string, loaded: ModelWithProfile): { init: InitMessage; frames: FramesMessage } {
  const profile = loaded.resolved.profile;
  const init: InitMessage = {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    mode: 'replay',
    title: `Replay: ${basename(sessionPath)}`,
    session: sessionInfo(session, sessionPath),
    labels: [...profile.labels],
    model: modelPanelInfo({ path: modelPath, displayName: modelPath, resolved: loaded.resolved, signature: loaded.signature, hash: '' }),
    windowSize: profile.windowSize,
    smoothingWindow: profile.smoothingWindow,
  };
  const all = sessionFrames(session);
  const frames = encodeFrames(all, 0, { targets: targetSpans(session), labelSpans: labelSpans(session), totalFrames: all.length });
  return { init, frames };
}
