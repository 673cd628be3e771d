/**
 * The replay / live panel's wiring. Messages from the extension come through the inbox (inbox.ts) and
 * fill the session store; an `init` builds a Panel (layout.ts) of views for the session. Changes ask the
 * draw scheduler (drawScheduler.ts) for a frame, and each animation frame draws what changed: traces when
 * data, zoom or choices changed, overlays and playhead views when the cursor moved. After a draw the
 * `rendered` report (renderedReport.ts) may go out; the view choices and the playhead are saved through
 * persistence.ts; keys and buttons run actions.ts.
 */
import { PROTOCOL_VERSION, type ExtensionToWebview, type InitMessage, type ProblemInfo, type WebviewToExtension } from '../protocol/messages';
import { Actions } from './actions';
import { AnalysisProgress } from './analysisProgress';
import { DrawScheduler } from './drawScheduler';
import { EvaluationState } from './evaluationState';
import { ComparisonState } from './comparisonState';
import { Focus } from './focus';
import { HelpOverlay } from './helpOverlay';
import { MessageInbox } from './inbox';
import { el } from './dom';
import { Panel, type Pause, type Views } from './layout';
import { Notice } from './notice';
import type { PanelContext } from './panelView';
import { Persistence, type PanelSnapshot } from './persistence';
import { Playback } from './playback';
import { ProblemsBanner } from './problemsBanner';
import { FrameProblems } from './frameProblems';
import { RangeRequests } from './rangeRequest';
import { RenderedReport } from './renderedReport';
import { SessionStore } from './sessionStore';
import { nextTask, Slice } from './taskSlices';
import { installShortcuts, isAction, type Action } from './shortcuts';
import { readTheme, watchTheme, type Theme } from './theme';
import { TimeView } from './timeView';
import { ViewChoices } from './viewChoices';
import type { HostApi } from './vscodeApi';

/** Live panels following the newest frame show this much recent session time. */
const LIVE_SPAN_MS = 10_000;

export class App {
  readonly view = new TimeView();
  theme: Theme = readTheme();
  private panel: Panel | null = null;
  private analysis = new AnalysisProgress();
  /** The session's and the model's problems (`problems` messages). */
  private problems: ProblemInfo[] = [];
  /** Frames whose model output was not finite (final `results` messages). */
  private readonly frameProblems = new FrameProblems();
  private problemsChanged = false;
  private readonly focus = new Focus();
  private readonly inbox: MessageInbox;
  private readonly scheduler: DrawScheduler;
  private readonly persistence: Persistence;
  private readonly rendered = new RenderedReport();
  private ranges = new RangeRequests();
  private readonly actions: Actions;
  private readonly notice = new Notice();
  private readonly problemsBanner: ProblemsBanner;
  /** Set when the page is going away: fetches it ends are not errors. */
  private leaving = false;
  /**
   * Set while the data moves the time view (a new panel's bounds, frames arriving): the change is drawn
   * with the data's rebuild, which may be spread over frames, not as a zoom the user asked for.
   */
  private viewFollowsData = false;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostApi,
  ) {
    this.inbox = new MessageInbox({
      handle: (message) => this.handle(message),
      report: (error) => this.report(error),
      post: (message) => this.post(message),
      leaving: () => this.leaving,
    });
    // A replay's data arrives in pieces until every frame has its results: its rebuilds are spaced and spread.
    this.scheduler = new DrawScheduler(() => this.draw(), () => this.panel?.ctx.init.mode === 'replay' && (this.analysis.running || !this.panel.ctx.store.isComplete()));
    this.persistence = new Persistence(host, () => this.snapshot());
    const help = new HelpOverlay();
    this.actions = new Actions(help, () => this.panel, (message) => this.post(message));
    this.problemsBanner = new ProblemsBanner((p) => this.openProblem(p));
    root.replaceChildren(el('p', { class: 'muted loading', id: 'loading' }, ['Loading session…']), this.notice.element);
    document.body.append(help.element);
    watchTheme((theme) => this.setTheme(theme));
    // A reload (Reload Webviews) ends the fetches in flight; the new page asks for everything again.
    window.addEventListener('pagehide', () => (this.leaving = true));
    installShortcuts((action) => this.runAction(action));
    this.view.onChange(() => {
      if (!this.viewFollowsData) this.requestDraw(true, false);
    });
  }

  // The current session's parts (null before the first `init`), for the tests and the benchmark
  // (window.__landmarkLens).
  get store(): SessionStore | null {
    return this.panel?.ctx.store ?? null;
  }

  get playback(): Playback | null {
    return this.panel?.ctx.playback ?? null;
  }

  get evaluation(): EvaluationState | null {
    return this.panel?.ctx.evaluation ?? null;
  }

  /** Every message received is handled, a new session's panel built (the inbox holds what follows an init). */
  get messagesHandled(): boolean {
    return this.inbox.idle;
  }

  get views(): Views | null {
    return this.panel?.views ?? null;
  }

  /** Tells the extension the webview listens (it answers with `init`). */
  announceReady(): void {
    this.post({ type: 'ready', protocol: PROTOCOL_VERSION });
  }

  /** Entry for every message from the extension (see inbox.ts for the order they are handled in). */
  receive(data: unknown): void {
    this.inbox.receive(data);
  }

  runAction(action: Action): boolean {
    return this.actions.run(action);
  }

  setFocus(value: string): void {
    this.panel?.ctx.choices.set('focus', value);
  }

  private requestDraw(traces: boolean, timeline = traces, windows = traces): void {
    this.scheduler.request(traces, timeline, windows);
  }

  private post(message: WebviewToExtension): void {
    this.host.postMessage(message);
  }

  private report(message: string): void {
    this.notice.show('error', message);
    this.post({ type: 'error', message });
  }

  /** Handles a message; an `init` may return a promise, and the inbox holds what follows until it settles. */
  private handle(m: ExtensionToWebview): Promise<void> | void {
    switch (m.type) {
      case 'init':
        return this.start(m);
      case 'problems':
        this.problems = m.problems;
        this.showProblems();
        this.requestDraw(false);
        return;
      case 'notice':
        this.notice.show(m.level, m.text);
        return;
      case 'liveStats':
        if (this.panel) this.panel.liveBar?.update(m, this.panel.ctx.store);
        return;
      default:
        break;
    }
    const panel = this.panel;
    if (!panel) throw new Error(`'${m.type}' message arrived before 'init'`);
    const { store, playback } = panel.ctx;
    switch (m.type) {
      case 'frames':
      case 'results': {
        if (m.type === 'results' && m.slot === 1) {
          if (panel.ctx.comparison.addResults(m)) this.problemsChanged = true;
          this.scheduler.requestData();
          return;
        }
        const before = store.frameCount;
        const dropped = store.dropped;
        if (m.type === 'frames') store.addFrames(m);
        else {
          store.addResults(m);
          // Shown at the next draw: an hour's chunks must not each rebuild the list.
          if (this.frameProblems.addResults(m)) this.problemsChanged = true;
        }
        // A live store holds the newest frames only, and the problems list no more than it holds.
        if (store.dropped > 0 && this.frameProblems.dropBefore(store.dropped)) this.problemsChanged = true;
        if (store.dropped !== dropped) playback.framesDropped(store.dropped - dropped);
        if (store.frameCount !== before || store.dropped !== dropped) this.updateBounds(panel);
        if (m.type === 'frames') playback.framesAppended();
        this.scheduler.requestData();
        return;
      }
      case 'compareStart':
        panel.ctx.evaluation.clear(1);
        panel.ctx.comparison.start(m);
        this.problemsChanged = true;
        this.requestDraw(true);
        return;
      case 'comparison':
        panel.ctx.comparison.finish(m);
        this.requestDraw(true);
        return;
      case 'compareClosed':
        panel.ctx.evaluation.clear(1);
        panel.ctx.comparison.close(m.error);
        this.problemsChanged = true;
        if (m.error) this.notice.show('error', `Comparison stopped: ${m.error}`);
        this.requestDraw(true);
        return;
      case 'analysisProgress':
        this.analysis.update(m);
        if (m.error) this.notice.show('error', `Analysis stopped: ${m.error}`);
        panel.toolbar.showProgress();
        this.requestDraw(false);
        return;
      case 'reveal':
        playback.pause();
        playback.seek(m.frame);
        return;
      case 'frameImage':
        void panel.cards.skeleton.receiveImage(m);
        return;
      case 'evaluation':
        panel.ctx.evaluation.set(m);
        this.requestDraw(false, true);
        return;
      case 'runAction':
        if (!isAction(m.action)) throw new Error(`'runAction' names an unknown action '${m.action}'`);
        this.runAction(m.action);
        return;
      case 'setKnobs': {
        const knobs = panel.views.model.knobs;
        if (knobs) knobs.set(m.values, { reset: m.reset, report: m.report });
        else this.report('setKnobs: this panel has no knobs (a live panel, or no model)');
        return;
      }
      case 'attribution':
        panel.cards.attribution.view.attribution.receive(m);
        return;
    }
  }

  /**
   * Builds the panel for a session (a second `init` replaces the first) once the store's columns are
   * filled, in slices of a task each: an hour's columns take several, and so does the panel (Panel.build).
   */
  private async start(m: InitMessage): Promise<void> {
    const store = new SessionStore(m.labels, m.session.frameCount, m.session.fps, m.mode === 'live' ? (m.keepFrames ?? Infinity) : Infinity, true);
    const slice = new Slice();
    const pause = async (used?: number): Promise<void> => {
      if (!slice.over(used)) return;
      await nextTask();
      slice.restart();
    };
    while (!store.fillPending(() => slice.over())) await pause();
    await this.build(m, store, pause);
  }

  private async build(m: InitMessage, store: SessionStore, pause: Pause): Promise<void> {
    // The session being replaced stops drawing and playing while the new panel is built.
    this.panel?.ctx.playback.pause();
    this.panel = null;
    const saved = this.persistence.saved;
    const playback = new Playback(store);
    const choices = new ViewChoices(saved);
    this.analysis = new AnalysisProgress();
    this.problems = [];
    this.frameProblems.clear();
    this.problemsChanged = false;
    this.ranges = new RangeRequests();
    this.rendered.reset();
    this.scheduler.reset();
    const ctx: PanelContext = {
      init: m,
      store,
      playback,
      view: this.view,
      choices,
      analysis: this.analysis,
      evaluation: new EvaluationState(),
      comparison: new ComparisonState(() => store.frameCount, m.session.fps),
      theme: this.theme,
      post: (message) => this.post(message),
      requestDraw: (traces) => this.requestDraw(traces),
      requestRepliesDraw: () => this.scheduler.drawNow(true, true, false),
      run: (action) => void this.runAction(action),
    };
    const panel = await Panel.build(this.root, ctx, { problems: this.problemsBanner, notice: this.notice, actions: this.actions }, pause);
    this.panel = panel;
    // The theme changed while the panel was being built.
    if (this.theme !== ctx.theme) panel.setTheme(this.theme);
    this.showProblems();
    panel.toolbar.showProgress();
    this.viewFollowsData = true;
    this.view.setBounds(store.startMs(), Math.max(store.endMs(), m.session.endMs), true);
    if (saved.view) this.view.set(saved.view[0], saved.view[1]);
    this.viewFollowsData = false;
    if (saved.speed) playback.setSpeed(saved.speed);
    playback.seek(m.restore?.frame ?? saved.frame ?? 0);
    if (m.mode === 'live' && m.restore?.frame === undefined) playback.setFollowing(true);
    playback.onChange((reason) => this.onPlayback(panel, reason));
    // Controls reflect the state set above (restored speed, live follow) before any change event.
    this.onPlayback(panel, 'state');
    choices.onChange((name) => {
      this.persistence.schedule();
      this.requestDraw(!name.startsWith('hand'));
    });
    // Saved at once, so a panel reloaded before any interaction still names its file.
    this.persistence.schedule();
    // Drawn as new data (the view set above included): a replay's first draw may be spread over frames
    // like the data that follows it.
    this.scheduler.requestData();
  }

  private onPlayback(panel: Panel, reason: 'frame' | 'state'): void {
    const { store, playback } = panel.ctx;
    if (reason === 'frame') {
      const ms = store.timeOf(playback.frame);
      if (!this.view.contains(ms)) this.view.reveal(ms, playback.following);
      // A replay asks for the data around a playhead that landed where none has arrived yet.
      const request = panel.ctx.init.mode === 'replay' ? this.ranges.around(store, playback.frame) : null;
      if (request) this.post(request);
    }
    if (reason === 'state') {
      panel.reflectPlayback();
      if (playback.following) this.post({ type: 'follow', on: true });
    }
    this.persistence.schedule();
    this.requestDraw(false);
  }

  private showProblems(): void {
    this.problemsChanged = false;
    const file = this.panel?.ctx.init.session.file ?? '';
    const own = this.frameProblems;
    const compared = this.panel?.ctx.comparison.get();
    this.problemsBanner.show(
      this.problems,
      { count: own.count, first: own.first(20, file), dropped: own.dropped },
      ...(compared ? [{ count: compared.problems.count, first: compared.problems.first(20, file, compared.model), model: compared.model }] : []),
    );
  }

  /** A problem about a frame shows the frame; the others open their file at their line. */
  private openProblem(p: ProblemInfo): void {
    const ctx = this.panel?.ctx;
    if (p.frame !== undefined && ctx) {
      // A problem names its session frame; a live store's index 0 is session frame `dropped`.
      ctx.playback.pause();
      ctx.playback.seek(Math.max(0, p.frame - ctx.store.dropped));
      return;
    }
    this.post({ type: 'openLocation', file: p.file, line: p.line });
  }

  /** The store grew: the time view's bounds follow (a live panel following shows the newest seconds). */
  private updateBounds(panel: Panel): void {
    const { store, playback } = panel.ctx;
    const wasFit = this.view.isFit();
    // Redrawn with the data that moved the bounds (the caller asks for its rebuild).
    this.viewFollowsData = true;
    this.view.setBounds(store.startMs(), store.endMs(), false);
    if (playback.following) this.view.set(store.endMs() - LIVE_SPAN_MS, store.endMs());
    else if (wasFit) this.view.fit();
    this.viewFollowsData = false;
    panel.showSessionMeta(store.sessionFrames);
    panel.liveBar?.showHeld(store);
  }

  private setTheme(theme: Theme): void {
    this.theme = theme;
    if (!this.panel) return;
    this.panel.setTheme(theme);
    this.requestDraw(true);
  }

  /** One animation frame's drawing (the scheduler calls it; the benchmark times it). */
  draw(): void {
    const panel = this.panel;
    if (!panel) return;
    const { store, playback, choices } = panel.ctx;
    const rebuilds = this.scheduler.take();
    if (this.problemsChanged) this.showProblems();
    const frame = playback.frame;
    const focusChanged = this.focus.update(store, frame, choices.get('focus'));
    panel.render({ ...rebuilds, frame, focusClass: this.focus.index, focusChanged, spread: this.scheduler.spreadable });
    const report = this.rendered.after({
      mode: panel.ctx.init.mode,
      store,
      analysis: this.analysis,
      dataPending: this.scheduler.dataPending || panel.rebuildsPending,
      problems: this.problems.length + this.frameProblems.count,
    });
    if (!report) return;
    this.post(report);
    // The whole session is drawn: the knobs prepare for their first change while the user looks.
    if (panel.ctx.init.mode === 'replay') panel.views.model.knobs?.prepareWhenIdle();
  }

  /** What the saved state holds now; null before the first session. */
  private snapshot(): PanelSnapshot | null {
    const panel = this.panel;
    if (!panel) return null;
    const { init, playback, choices } = panel.ctx;
    return {
      state: {
        file: init.session.file,
        frame: panel.ctx.store.sessionFrame(playback.frame),
        view: this.view.isFit() ? null : [this.view.startMs, this.view.endMs],
        focus: choices.get('focus'),
        speed: playback.speed,
        series: choices.get('series'),
        shown: choices.get('shown'),
        hand: choices.get('hand'),
        handImage: choices.get('handImage'),
        handLandmarks: choices.get('handLandmarks'),
      },
      playing: playback.playing,
    };
  }
}
