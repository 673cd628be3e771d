import * as vscode from 'vscode';
import { basename } from 'node:path';
import { LABELS_29 } from '../../core/model/profile';
import { encodeFrames } from '../../protocol/encode';
import {
  PROTOCOL_VERSION,
  checkWebviewToExtension,
  type ExtensionToWebview,
  type FramesMessage,
  type ProblemInfo,
  type RenderedMessage,
  type SessionInfo,
  type WebviewToExtension,
} from '../../protocol/messages';
import { createLensWebview, type LensWebview } from '../panel/createLensWebview';
import { errorText } from '../../core/errorText';
import { PacedPoster } from '../panel/pacedPoster';
import type { BulkFile, RemoteSession, ReplayWorkerClient } from '../../replayworker/client';
import type { WorkerModel } from '../../replayworker/protocol';
import { modelPanelInfo } from '../../model/modelPanelInfo';
import { ModelLoadError, withoutPathPrefix } from '../../model/loadedModel';
import { saveCsvExport, savePngExport } from './replayExports';
import { SETTING } from '../../protocol/settingNames';

export const REPLAY_VIEW_TYPE = 'landmarkLens.replay';

/** Frames per results message when a reloaded webview is sent results already known. */
const RELOAD_CHUNK = 4096;

export interface ReplayPanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** The settings' model, loaded in the replay worker's model hosts. */
  loadModel: () => Promise<WorkerModel>;
  /** Holds the panels' sessions and runs their analyses, off this thread. */
  worker: ReplayWorkerClient;
  /** The folder of the worker's bulk message files, which the webview fetches. */
  bulkRoot?: vscode.Uri;
  /** Shows the model problem to the user (a notification naming the setting). */
  reportModelError: (error: ModelLoadError) => void;
}

export type AnalysisState = 'waiting' | 'running' | 'done' | 'failed';

/** What a replay panel has shown and been told, for the test API and the output log. */
export interface ReplayPanelSnapshot {
  id: string;
  file: string;
  /** 'landmarkLens.replay' or the custom editor's 'landmarkLens.sessionEditor'. */
  viewType: string;
  frames: number;
  problems: ProblemInfo[];
  analysis: AnalysisState;
  analysisError?: string;
  fromCache?: boolean;
  modelCalls?: number;
  playhead: number;
  rendered?: RenderedMessage;
}

interface Prepared {
  session: RemoteSession | null;
  sessionError?: string;
  model: WorkerModel | null;
  modelError?: ModelLoadError;
}

let nextPanelNumber = 1;

/**
 * One replay of one session in one webview panel: asks the replay worker to read the session and loads
 * the model as soon as the panel exists, answers the webview's `ready` with the session, then has the
 * worker stream the analysis to it. This thread only relays: the session, the analysis and every
 * results message are the worker's (src/replayworker).
 */
export class ReplayPanel {
  readonly id = `replay-${nextPanelNumber++}`;
  private readonly lens: LensWebview<ExtensionToWebview>;
  /** Every message to the webview, the worker's and this panel's own, in order, one per event-loop turn. */
  private readonly poster: PacedPoster<ExtensionToWebview>;
  private prepared: Promise<Prepared>;
  /** Set once the webview asked for the session; a reload re-sends it. */
  private webviewReady = false;
  private generation = 0;
  private analysisState: AnalysisState = 'waiting';
  private analysisError: string | undefined;
  private fromCache: boolean | undefined;
  private modelCalls: number | undefined;
  private problems: ProblemInfo[] = [];
  private frameCount = 0;
  private playhead: number;
  private rendered: RenderedMessage | undefined;
  private readonly renderWaiters: Array<(message: RenderedMessage) => void> = [];
  private started = false;
  private restoreFrame: number | undefined;
  /** The file behind each bulk message's URI, until the webview says it fetched it. */
  private readonly bulkFiles = new Map<string, { file: string; session: RemoteSession }>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly file: vscode.Uri,
    readonly viewType: string,
    private readonly deps: ReplayPanelDeps,
    restoreFrame?: number,
  ) {
    this.playhead = restoreFrame ?? 0;
    this.restoreFrame = restoreFrame;
    panel.title = `Replay: ${basename(file.fsPath)}`;
    this.lens = createLensWebview<WebviewToExtension, ExtensionToWebview>(panel, {
      mode: 'replay',
      extensionUri: deps.extensionUri,
      title: panel.title,
      boot: { panelId: this.id, file: file.fsPath },
      check: checkWebviewToExtension,
      onMessage: (message) => this.onMessage(message),
      log: deps.log,
      resourceRoots: deps.bulkRoot ? [deps.bulkRoot] : [],
    });
    this.poster = new PacedPoster((message) => void this.lens.post(message));
    this.lens.onDidDispose(() => {
      this.poster.clear();
      void this.prepared.then((p) => p.session?.close());
    });
    this.prepared = this.prepare();
  }

  get disposed(): boolean {
    return this.lens.disposed;
  }

  onDidDispose(listener: () => void): void {
    this.lens.onDidDispose(listener);
  }

  snapshot(): ReplayPanelSnapshot {
    return {
      id: this.id,
      file: this.file.fsPath,
      viewType: this.viewType,
      frames: this.frameCount,
      problems: [...this.problems],
      analysis: this.analysisState,
      analysisError: this.analysisError,
      fromCache: this.fromCache,
      modelCalls: this.modelCalls,
      playhead: this.playhead,
      rendered: this.rendered,
    };
  }

  /**
   * Writes the per-frame results as `analyze --format csv` does to `file`; false when the analysis is not
   * done (nothing is written).
   */
  async writeCsv(file: string): Promise<boolean> {
    const { session } = await this.prepared;
    if (this.analysisState !== 'done' || !session) return false;
    await session.writeCsv(file);
    return true;
  }

  /** Resolves with the webview's `rendered` report (at once when it already came). */
  whenRendered(): Promise<RenderedMessage> {
    if (this.rendered) return Promise.resolve(this.rendered);
    return new Promise((resolve) => this.renderWaiters.push(resolve));
  }

  /**
   * Reads the session and loads the model again (the model setting or the file changed) and sends the
   * panel a fresh `init`; the webview keeps its playhead.
   */
  reload(): void {
    this.generation++;
    const previous = this.prepared;
    void previous.then((p) => p.session?.close());
    this.poster.clear();
    this.started = false;
    this.rendered = undefined;
    this.analysisState = 'waiting';
    this.analysisError = undefined;
    this.fromCache = undefined;
    this.modelCalls = undefined;
    this.restoreFrame = this.playhead;
    this.prepared = this.prepare();
    if (this.webviewReady) void this.sendSession();
  }

  private async prepare(): Promise<Prepared> {
    const generation = this.generation;
    // The worker's messages for this generation only: a reload's old session must not post into the new one.
    let opened: RemoteSession | null = null;
    const relay = (message: ExtensionToWebview | BulkFile, posted: () => void) => {
      if (generation !== this.generation || this.lens.disposed || !opened) {
        posted();
        if (message.type === 'bulkFile') opened?.bulkFetched(message.file);
        return;
      }
      this.poster.push(message.type === 'bulkFile' ? this.bulkMessage(message, opened) : message, posted);
    };
    const [session, model] = await Promise.all([
      this.deps.worker.open(this.file.fsPath, relay).then(
        (remote): Pick<Prepared, 'session' | 'sessionError'> => {
          opened = remote;
          return { session: remote };
        },
        (error: unknown) => ({ session: null, sessionError: errorText(error) }),
      ),
      this.deps.loadModel().then(
        (m): Pick<Prepared, 'model' | 'modelError'> => ({ model: m }),
        (error: unknown) => ({
          model: null,
          modelError: error instanceof ModelLoadError ? error : new ModelLoadError(errorText(error), null),
        }),
      ),
    ]);
    if (model.modelError) this.deps.reportModelError(model.modelError);
    return { ...session, ...model };
  }

  /** A bulk message for the webview, its URI remembered until the webview fetched it. */
  private bulkMessage(bulk: BulkFile, session: RemoteSession): ExtensionToWebview {
    const uri = this.lens.resourceUri(bulk.file);
    this.bulkFiles.set(uri, { file: bulk.file, session });
    return { type: 'bulk', uri, bytes: bulk.bytes };
  }

  private async onMessage(message: WebviewToExtension): Promise<void> {
    switch (message.type) {
      case 'bulkFetched': {
        const known = this.bulkFiles.get(message.uri);
        this.bulkFiles.delete(message.uri);
        known?.session.bulkFetched(known.file);
        return;
      }
      case 'ready':
        if (this.webviewReady) {
          // The webview started over (Reload Webviews): what was queued for the old one goes nowhere.
          this.poster.clear();
          // Its earlier results are lost with it, and the final ones leave out the distributions the
          // provisional ones gave: a fresh replay gives it everything.
          if (this.analysisState === 'running') {
            this.reload();
            return;
          }
        }
        this.webviewReady = true;
        await this.sendSession();
        return;
      case 'rendered':
        this.rendered = message;
        this.deps.log.info(
          `${this.id} rendered ${basename(this.file.fsPath)}: ${message.frames} frames, transcript "${message.transcript}"`,
        );
        for (const resolve of this.renderWaiters.splice(0)) resolve(message);
        return;
      case 'playhead':
      case 'requestRange': {
        const frame = message.type === 'playhead' ? message.frame : message.start;
        if (message.type === 'playhead') this.playhead = frame;
        if (this.analysisState === 'running') void this.prepared.then((p) => p.session?.setPlayhead(frame));
        return;
      }
      case 'exportCsv': {
        if (this.analysisState !== 'done') {
          this.post({ type: 'notice', level: 'warning', text: 'The analysis is not finished yet; export again when it is.' });
          return;
        }
        await saveCsvExport(this.file, message.name, (file) => this.writeCsv(file).then(() => undefined), this.deps.log, (notice) => this.post(notice));
        return;
      }
      case 'exportPng':
        await savePngExport(this.file, message.name, message.dataUrl, this.deps.log, (notice) => this.post(notice));
        return;
      case 'openLocation':
        await openLocation(message.file, message.line);
        return;
      case 'error':
        this.deps.log.error(`${this.id} webview: ${message.message}`);
        return;
      case 'record':
      case 'follow':
        // Live-panel controls; a replay has nothing to record or follow.
        return;
    }
  }

  private post(message: ExtensionToWebview): void {
    this.poster.push(message);
  }

  private async sendSession(): Promise<void> {
    const generation = this.generation;
    const prepared = await this.prepared;
    // Disposed, or reloaded meanwhile (the reload sends its own session).
    if (this.lens.disposed || generation !== this.generation) return;
    const { session, model } = prepared;
    const problems: ProblemInfo[] = session ? [...session.summary.problems] : [];
    if (prepared.sessionError) problems.push({ file: this.file.fsPath, message: prepared.sessionError.replace(`${this.file.fsPath}: `, '') });
    if (prepared.modelError) {
      problems.push({
        file: prepared.modelError.modelPath ?? 'model',
        field: SETTING.modelPath,
        message: prepared.modelError.reason,
      });
    }
    this.problems = problems;
    const labels = model?.resolved.profile.labels ?? LABELS_29;
    this.frameCount = session?.summary.info.frameCount ?? 0;
    const profile = model?.resolved.profile;
    this.post({
      type: 'init',
      protocol: PROTOCOL_VERSION,
      mode: 'replay',
      title: this.panel.title,
      session: session?.summary.info ?? emptySessionInfo(this.file.fsPath),
      labels: [...labels],
      model: model ? modelPanelInfo(model) : null,
      windowSize: profile?.windowSize ?? 32,
      smoothingWindow: profile?.smoothingWindow ?? 5,
      restore: this.restoreFrame !== undefined ? { frame: this.restoreFrame } : undefined,
    });
    if (problems.length) this.post({ type: 'problems', problems });
    // An analysis starting now sends the frames itself: those around the playhead first, the rest behind
    // its first results (sending an hour's frames first held the results back ~0.2 s).
    const startsAnalysis = session !== null && model !== null && !this.started && this.analysisState !== 'done';
    if (!session) {
      // No session: the webview still needs its (empty) frames before the analysis's end.
      this.post(emptyFramesMessage());
    } else if (!startsAnalysis) {
      session.sendFrames(this.playhead).catch((error: unknown) => {
        if (this.lens.disposed || generation !== this.generation) return;
        this.failAnalysis(`the session's frames could not be sent: ${errorText(error)}`);
      });
    }

    if (this.analysisState === 'done' && session) {
      // The webview was reloaded: send what is known (the worker chunks it, the poster paces it).
      try {
        await session.resendResults(RELOAD_CHUNK);
      } catch (error) {
        this.deps.log.warn(`${this.id}: results not re-sent: ${errorText(error)}`);
        return;
      }
      if (this.lens.disposed || generation !== this.generation) return;
      this.post({ type: 'analysisProgress', done: this.frameCount, total: this.frameCount });
      return;
    }
    if (!session || !model) {
      this.analysisState = 'failed';
      this.analysisError = prepared.modelError?.message ?? prepared.sessionError;
      this.post({ type: 'analysisProgress', done: 0, total: this.frameCount, error: this.analysisError });
      return;
    }
    if (startsAnalysis) {
      this.started = true;
      void this.analyse(session, model);
    }
  }

  private failAnalysis(reason: string): void {
    this.analysisState = 'failed';
    this.analysisError = reason;
    this.deps.log.warn(`${this.id}: ${reason}`);
    this.post({ type: 'analysisProgress', done: 0, total: this.frameCount, error: reason });
  }

  private async analyse(session: RemoteSession, model: WorkerModel): Promise<void> {
    const started = Date.now();
    const generation = this.generation;
    // A reload starts a new generation; the old analysis must not post into the new one.
    const current = () => this.generation === generation && !this.lens.disposed;
    this.analysisState = 'running';
    try {
      const outcome = await session.analyse({ modelKey: model.key, playhead: this.playhead, framesFrom: this.playhead });
      if (!current()) return;
      this.fromCache = outcome.fromCache;
      this.modelCalls = outcome.modelCalls;
      this.analysisState = 'done';
      if (outcome.cacheError) this.deps.log.warn(`${this.id}: results not cached: ${outcome.cacheError}`);
      this.deps.log.info(
        `${this.id} analysed ${basename(this.file.fsPath)}: ${this.frameCount} frames, ${outcome.windows} windows, ` +
          `${outcome.fromCache ? 'from the cache' : `${outcome.modelCalls} model calls`}${session.summary.fromSnapshot ? ', session from its snapshot' : ''} in ${Date.now() - started} ms`,
      );
    } catch (error) {
      if (!current()) return;
      this.analysisState = 'failed';
      this.analysisError = errorText(error);
      this.deps.log.warn(`${this.id}: analysis of ${this.file.fsPath} failed: ${this.analysisError}`);
      const reason = withoutPathPrefix(this.analysisError, model.path);
      this.problems = [...this.problems, { file: model.path, field: SETTING.modelPath, message: reason }];
      // Problems first: the webview reports `rendered` (with its problem count) when the analysis stops.
      this.post({ type: 'problems', problems: this.problems });
      this.post({ type: 'analysisProgress', done: 0, total: this.frameCount, error: this.analysisError });
      this.deps.reportModelError(
        new ModelLoadError(`${model.path}: ${reason} (check ${SETTING.modelPath})`, model.path, reason),
      );
    }
  }
}

function emptySessionInfo(file: string): SessionInfo {
  return { frameCount: 0, fps: 0, source: '', file, startMs: 0, endMs: 0 };
}

function emptyFramesMessage(): FramesMessage {
  return encodeFrames([], 0, { targets: [], labelSpans: [], totalFrames: 0 });
}

async function openLocation(file: string, line?: number): Promise<void> {
  const uri = vscode.Uri.file(file);
  const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
  // 'default' is the text editor, not our custom editor, so the line can be shown.
  await vscode.commands.executeCommand('vscode.openWith', uri, 'default', {
    selection: new vscode.Range(position, position),
    preview: true,
  });
}
