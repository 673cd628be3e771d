import * as vscode from 'vscode';
import { basename } from 'node:path';
import { LABELS_29 } from '../../core/model/profile';
import type { FrameResult, ReplayResult, TargetChangeResult } from '../../core/pipeline/types';
import { isSessionError } from '../../core/session/sessionError';
import type { Session } from '../../core/session/types';
import { FRAMES_PER_MESSAGE, labelSpans, targetSpans } from '../../protocol/encode';
import { frameCount, framesMessage } from '../analysis/sessionFrames';
import {
  PROTOCOL_VERSION,
  checkWebviewToExtension,
  type ExtensionToWebview,
  type ProblemInfo,
  type RenderedMessage,
  type WebviewToExtension,
} from '../../protocol/messages';
import { createLensWebview, errorText, type LensWebview } from '../panel/createLensWebview';
import { ReplayAnalysis } from '../analysis/replayAnalysis';
import { resultsCacheKey } from '../analysis/cacheKey';
import { openSession, type OpenedSession } from '../analysis/openSession';
import type { SessionSnapshotCache } from '../analysis/sessionSnapshotCache';
import { yieldToEventLoop } from '../../core/yieldToEventLoop';
import type { ResultsCache } from '../analysis/resultsCache';
import { replayOfEntry, type ResultsEntry } from '../analysis/resultsCodec';
import { modelPanelInfo } from './modelPanelInfo';
import { problemInfos, sessionInfo } from './sessionInfo';
import { consecutiveRuns, finalResultsInChunks, finalResultsMessage, provisionalResultsMessage } from './resultsMessages';
import { ReplayModelError, withoutPathPrefix, type ReplayModel, type ReplayModelLoader } from './replayModel';
import { saveCsvExport, savePngExport } from './replayExports';

export const REPLAY_VIEW_TYPE = 'landmarkLens.replay';

/** Frames per results message when a reloaded webview is sent results already known. */
const RELOAD_CHUNK = 4096;

export interface ReplayPanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  loadModel: ReplayModelLoader;
  cache: ResultsCache;
  /** Parsed sessions kept between opens; absent: every open parses the file. */
  snapshots?: SessionSnapshotCache;
  /** The CLI's `analyze --format csv` formatter (from core), so both exports are the same file. */
  formatCsv: (result: ReplayResult, labels: readonly string[]) => string;
  /** Shows the model problem to the user (a notification naming the setting). */
  reportModelError: (error: ReplayModelError) => void;
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
  session: Session | null;
  opened?: OpenedSession;
  sessionError?: string;
  model: ReplayModel | null;
  modelError?: ReplayModelError;
}

let nextPanelNumber = 1;

/**
 * One replay of one session in one webview panel: reads the session and loads the model as soon as the
 * panel exists, answers the webview's `ready` with the session, then streams the analysis to it.
 */
export class ReplayPanel {
  readonly id = `replay-${nextPanelNumber++}`;
  private readonly lens: LensWebview<ExtensionToWebview>;
  private prepared: Promise<Prepared>;
  /** Set once the webview asked for the session; a reload re-sends it. */
  private webviewReady = false;
  private generation = 0;
  /** Counts sendSession calls, so a second webview reload stops the first one's resending. */
  private sends = 0;
  private analysis: ReplayAnalysis | null = null;
  private analysisState: AnalysisState = 'waiting';
  private analysisError: string | undefined;
  private fromCache: boolean | undefined;
  private modelCalls: number | undefined;
  private problems: ProblemInfo[] = [];
  private frameCount = 0;
  private playhead: number;
  private rendered: RenderedMessage | undefined;
  private readonly renderWaiters: Array<(message: RenderedMessage) => void> = [];
  /** Every frame's results once the analysis is done, in columns (few objects for the collector). */
  private result: ResultsEntry | null = null;
  private labels: readonly string[] = LABELS_29;
  private started = false;
  private restoreFrame: number | undefined;

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
    });
    this.lens.onDidDispose(() => this.analysis?.cancel());
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

  /** The per-frame results as `analyze --format csv` writes them; undefined until the analysis is done. */
  csv(): string | undefined {
    return this.result ? this.deps.formatCsv(replayOfEntry(this.result), this.labels) : undefined;
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
    this.analysis?.cancel();
    this.analysis = null;
    this.result = null;
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
    const [session, model] = await Promise.all([
      openSession(this.file.fsPath, this.deps.snapshots).then(
        (opened): Pick<Prepared, 'session' | 'sessionError' | 'opened'> => ({ session: opened.session, opened }),
        (error: unknown) => ({ session: null, sessionError: isSessionError(error) ? error.message : `${this.file.fsPath}: ${errorText(error)}` }),
      ),
      this.deps.loadModel().then(
        (m): Pick<Prepared, 'model' | 'modelError'> => ({ model: m }),
        (error: unknown) => ({
          model: null,
          modelError: error instanceof ReplayModelError ? error : new ReplayModelError(errorText(error), null),
        }),
      ),
    ]);
    if (model.modelError) this.deps.reportModelError(model.modelError);
    return { ...session, ...model };
  }

  private async onMessage(message: WebviewToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
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
        this.analysis?.setPlayhead(frame);
        return;
      }
      case 'exportCsv': {
        const csv = this.csv();
        if (csv === undefined) {
          this.post({ type: 'notice', level: 'warning', text: 'The analysis is not finished yet; export again when it is.' });
          return;
        }
        await saveCsvExport(this.file, message.name, csv, this.deps.log, (notice) => this.post(notice));
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
    void this.lens.post(message);
  }

  private async sendSession(): Promise<void> {
    const generation = this.generation;
    const send = ++this.sends;
    const prepared = await this.prepared;
    // Disposed, or reloaded meanwhile (the reload sends its own session).
    if (this.lens.disposed || generation !== this.generation) return;
    const { session, model } = prepared;
    const problems: ProblemInfo[] = session ? problemInfos(session) : [];
    if (prepared.sessionError) problems.push({ file: this.file.fsPath, message: prepared.sessionError.replace(`${this.file.fsPath}: `, '') });
    if (prepared.modelError) {
      problems.push({
        file: prepared.modelError.modelPath ?? 'model',
        field: 'landmarkLens.modelPath',
        message: prepared.modelError.reason,
      });
    }
    this.problems = problems;
    this.labels = model?.resolved.profile.labels ?? LABELS_29;
    this.frameCount = session ? frameCount(session) : 0;
    const emptySession: Session = { header: { type: 'header', format: 'landmark-session', version: 1 }, frames: [], targets: [], labels: [], problems: [] };
    const shown = session ?? emptySession;
    const profile = model?.resolved.profile;
    this.post({
      type: 'init',
      protocol: PROTOCOL_VERSION,
      mode: 'replay',
      title: this.panel.title,
      session: sessionInfo(shown, this.file.fsPath),
      labels: [...this.labels],
      model: model ? modelPanelInfo(model) : null,
      windowSize: profile?.windowSize ?? 32,
      smoothingWindow: profile?.smoothingWindow ?? 5,
      restore: this.restoreFrame !== undefined ? { frame: this.restoreFrame } : undefined,
    });
    if (problems.length) this.post({ type: 'problems', problems });
    // In chunks (FRAMES_PER_MESSAGE) with the event loop turning between them.
    const total = this.frameCount;
    for (let start = 0; start === 0 || start < total; start += FRAMES_PER_MESSAGE) {
      const extra = start === 0 ? { targets: targetSpans(shown), labelSpans: labelSpans(shown), totalFrames: total } : {};
      this.post(framesMessage(shown, start, Math.min(total, start + FRAMES_PER_MESSAGE), extra));
      if (start + FRAMES_PER_MESSAGE < total) {
        await yieldToEventLoop();
        if (this.lens.disposed || generation !== this.generation || send !== this.sends) return;
      }
    }

    if (this.result) {
      // The webview was reloaded: send what is known, in chunks with the event loop turning between them
      // (an hour of results in one message blocked the extension host).
      for (const message of finalResultsInChunks(this.result, this.labels, RELOAD_CHUNK)) {
        this.post(message);
        await yieldToEventLoop();
        if (this.lens.disposed || generation !== this.generation || send !== this.sends) return;
      }
      this.post({ type: 'analysisProgress', done: this.frameCount, total: this.frameCount });
      return;
    }
    if (!session || !model) {
      this.analysisState = 'failed';
      this.analysisError = prepared.modelError?.message ?? prepared.sessionError;
      this.post({ type: 'analysisProgress', done: 0, total: this.frameCount, error: this.analysisError });
      return;
    }
    if (!this.started) {
      this.started = true;
      void this.analyse(session, model, prepared.opened);
    }
  }

  private async analyse(session: Session, model: ReplayModel, opened: OpenedSession | undefined): Promise<void> {
    const started = Date.now();
    const generation = this.generation;
    // A reload starts a new generation; the old analysis must not post into the new one.
    const current = () => this.generation === generation && !this.lens.disposed;
    this.analysisState = 'running';
    const labels = model.resolved.profile.labels;
    try {
      const sessionHash = opened?.sha256 ?? Promise.reject(new Error('the session was not opened from a file'));
      const analysis = new ReplayAnalysis({
        session,
        profile: model.resolved.profile,
        runner: model.runner,
        cache: { store: this.deps.cache, key: sessionHash.then((hash) => resultsCacheKey(model.hash, model.resolved.profile, hash)) },
      });
      this.analysis = analysis;
      analysis.setPlayhead(this.playhead);
      let targetChanges: TargetChangeResult[] = [];
      const outcome = await analysis.run({
        targets: (changes) => {
          targetChanges = changes;
        },
        provisional: (frames) => {
          if (!current()) return;
          for (const run of consecutiveRuns(frames)) this.post(provisionalResultsMessage(run, labels));
        },
        final: (frames: FrameResult[], previousTranscript: string) => {
          if (current()) this.post(finalResultsMessage(frames, labels, previousTranscript, targetChanges));
        },
        progress: (done, total) => {
          if (current()) this.post({ type: 'analysisProgress', done, total });
        },
      });
      if (!current()) return;
      this.result = outcome.result;
      this.fromCache = outcome.fromCache;
      this.modelCalls = outcome.modelCalls;
      this.analysisState = 'done';
      if (outcome.cacheError) this.deps.log.warn(`${this.id}: results not cached: ${outcome.cacheError}`);
      // After the analysis, so writing it does not compete with the first results.
      if (opened && !opened.fromSnapshot) {
        opened.saveSnapshot().catch((error: unknown) => this.deps.log.warn(`${this.id}: session snapshot not saved: ${errorText(error)}`));
      }
      this.deps.log.info(
        `${this.id} analysed ${basename(this.file.fsPath)}: ${frameCount(session)} frames, ${outcome.result.windows} windows, ` +
          `${outcome.fromCache ? 'from the cache' : `${outcome.modelCalls} model calls`}${opened?.fromSnapshot ? ', session from its snapshot' : ''} in ${Date.now() - started} ms`,
      );
    } catch (error) {
      if (!current()) return;
      this.analysisState = 'failed';
      this.analysisError = errorText(error);
      this.deps.log.warn(`${this.id}: analysis of ${this.file.fsPath} failed: ${this.analysisError}`);
      const reason = withoutPathPrefix(this.analysisError, model.path);
      this.problems = [...this.problems, { file: model.path, field: 'landmarkLens.modelPath', message: reason }];
      // Problems first: the webview reports `rendered` (with its problem count) when the analysis stops.
      this.post({ type: 'problems', problems: this.problems });
      this.post({ type: 'analysisProgress', done: 0, total: frameCount(session), error: this.analysisError });
      this.deps.reportModelError(
        new ReplayModelError(`${model.path}: ${reason} (check landmarkLens.modelPath)`, model.path, reason),
      );
    }
  }
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
