import * as vscode from 'vscode';
import { basename } from 'node:path';
import {
  checkWebviewToExtension,
  type EvaluationShownMessage,
  type ExtensionToWebview,
  type KnobsAppliedMessage,
  type KnobValues,
  type ProblemInfo,
  type RenderedMessage,
  type WebviewToExtension,
} from '../../protocol/messages';
import { createLensWebview, type LensWebview } from '../panel/createLensWebview';
import { errorText } from '../../core/errorText';
import { PacedPoster } from '../panel/pacedPoster';
import { FrameInputError, type BulkFile, type RemoteSession, type ReplayWorkerClient } from '../../replayworker/client';
import type { WorkerModel } from '../../replayworker/protocol';
import { ModelLoadError, withoutPathPrefix } from '../../model/loadedModel';
import { saveCsvExport, savePngExport } from './replayExports';
import { SETTING } from '../../protocol/settingNames';
import { analysisOf, type AnalysisState, type Attempt, type Prepared, type ReplayState } from './replayLifecycle';
import { emptyFramesMessage, replayInit, sessionProblems } from './replayInit';
import { openLocation } from './openLocation';
import { reanalyseWithOverrides, saveProfileSidecar } from './knobRequests';
import { frameImageMessage, openReplayImages } from './replayImages';
import { answerAttribution, attributionShown, type AttributionShown } from './replayAttribution';

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
  /** Asks the user for a model (and profile) to compare with; undefined when they cancel. */
  pickCompareModel: () => Promise<{ model: string; profile?: string } | undefined>;
}

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
  /** Frames with a camera image, when the session has images. */
  images?: number;
  /** `frameImage` answers sent with an image. */
  imagesSent: number;
  /** The figures the metrics view shows, per model slot (0: the panel's model), as the webview reported them. */
  evaluations: (EvaluationShownMessage['figures'] | null)[];
  /** The last attribution answer the webview was sent. */
  attribution?: AttributionShown;
}

let nextPanelNumber = 1;

/**
 * One replay of one session in one webview panel: asks the replay worker to read the session and loads
 * the model as soon as the panel exists, answers the webview's `ready` with the session, then has the
 * worker stream the analysis to it. This thread only relays: the session, the analysis and every
 * results message are the worker's (src/replayworker). Its life is a ReplayState (replayLifecycle.ts);
 * dispose() releases everything it holds, once, whether the user closed the panel or the extension did.
 */
export class ReplayPanel implements vscode.Disposable {
  readonly id = `replay-${nextPanelNumber++}`;
  private readonly lens: LensWebview<ExtensionToWebview>;
  /** Every message to the webview, the worker's and this panel's own, in order, one per event-loop turn. */
  private readonly poster: PacedPoster<ExtensionToWebview>;
  private state: ReplayState;
  /** Set once the webview asked for the session; a reload re-sends it. */
  private webviewReady = false;
  private problems: ProblemInfo[] = [];
  private frameCount = 0;
  private playhead: number;
  private imageCount: number | undefined;
  private imagesSent = 0;
  private restoreFrame: number | undefined;
  private rendered: RenderedMessage | undefined;
  private evaluationsShown: (EvaluationShownMessage['figures'] | null)[] = [];
  private attribution: AttributionShown | undefined;
  private readonly renderWaiters: Array<(message: RenderedMessage) => void> = [];
  private readonly knobWaiters: Array<(message: KnobsAppliedMessage) => void> = [];
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
    this.state = { kind: 'opening', attempt: this.open() };
    this.lens.onDidDispose(() => this.dispose());
  }

  get disposed(): boolean {
    return this.state.kind === 'disposed';
  }

  onDidDispose(listener: () => void): void {
    this.lens.onDidDispose(listener);
  }

  /** Closes the panel and releases what it holds: the worker's session, queued messages, waiters, the webview. */
  dispose(): void {
    const state = this.state;
    if (state.kind === 'disposed') return;
    this.state = { kind: 'disposed', analysis: analysisOf(state) };
    this.poster.clear();
    this.bulkFiles.clear();
    this.renderWaiters.length = 0;
    this.knobWaiters.length = 0;
    void state.attempt.prepared.then((p) => p.session?.close());
    if (!this.lens.disposed) this.panel.dispose();
  }

  snapshot(): ReplayPanelSnapshot {
    const state = this.state;
    return {
      id: this.id,
      file: this.file.fsPath,
      viewType: this.viewType,
      frames: this.frameCount,
      problems: [...this.problems],
      analysis: analysisOf(state),
      analysisError: state.kind === 'failed' ? state.error : undefined,
      fromCache: state.kind === 'analysed' ? state.fromCache : undefined,
      modelCalls: state.kind === 'analysed' ? state.modelCalls : undefined,
      playhead: this.playhead,
      rendered: this.rendered,
      images: this.imageCount,
      imagesSent: this.imagesSent,
      evaluations: [...this.evaluationsShown],
      attribution: this.attribution,
    };
  }

  /**
   * Writes the per-frame results as `analyze --format csv` does to `file`; false when the analysis is not
   * done (nothing is written).
   */
  async writeCsv(file: string): Promise<boolean> {
    if (this.state.kind !== 'analysed') return false;
    const { session } = await this.state.attempt.prepared;
    if (!session) return false;
    await session.writeCsv(file);
    return true;
  }

  /**
   * Runs a second model (or the same model with another profile) over the session, once the panel's own
   * analysis finished, through the worker's cached, batched analysis; the webview gets its results, its
   * evaluation and the comparison. Rejects with a one-line reason (also told to the webview).
   */
  async compare(modelPath: string, profileFile?: string): Promise<void> {
    const state = this.state;
    if (state.kind !== 'analysed') {
      const reason = 'the panel\'s own analysis has not finished yet; compare again when it has';
      this.post({ type: 'notice', level: 'warning', text: `Compare: ${reason}.` });
      throw new Error(reason);
    }
    const { session } = await state.attempt.prepared;
    if (!session) throw new Error('the session is not open');
    const name = profileFile ? `${basename(modelPath)} with ${basename(profileFile)}` : basename(modelPath);
    try {
      const model = await this.deps.worker.loadCompareModel(modelPath, name, profileFile);
      const outcome = await session.compare(model.key);
      this.deps.log.info(`${this.id} compared with ${modelPath}${profileFile ? ` (profile ${profileFile})` : ''}: ${outcome.windows} windows, ${outcome.fromCache ? 'from the cache' : `${outcome.modelCalls} model calls`}`);
    } catch (error) {
      const reason = errorText(error);
      this.deps.log.warn(`${this.id}: comparison with ${modelPath} failed: ${reason}`);
      this.post({ type: 'compareClosed', error: reason });
      throw error;
    }
  }

  /** Closes the comparison (the webview already dropped it). */
  async closeComparison(): Promise<void> {
    if (this.state.kind === 'disposed') return;
    const { session } = await this.state.attempt.prepared;
    await session?.closeCompare();
  }

  /** Runs a keyboard action of the webview's (a command with its own keybinding, such as Next Error). */
  runAction(action: string): void {
    this.post({ type: 'runAction', action });
  }

  /** Resolves with the webview's `rendered` report (at once when it already came). */
  whenRendered(): Promise<RenderedMessage> {
    if (this.rendered) return Promise.resolve(this.rendered);
    return new Promise((resolve) => this.renderWaiters.push(resolve));
  }

  /** Sets the webview's knobs as its controls do; resolves with what it recomputed, the replies per frame too. */
  setKnobs(values: Partial<KnobValues>, reset = false): Promise<KnobsAppliedMessage> {
    const applied = new Promise<KnobsAppliedMessage>((resolve) => this.knobWaiters.push(resolve));
    this.post({ type: 'setKnobs', values, reset, report: true });
    return applied;
  }

  /**
   * Reads the session and loads the model again (the model setting or the file changed) and sends the
   * panel a fresh `init`; the webview keeps its playhead.
   */
  reload(): void {
    const state = this.state;
    if (state.kind === 'disposed') return;
    void state.attempt.prepared.then((p) => p.session?.close());
    this.poster.clear();
    this.rendered = undefined;
    this.evaluationsShown = [];
    this.restoreFrame = this.playhead;
    this.state = { kind: 'opening', attempt: this.open() };
    if (this.webviewReady) void this.sendSession();
  }

  /** True while `attempt` is the panel's current one (not reloaded since, not disposed). */
  private isCurrent(attempt: Attempt): boolean {
    return this.state.kind !== 'disposed' && this.state.attempt === attempt;
  }

  /** Starts an attempt: the worker reads the session, the model loads, both at once. */
  private open(): Attempt {
    let opened: RemoteSession | null = null;
    const attempt = {} as { prepared: Promise<Prepared> };
    // The worker's messages for this attempt only: a reload's old session must not post into the new one.
    const relay = (message: ExtensionToWebview | BulkFile, posted: () => void) => {
      if (!opened || !this.isCurrent(attempt)) {
        posted();
        if (message.type === 'bulkFile') opened?.bulkFetched(message.file);
        return;
      }
      this.poster.push(message.type === 'bulkFile' ? this.bulkMessage(message, opened) : message, posted);
    };
    attempt.prepared = this.prepare(relay, (session) => (opened = session));
    return attempt;
  }

  private async prepare(relay: (message: ExtensionToWebview | BulkFile, posted: () => void) => void, onOpened: (session: RemoteSession) => void): Promise<Prepared> {
    const [session, model] = await Promise.all([
      this.deps.worker.open(this.file.fsPath, relay).then(
        (remote): Pick<Prepared, 'session' | 'sessionError'> => {
          onOpened(remote);
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
    const images = await openReplayImages(this.file.fsPath, session.session?.summary.info);
    return { ...session, ...model, ...images };
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
          if (this.state.kind === 'analysing') {
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
      case 'compareModel': {
        const picked = await this.deps.pickCompareModel();
        if (picked) await this.compare(picked.model, picked.profile).catch(() => undefined);
        return;
      }
      case 'closeComparison':
        await this.closeComparison();
        return;
      case 'evaluationShown':
        this.evaluationsShown[message.slot] = message.figures;
        return;
      case 'playhead':
      case 'requestRange': {
        const frame = message.type === 'playhead' ? message.frame : message.start;
        if (message.type === 'playhead') this.playhead = frame;
        if (this.state.kind === 'analysing') void this.state.attempt.prepared.then((p) => p.session?.setPlayhead(frame));
        return;
      }
      case 'exportCsv': {
        if (this.state.kind !== 'analysed') {
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
      case 'requestImage': {
        if (this.state.kind === 'disposed') return;
        const { images } = await this.state.attempt.prepared;
        const { message: answer, error } = await frameImageMessage(images, message.frame);
        if (error) this.deps.log.warn(`${this.id}: ${error}`);
        if (answer.bytes.length) this.imagesSent++;
        this.post(answer);
        return;
      }
      case 'error':
        this.deps.log.error(`${this.id} webview: ${message.message}`);
        return;
      case 'knobsApplied':
        this.knobWaiters.shift()?.(message);
        return;
      case 'saveProfile': {
        if (this.state.kind === 'disposed') return;
        const { model } = await this.state.attempt.prepared;
        if (!model) this.post({ type: 'notice', level: 'error', text: 'No model is loaded: there is no profile to save.' });
        else await saveProfileSidecar({ path: model.path, bundled: model.displayName.startsWith('bundled') }, message.profile, this.deps.log, (notice) => this.post(notice));
        return;
      }
      case 'reanalyse':
        await reanalyseWithOverrides(message.overrides, this.deps.log);
        return;
      case 'requestAttribution': {
        if (this.state.kind === 'disposed') return;
        const { attempt } = this.state;
        await answerAttribution(attempt, message, (answer) => {
          if (!this.isCurrent(attempt)) return;
          if (!answer.stale) this.attribution = attributionShown(answer);
          this.post(answer);
        });
        return;
      }
      case 'record':
      case 'follow':
        // Live-panel controls; a replay has nothing to record or follow.
        return;
    }
  }

  private post(message: ExtensionToWebview): void {
    this.poster.push(message);
  }

  /** Sends the webview the session: `init`, the problems, then the analysis or what is known of it. */
  private async sendSession(): Promise<void> {
    if (this.state.kind === 'disposed') return;
    const { attempt } = this.state;
    const prepared = await attempt.prepared;
    // Read again after the await: disposed, or reloaded meanwhile (the reload sends its own session).
    const state = this.state as ReplayState;
    if (state.kind === 'disposed' || state.attempt !== attempt) return;
    const { session, model } = prepared;
    const problems = sessionProblems(this.file.fsPath, prepared);
    if (state.kind === 'failed' && state.problem) problems.push(state.problem);
    this.problems = problems;
    this.frameCount = session?.summary.info.frameCount ?? 0;
    this.imageCount = prepared.images?.count;
    this.post(replayInit(this.panel.title, this.file.fsPath, prepared, this.restoreFrame));
    if (problems.length) this.post({ type: 'problems', problems });
    // An analysis starting now sends the frames itself: those around the playhead first, the rest behind
    // its first results (sending a long session's frames first would hold the results back).
    const startsAnalysis = session !== null && model !== null && state.kind === 'opening';
    if (!session) {
      this.post(emptyFramesMessage());
    } else if (!startsAnalysis) {
      session.sendFrames(this.playhead).catch((error: unknown) => {
        if (!this.isCurrent(attempt)) return;
        const reason = `the session's frames could not be sent: ${errorText(error)}`;
        this.deps.log.warn(`${this.id}: ${reason}`);
        this.fail(attempt, reason);
      });
    }
    switch (state.kind) {
      case 'analysed':
        if (session) await this.resendResults(attempt, session);
        return;
      case 'failed':
        // The webview was reloaded after the analysis stopped: it is told again.
        this.post({ type: 'analysisProgress', done: 0, total: this.frameCount, error: state.error });
        return;
      case 'opening':
        if (session && model) void this.analyse(attempt, session, model);
        else this.fail(attempt, prepared.modelError?.message ?? prepared.sessionError ?? 'the session could not be read');
        return;
      case 'analysing':
        return;
    }
  }

  /** The webview was reloaded after the analysis: it gets the known results (the worker chunks them, the poster paces them). */
  private async resendResults(attempt: Attempt, session: RemoteSession): Promise<void> {
    try {
      await session.resendResults(RELOAD_CHUNK);
    } catch (error) {
      this.deps.log.warn(`${this.id}: results not re-sent: ${errorText(error)}`);
      return;
    }
    if (!this.isCurrent(attempt)) return;
    this.post({ type: 'analysisProgress', done: this.frameCount, total: this.frameCount });
  }

  /** The analysis cannot run or stopped: the webview shows the frames it has, without (further) results. */
  private fail(attempt: Attempt, error: string, problem?: ProblemInfo): void {
    this.state = { kind: 'failed', attempt, error, problem };
    this.post({ type: 'analysisProgress', done: 0, total: this.frameCount, error });
  }

  private async analyse(attempt: Attempt, session: RemoteSession, model: WorkerModel): Promise<void> {
    const started = Date.now();
    this.state = { kind: 'analysing', attempt };
    try {
      const outcome = await session.analyse({ modelKey: model.key, playhead: this.playhead, framesFrom: this.playhead });
      // A reload started a new attempt, or the panel closed: the old analysis reports nothing.
      if (!this.isCurrent(attempt)) return;
      this.state = { kind: 'analysed', attempt, fromCache: outcome.fromCache, modelCalls: outcome.modelCalls };
      if (outcome.cacheError) this.deps.log.warn(`${this.id}: results not cached: ${outcome.cacheError}`);
      this.deps.log.info(
        `${this.id} analysed ${basename(this.file.fsPath)}: ${this.frameCount} frames, ${outcome.windows} windows, ` +
          `${outcome.fromCache ? 'from the cache' : `${outcome.modelCalls} model calls`}${session.summary.fromSnapshot ? ', session from its snapshot' : ''} in ${Date.now() - started} ms`,
      );
    } catch (error) {
      if (!this.isCurrent(attempt)) return;
      const message = errorText(error);
      this.deps.log.warn(`${this.id}: analysis of ${this.file.fsPath} failed: ${message}`);
      if (error instanceof FrameInputError) {
        // The session's frame, not the model: a problem that moves the playhead there.
        const problem: ProblemInfo = { file: this.file.fsPath, frame: error.frame, message };
        this.problems = [...this.problems, problem];
        this.post({ type: 'problems', problems: this.problems });
        this.fail(attempt, message, problem);
        return;
      }
      const reason = withoutPathPrefix(message, model.path);
      const problem: ProblemInfo = { file: model.path, field: SETTING.modelPath, message: reason };
      this.problems = [...this.problems, problem];
      // Problems first: the webview reports `rendered` (with its problem count) when the analysis stops.
      this.post({ type: 'problems', problems: this.problems });
      this.fail(attempt, message, problem);
      this.deps.reportModelError(
        new ModelLoadError(`${model.path}: ${reason} (check ${SETTING.modelPath})`, model.path, reason),
      );
    }
  }
}
