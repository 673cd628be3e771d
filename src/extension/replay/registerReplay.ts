import * as vscode from 'vscode';
import { join } from 'node:path';
import type { KnobsAppliedMessage, KnobValues, RenderedMessage } from '../../protocol/messages';
import { lensWebviewOptions } from '../panel/createLensWebview';
import { ReplayWorkerClient } from '../../replayworker/client';
import { settingsModelLoader } from '../model/settingsModelLoader';
import { REPLAY_HOSTS } from '../../model/hostLayouts';
import { REPLAY_VIEW_TYPE, ReplayPanel, type ReplayPanelSnapshot } from './replayPanel';
import { ReplayPanels } from './replayPanels';
import { SESSION_EDITOR_VIEW_TYPE, SessionEditorProvider } from './sessionEditorProvider';
import { restoredFrame, restoredReplay } from './replayPanelState';

const PANEL_FILES_KEY = 'landmarkLens.replayPanelFiles';
/**
 * Niceness of the replay worker's thread: on two cores its analysis (window listing, results messages)
 * competed with this thread's own event loop, which must stay free for every extension.
 */
const REPLAY_WORKER_NICENESS = 10;
import { pickSample, pickSessionFile } from './sessionPicker';
import { openSessionOnStart } from './openOnStart';
import type { ModelLoadError } from '../../model/loadedModel';
import { errorText } from '../../core/errorText';
import { affectsModel } from '../settings';
import { registerMediaImport } from '../media/registerMediaImport';
import { BACKEND_DEFAULT_PROFILE } from '../../core/model/profile';
import { registerEvaluationCommands } from './registerEvaluationCommands';
import { pickCompareModel } from './pickCompareModel';

/** What activate() returns for the integration suites (and other extensions) to drive replays. */
export interface ReplayApi {
  /** Opens a replay panel for a session file; resolves with the panel id. */
  openReplay(file: vscode.Uri | string): Promise<string>;
  /** The panel's `rendered` report, once its webview drew the whole session with results. */
  lastRendered(panelId: string): RenderedMessage | undefined;
  /** Resolves with the panel's `rendered` report; rejects after `timeoutMs`. */
  whenRendered(panelId: string, timeoutMs?: number): Promise<RenderedMessage>;
  panels(): ReplayPanelSnapshot[];
  /**
   * Does what the panel serializer does after a reload, in a new panel titled `title`, with a saved
   * webview `state`; resolves with the panel id (undefined when the state names no session).
   */
  restorePanel(title: string, state: unknown): Promise<string | undefined>;
  /** Writes what the panel's CSV export writes (without the save dialog) to `file`. */
  exportCsv(panelId: string, file: string): Promise<void>;
  /**
   * Sets the panel's knobs as its controls do (after a Reset when `reset`); resolves with what the webview
   * recomputed, the replies of every frame with it.
   */
  setKnobs(panelId: string, values: Partial<KnobValues>, options?: { reset?: boolean }): Promise<KnobsAppliedMessage>;
}

export interface ReplayDependencies {
  reportModelError: (error: ModelLoadError) => void;
}

export function registerReplay(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  dependencies: ReplayDependencies,
): ReplayApi {
  const panels = new ReplayPanels();
  // Bulk messages: files the webviews fetch themselves, in a folder of this extension host's own.
  const bulkRoot = vscode.Uri.joinPath(context.globalStorageUri, 'bulk');
  const worker = new ReplayWorkerClient({
    script: join(context.extensionUri.fsPath, 'dist', 'replayworker.js'),
    resultsCacheDir: join(context.globalStorageUri.fsPath, 'results-cache'),
    snapshotDir: join(context.globalStorageUri.fsPath, 'session-snapshots'),
    bulkDir: join(bulkRoot.fsPath, String(process.pid)),
    niceness: REPLAY_WORKER_NICENESS,
    modelHosts: { script: join(context.extensionUri.fsPath, 'dist', 'modelhost.js'), ...REPLAY_HOSTS },
    onStop: (reason) => log.error(`${reason}; the open replay panels need reopening`),
    onLog: (level, text) => log[level](text),
  });
  context.subscriptions.push({ dispose: () => void worker.dispose() });
  const panelDeps = {
    extensionUri: context.extensionUri,
    log,
    worker,
    bulkRoot,
    // The settings' model, in the worker's model hosts.
    loadModel: settingsModelLoader(context, (path, displayName, overrides) => worker.loadModel(path, displayName, overrides)),
    reportModelError: dependencies.reportModelError,
    pickCompareModel,
  };

  // The serializer's fallback when the webview state names no file: the last file shown under a title.
  const filesByTitle = (): Record<string, string> => context.workspaceState.get(PANEL_FILES_KEY, {});
  const showPanel = (webviewPanel: vscode.WebviewPanel, file: vscode.Uri, viewType: string, frame?: number) => {
    const panel = panels.add(new ReplayPanel(webviewPanel, file, viewType, panelDeps, frame));
    if (viewType === REPLAY_VIEW_TYPE) {
      void context.workspaceState.update(PANEL_FILES_KEY, { ...filesByTitle(), [webviewPanel.title]: file.fsPath });
    }
    return panel;
  };

  const openReplay = (file: vscode.Uri): string => {
    const webviewPanel = vscode.window.createWebviewPanel(
      REPLAY_VIEW_TYPE,
      'Replay',
      vscode.ViewColumn.Active,
      lensWebviewOptions(context.extensionUri, [bulkRoot]),
    );
    const panel = showPanel(webviewPanel, file, REPLAY_VIEW_TYPE);
    log.info(`${panel.id}: replaying ${file.fsPath}`);
    return panel.id;
  };

  /** The serializer's work: reopen the session the webview state (or the panel title) names, at its playhead. */
  const restorePanel = (webviewPanel: vscode.WebviewPanel, state: unknown): string | undefined => {
    const fromState = restoredReplay(state);
    const byTitle = filesByTitle()[webviewPanel.title];
    const restored = fromState ?? (byTitle ? { file: byTitle, frame: restoredFrame(state) } : undefined);
    if (!restored) {
      log.warn(`replay panel "${webviewPanel.title}" could not be restored: its saved state names no session file`);
      webviewPanel.dispose();
      return undefined;
    }
    const panel = showPanel(webviewPanel, vscode.Uri.file(restored.file), REPLAY_VIEW_TYPE, restored.frame);
    log.info(`${panel.id}: restored ${restored.file} at frame ${restored.frame ?? 0}`);
    return panel.id;
  };

  const toUri = (file: vscode.Uri | string): vscode.Uri => (typeof file === 'string' ? vscode.Uri.file(file) : file);

  context.subscriptions.push(
    vscode.commands.registerCommand('landmarkLens.replaySession', async (file?: vscode.Uri | string) => {
      const uri = file ? toUri(file) : await pickSessionFile();
      return uri ? openReplay(uri) : undefined;
    }),
    vscode.commands.registerCommand('landmarkLens.replaySample', async (sample?: string) => {
      const uri = await pickSample(context.extensionUri, typeof sample === 'string' ? sample : undefined);
      return uri ? openReplay(uri) : undefined;
    }),
    vscode.window.registerCustomEditorProvider(
      SESSION_EDITOR_VIEW_TYPE,
      new SessionEditorProvider((webviewPanel, file) => {
        const panel = showPanel(webviewPanel, file, SESSION_EDITOR_VIEW_TYPE);
        log.info(`${panel.id}: session editor for ${file.fsPath}`);
      }),
      { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: true },
    ),
    vscode.window.registerWebviewPanelSerializer(REPLAY_VIEW_TYPE, {
      deserializeWebviewPanel: async (webviewPanel: vscode.WebviewPanel, state: unknown) => {
        restorePanel(webviewPanel, state);
      },
    }),
  );

  context.subscriptions.push(...registerEvaluationCommands(panels));

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsModel(event)) {
        for (const panel of panels.list()) panel.reload();
      }
    }),
  );

  registerMediaImport(context, {
    log,
    openReplay: (file) => openReplay(vscode.Uri.file(file)),
    // The loaded model's profile names the detector's options; without a model, the backend's.
    detectorSettings: () =>
      panelDeps.loadModel().then(
        (model) => model.resolved.profile.detector ?? BACKEND_DEFAULT_PROFILE.detector,
        (error: unknown) => {
          log.warn(`the hand detector runs with the backend's options: the model did not load (${errorText(error)})`);
          return BACKEND_DEFAULT_PROFILE.detector;
        },
      ),
  });

  void openSessionOnStart(log).catch((error: unknown) =>
    log.warn(`the session to open on start could not be opened: ${errorText(error)}`),
  );

  return {
    openReplay: async (file) => openReplay(toUri(file)),
    lastRendered: (id) => panels.lastRendered(id),
    whenRendered: (id, timeoutMs = 60_000) => {
      const panel = panels.get(id);
      const known = panels.lastRendered(id);
      if (known) return Promise.resolve(known);
      if (!panel) return Promise.reject(new Error(`no open replay panel ${id}`));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`replay panel ${id} did not report rendered within ${timeoutMs} ms (${JSON.stringify(panel.snapshot())})`)),
          timeoutMs,
        );
        void panel.whenRendered().then((rendered) => {
          clearTimeout(timer);
          resolve(rendered);
        });
      });
    },
    panels: () => panels.list().map((p) => p.snapshot()),
    exportCsv: async (id, file) => {
      const panel = panels.get(id);
      if (!panel) throw new Error(`no open replay panel ${id}`);
      if (!(await panel.writeCsv(file))) throw new Error(`replay panel ${id} has not finished its analysis`);
    },
    setKnobs: async (id, values, options = {}) => {
      const panel = panels.get(id);
      if (!panel) throw new Error(`no open replay panel ${id}`);
      return panel.setKnobs(values, options.reset ?? false);
    },
    restorePanel: async (title, state) =>
      restorePanel(
        vscode.window.createWebviewPanel(REPLAY_VIEW_TYPE, title, vscode.ViewColumn.Active, lensWebviewOptions(context.extensionUri, [bulkRoot])),
        state,
      ),
  };
}
