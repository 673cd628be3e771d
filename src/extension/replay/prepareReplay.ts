import type * as vscode from 'vscode';
import type { ExtensionToWebview } from '../../protocol/messages';
import { errorText } from '../../core/errorText';
import type { BulkFile, RemoteSession } from '../../replayworker/client';
import { ModelLoadError } from '../../model/loadedModel';
import type { Prepared } from './replayLifecycle';
import type { ReplayPanelDeps } from './replayPanelContract';
import { openReplayImages } from './replayImages';

/** Where the worker's messages for one attempt's session go; `posted` is called once the webview has it. */
export type Relay = (message: ExtensionToWebview | BulkFile, posted: () => void) => void;

/**
 * One attempt's preparation, both at once: the worker reads the session (its messages go to `relay`;
 * `onOpened` hears of the session as soon as it is open) and the model loads. A model that cannot load is
 * reported to the user; then the session's camera images are opened.
 */
export async function prepareReplay(
  file: vscode.Uri,
  deps: Pick<ReplayPanelDeps, 'worker' | 'loadModel' | 'reportModelError'>,
  relay: Relay,
  onOpened: (session: RemoteSession) => void,
): Promise<Prepared> {
  const [session, model] = await Promise.all([
    deps.worker.open(file.fsPath, relay).then(
      (remote): Pick<Prepared, 'session' | 'sessionError'> => {
        onOpened(remote);
        return { session: remote };
      },
      (error: unknown) => ({ session: null, sessionError: errorText(error) }),
    ),
    deps.loadModel().then(
      (m): Pick<Prepared, 'model' | 'modelError'> => ({ model: m }),
      (error: unknown) => ({
        model: null,
        modelError: error instanceof ModelLoadError ? error : new ModelLoadError(errorText(error), null),
      }),
    ),
  ]);
  if (model.modelError) deps.reportModelError(model.modelError);
  const images = await openReplayImages(file.fsPath, session.session?.summary.info);
  return { ...session, ...model, ...images };
}
