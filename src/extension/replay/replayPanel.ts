import * as vscode from 'vscode';
import { basename } from 'node:path';
import {
  checkWebviewToExtension,
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
import type { RemoteSession } from '../../replayworker/client';
import type { WorkerModel } from '../../replayworker/protocol';
import { analysisOf, type Attempt, type Prepared, type ReplayState } from './replayLifecycle';
import { emptyFramesMessage, replayInit, sessionProblems } from './replayInit';
import { frameImageMessage } from './replayImages';
import { answerAttribution, attributionShown } from './replayAttribution';
import type { ReplayPanelDeps, ReplayPanelSnapshot } from './replayPanelContract';
import { WebviewReports } from './webviewReports';
import { BulkUris } from './bulkUris';
import { ReplayActions } from './replayActions';
import { prepareReplay, type Relay } from './prepareReplay';
import { analysisFailure } from './analysisFailure';

export type { ReplayPanelDeps, ReplayPanelSnapshot } from './replayPanelContract';

export const REPLAY_VIEW_TYPE = 'landmarkLens.replay';

/** Frames per results message when a reloaded webview is sent results already known. */
const RELOAD_CHUNK = 4096;

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
  private restoreFrame: number | undefined;
  private readonly reports = new WebviewReports();
  private readonly bulkUris: BulkUris;
  private readonly actions: ReplayActions;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly file: vscode.Uri,
    readonly viewType: string,
    readonly deps: ReplayPanelDeps,
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
    this.bulkUris = new BulkUris((file) => this.lens.resourceUri(file));
    this.actions = new ReplayActions({ id: this.id, file, deps, state: () => this.state, post: (message) => this.post(message) });
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
    this.bulkUris.clear();
    this.reports.dropWaiters();
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
      rendered: this.reports.rendered,
      images: this.imageCount,
      imagesSent: this.reports.imagesSent,
      evaluations: [...this.reports.evaluationsShown],
      attribution: this.reports.attribution,
    };
  }

  /** Writes the per-frame results as `analyze --format csv` does; false when the analysis is not done. */
  writeCsv(file: string): Promise<boolean> {
    return this.actions.writeCsv(file);
  }

  /** Compares with a second model once the panel's own analysis finished (ReplayActions.compare). */
  compare(modelPath: string, profileFile?: string): Promise<void> {
    return this.actions.compare(modelPath, profileFile);
  }

  closeComparison(): Promise<void> {
    return this.actions.closeComparison();
  }

  /**
   * Swap models: the compared model (with its profile) becomes the panel's, the panel's the compared one.
   * The same attempt and session: the webview gets an `init` naming the new model, the analysis runs again
   * with it (its results are in the results cache from the comparison), then the comparison with the former
   * model opens again. Rejects with a one-line reason (a warning in the webview when nothing is compared).
   */
  async swapModels(): Promise<void> {
    const state = this.state;
    const compared = this.actions.compared;
    if (state.kind !== 'analysed' || !compared) {
      this.post({ type: 'notice', level: 'warning', text: 'Swap models: there is no finished comparison to swap.' });
      throw new Error('there is no finished comparison to swap');
    }
    const { attempt } = state;
    const prepared = await attempt.prepared;
    const { session, model: former } = prepared;
    await this.actions.closeComparison();
    if (!session || !former || !this.isCurrent(attempt) || this.state.kind !== 'analysed') throw new Error('the panel was reloaded or closed meanwhile');
    this.deps.log.info(`${this.id} swaps models: ${compared.displayName} is the panel's, ${former.displayName} the compared one`);
    prepared.model = compared;
    this.reports.forgetRendering();
    this.post(replayInit(this.panel.title, this.file.fsPath, prepared, this.playhead));
    if (this.problems.length) this.post({ type: 'problems', problems: this.problems });
    await this.analyse(attempt, session, compared);
    if (!this.isCurrent(attempt) || this.state.kind !== 'analysed') throw new Error(`the analysis with ${compared.displayName} did not finish`);
    await this.actions.compareWith(former);
  }

  /** Runs a keyboard action of the webview's (a command with its own keybinding, such as Next Error). */
  runAction(action: string): void {
    this.post({ type: 'runAction', action });
  }

  /** Resolves with the webview's `rendered` report (at once when it already came). */
  whenRendered(): Promise<RenderedMessage> {
    return this.reports.whenRendered();
  }

  /** Sets the webview's knobs as its controls do; resolves with what it recomputed, the replies per frame too. */
  setKnobs(values: Partial<KnobValues>, reset = false): Promise<KnobsAppliedMessage> {
    const applied = this.reports.whenKnobsApplied();
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
    this.reports.forgetRendering();
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
    const relay: Relay = (message, posted) => {
      if (!opened || !this.isCurrent(attempt)) {
        posted();
        if (message.type === 'bulkFile') opened?.bulkFetched(message.file);
        return;
      }
      this.poster.push(message.type === 'bulkFile' ? this.bulkUris.message(message, opened) : message, posted);
    };
    attempt.prepared = prepareReplay(this.file, this.deps, relay, (session: RemoteSession) => (opened = session));
    return attempt;
  }

  private async onMessage(message: WebviewToExtension): Promise<void> {
    if (await this.actions.handle(message)) return;
    switch (message.type) {
      case 'bulkFetched':
        this.bulkUris.fetched(message.uri);
        return;
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
        this.deps.log.info(
          `${this.id} rendered ${basename(this.file.fsPath)}: ${message.frames} frames, transcript "${message.transcript}"`,
        );
        this.reports.onRendered(message);
        return;
      case 'swapModels':
        await this.swapModels().catch(() => undefined);
        return;
      case 'evaluationShown':
        this.reports.evaluationsShown[message.slot] = message.figures;
        return;
      case 'playhead':
      case 'requestRange': {
        const frame = message.type === 'playhead' ? message.frame : message.start;
        if (message.type === 'playhead') this.playhead = frame;
        if (this.state.kind === 'analysing') void this.state.attempt.prepared.then((p) => p.session?.setPlayhead(frame));
        return;
      }
      case 'requestImage': {
        if (this.state.kind === 'disposed') return;
        const { images } = await this.state.attempt.prepared;
        const { message: answer, error } = await frameImageMessage(images, message.frame);
        if (error) this.deps.log.warn(`${this.id}: ${error}`);
        if (answer.bytes.length) this.reports.imagesSent++;
        this.post(answer);
        return;
      }
      case 'error':
        this.deps.log.error(`${this.id} webview: ${message.message}`);
        return;
      case 'knobsApplied':
        this.reports.onKnobsApplied(message);
        return;
      case 'requestAttribution': {
        if (this.state.kind === 'disposed') return;
        const { attempt } = this.state;
        await answerAttribution(attempt, message, (answer) => {
          if (!this.isCurrent(attempt)) return;
          if (!answer.stale) this.reports.attribution = attributionShown(answer);
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
      const { message, problem, modelError } = analysisFailure(this.file.fsPath, model, error);
      this.deps.log.warn(`${this.id}: analysis of ${this.file.fsPath} failed: ${message}`);
      this.problems = [...this.problems, problem];
      // Problems first: the webview reports `rendered` (with its problem count) when the analysis stops.
      this.post({ type: 'problems', problems: this.problems });
      this.fail(attempt, message, problem);
      if (modelError) this.deps.reportModelError(modelError);
    }
  }
}
