/**
 * The replay / live panel: owns the session store, the shared time cursor and time view, and wires
 * every view to them. Messages from the extension fill the store; drawing happens at most once per
 * animation frame: traces when data or zoom changed, overlays and playhead views when the cursor moved.
 */
import { decodeBulkMessage } from '../protocol/bulkMessage';
import {
  PROTOCOL_VERSION,
  checkExtensionToWebview,
  type BulkMessage,
  type ExtensionToWebview,
  type InitMessage,
  type ProblemInfo,
  type WebviewToExtension,
} from '../protocol/messages';
import { DistributionBars } from './distributionBars';
import { el, setText } from './dom';
import { HelpOverlay } from './helpOverlay';
import { LiveBar } from './liveBar';
import { renderModelPanel } from './modelPanel';
import { readPersistedState, type PersistedState } from './persistedState';
import { Playback, SPEEDS } from './playback';
import { ProbabilityChart, type SeriesKind } from './probabilityChart';
import type { HandFraming } from './handFraming';
import { ProblemsBanner } from './problemsBanner';
import { ReplyReadout } from './replyReadout';
import { seriesStyle } from './seriesStyle';
import { SessionStore } from './sessionStore';
import { installShortcuts, type Action } from './shortcuts';
import { SkeletonView } from './skeletonView';
import { SmoothingChart } from './smoothingChart';
import { readTheme, watchTheme, type Theme } from './theme';
import { Timeline } from './timeline';
import { TimeView } from './timeView';
import { button, dropdown, setPressed, type Dropdown } from './toolkit';
import type { HostApi } from './vscodeApi';
import { errorText } from '../core/errorText';

const TOP_CLASSES = 5;
/** Live panels following the newest frame show this much recent session time. */
const LIVE_SPAN_MS = 10_000;
/** While an analysis streams results in, the traces and lanes are rebuilt at most this often. */
const STREAM_REBUILD_MS = 250;

interface Views {
  timeline: Timeline;
  probability: ProbabilityChart;
  smoothing: SmoothingChart;
  bars: DistributionBars;
  skeleton: SkeletonView;
  reply: ReplyReadout;
}

export class App {
  store: SessionStore | null = null;
  playback: Playback | null = null;
  readonly view = new TimeView();
  views: Views | null = null;
  init: InitMessage | null = null;
  theme: Theme = readTheme();
  /** Set once `rendered` was posted. */
  renderedPosted = false;
  renderCount = 0;
  private problems: ProblemInfo[] = [];
  private analysisStopped = false;
  private analysisDone = 0;
  private analysisTotal = 0;
  private needTraces = false;
  /** The session-wide timeline lanes change only with the data or the theme, not with zoom. */
  private needTimeline = false;
  /** New data not yet in the traces and lanes; while results stream in it waits for the next rebuild slot. */
  private dataDirty = false;
  private lastDataRebuildMs = -Infinity;
  private dataTimer: ReturnType<typeof setTimeout> | undefined;
  private rafId = 0;
  private focusSetting = 'auto';
  private focusClass = -1;
  private shownCustom: string[] | null = null;
  private handFraming: HandFraming = 'fit';
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRequested = '';
  private lastPostedPlayhead = -1;
  private saved: Partial<PersistedState>;
  private readonly root: HTMLElement;
  private readonly help = new HelpOverlay();
  private readonly problemsBanner: ProblemsBanner;
  private readonly notice = el('div', { class: 'notice', id: 'notice', role: 'status', 'aria-live': 'polite' });
  /** Messages waiting behind a bulk message whose file is being fetched (the first is that one). */
  private readonly inbox: unknown[] = [];
  /** Set when the page is going away: fetches it ends are not errors. */
  private leaving = false;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private liveBar: LiveBar | null = null;
  private controls: {
    play: HTMLElement;
    loop: HTMLElement;
    speed: Dropdown;
    focus: Dropdown;
    series: Dropdown;
    handFraming: Dropdown;
    readout: HTMLElement;
    progress: HTMLElement;
    chips: HTMLElement;
    title: HTMLElement;
    meta: HTMLElement;
  } | null = null;

  constructor(root: HTMLElement, private readonly host: HostApi) {
    this.root = root;
    this.saved = readPersistedState(host.getState());
    this.problemsBanner = new ProblemsBanner((p) => this.post({ type: 'openLocation', file: p.file, line: p.line }));
    root.replaceChildren(
      el('p', { class: 'muted loading', id: 'loading' }, ['Loading session…']),
      this.notice,
    );
    document.body.append(this.help.element);
    watchTheme((theme) => this.setTheme(theme));
    // A reload (Reload Webviews) ends the fetches in flight; the new page asks for everything again.
    window.addEventListener('pagehide', () => (this.leaving = true));
    installShortcuts((action) => this.runAction(action));
    this.view.onChange(() => this.requestDraw(true, false));
  }

  post(message: WebviewToExtension): void {
    this.host.postMessage(message);
  }

  /**
   * Entry for every message from the extension; malformed ones are reported, not thrown. Messages are
   * handled in the order they came: behind a bulk message, the next ones wait until its file is fetched.
   */
  receive(data: unknown): void {
    if (this.inbox.length === 0 && !isBulk(data)) {
      this.receiveOne(data);
      return;
    }
    this.inbox.push(data);
    if (this.inbox.length === 1) void this.drainInbox();
  }

  private async drainInbox(): Promise<void> {
    while (this.inbox.length) {
      const data = this.inbox[0];
      const checked = isBulk(data) ? checkExtensionToWebview(data) : null;
      this.receiveOne(checked?.ok && checked.message.type === 'bulk' ? await this.fetchBulk(checked.message) : data);
      this.inbox.shift();
    }
  }

  /** What a bulk message's file holds, or null (reported) when it cannot be fetched or read. */
  private async fetchBulk(bulk: BulkMessage): Promise<unknown> {
    try {
      const response = await fetch(bulk.uri);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const message = decodeBulkMessage(await response.arrayBuffer());
      if (message.type !== 'frames' && message.type !== 'results') throw new Error(`it holds a '${String(message.type)}' message`);
      return message;
    } catch (err) {
      if (!this.leaving) this.report(`could not load ${bulk.bytes} bytes of session data from ${bulk.uri}: ${errorText(err)}`);
      return null;
    } finally {
      this.post({ type: 'bulkFetched', uri: bulk.uri });
    }
  }

  private receiveOne(data: unknown): void {
    if (data === null) return;
    const checked = checkExtensionToWebview(data);
    if (!checked.ok) {
      this.report(checked.error);
      return;
    }
    try {
      this.handle(checked.message);
    } catch (err) {
      this.report(errorText(err));
    }
  }

  private report(message: string): void {
    this.showNotice('error', message);
    this.post({ type: 'error', message });
  }

  private handle(m: ExtensionToWebview): void {
    switch (m.type) {
      case 'init':
        this.start(m);
        return;
      case 'problems':
        this.problems = m.problems;
        this.problemsBanner.show(m.problems);
        this.requestDraw(false);
        return;
      case 'notice':
        this.showNotice(m.level, m.text);
        return;
      case 'liveStats':
        this.liveBar?.update(m);
        return;
      default:
        break;
    }
    const store = this.store;
    const playback = this.playback;
    if (!store || !playback) throw new Error(`'${m.type}' message arrived before 'init'`);
    switch (m.type) {
      case 'frames': {
        const before = store.frameCount;
        store.addFrames(m);
        if (store.frameCount !== before) this.updateBounds();
        playback.framesAppended();
        this.requestDataDraw();
        return;
      }
      case 'results': {
        const before = store.frameCount;
        store.addResults(m);
        if (store.frameCount !== before) this.updateBounds();
        if (!this.shownCustom) this.chooseShown();
        this.requestDataDraw();
        return;
      }
      case 'analysisProgress':
        this.analysisDone = m.done;
        this.analysisTotal = m.total;
        if (m.error) {
          this.analysisStopped = true;
          if (this.views) this.views.reply.analysisStopped = true;
          this.showNotice('error', `Analysis stopped: ${m.error}`);
        }
        this.updateProgress();
        this.requestDraw(false);
        return;
      case 'reveal':
        playback.pause();
        playback.seek(m.frame);
        return;
    }
  }

  /** Builds the panel for a session (a second `init` replaces the first). */
  private start(m: InitMessage): void {
    this.init = m;
    this.renderedPosted = false;
    this.analysisStopped = false;
    this.dataDirty = false;
    this.lastDataRebuildMs = -Infinity;
    const store = new SessionStore(m.labels, m.session.frameCount, m.session.fps);
    const playback = new Playback(store);
    this.store = store;
    this.playback = playback;
    this.focusSetting = this.saved.focus ?? 'auto';
    this.shownCustom = this.saved.shown ?? null;
    this.handFraming = this.saved.hand ?? 'fit';
    this.buildLayout(m, store, playback);
    const views = this.views as Views | null;
    if (!views) return;
    views.reply.windowSize = m.windowSize;
    views.reply.smoothingWindow = m.smoothingWindow;
    views.skeleton.imageAspect = m.session.imageAspect ?? 4 / 3;
    views.skeleton.framing = this.handFraming;
    if (m.model) views.skeleton.normalization = m.model.profile.normalization;
    this.view.setBounds(store.startMs(), Math.max(store.endMs(), m.session.endMs), true);
    if (this.saved.view) this.view.set(this.saved.view[0], this.saved.view[1]);
    if (this.saved.speed) playback.setSpeed(this.saved.speed);
    if (this.saved.series) this.setSeries(this.saved.series);
    const restoreFrame = m.restore?.frame ?? this.saved.frame ?? 0;
    playback.seek(restoreFrame);
    if (m.mode === 'live' && m.restore?.frame === undefined) playback.setFollowing(true);
    playback.onChange((reason) => this.onPlayback(reason));
    // Controls reflect the state set above (restored speed, live follow) before any change event.
    this.onPlayback('state');
    this.chooseShown();
    // Saved at once, so a panel reloaded before any interaction still names its file.
    this.persist();
    this.requestDraw(true);
  }

  /** Tells the extension the webview listens (it answers with `init`). */
  announceReady(): void {
    this.post({ type: 'ready', protocol: PROTOCOL_VERSION });
  }

  private buildLayout(m: InitMessage, store: SessionStore, playback: Playback): void {
    const theme = this.theme;
    const title = el('h1', { id: 'title' }, [m.title]);
    const meta = el('span', { class: 'muted session-meta', id: 'session-meta' });
    const readout = el('span', { class: 'readout', id: 'readout', 'aria-live': 'off' });
    const progress = el('span', { class: 'muted progress', id: 'progress' });
    const play = button({ label: 'Play', ariaLabel: 'Play (Space)', id: 'play' }, () => playback.toggle());
    const loop = button({ label: 'Loop', ariaLabel: 'Loop selection (L)', secondary: true, pressed: false, id: 'loop' }, () => this.runAction('toggleLoop'));
    const speed = dropdown(
      'Playback speed',
      SPEEDS.map((s) => ({ value: String(s), label: `${s}x` })),
      String(playback.speed),
      (v) => playback.setSpeed(Number(v)),
      'speed',
    );
    const series = dropdown(
      'Probability series',
      [
        { value: 'window', label: 'window probabilities' },
        { value: 'smoothed', label: 'smoothed' },
      ],
      'window',
      (v) => this.setSeries(v as SeriesKind),
      'series',
    );
    const focus = dropdown(
      'Class in focus (auto: the target letter, else the argmax)',
      [{ value: 'auto', label: 'auto (target/argmax)' }, ...m.labels.map((l) => ({ value: l, label: l }))],
      this.focusSetting,
      (v) => this.setFocus(v),
      'focus',
    );
    const handFraming = dropdown(
      'Hand framing (H)',
      [
        { value: 'fit', label: 'fit hand' },
        { value: 'image', label: 'whole image' },
      ],
      this.handFraming,
      (v) => this.setHandFraming(v as HandFraming),
      'hand-framing',
    );
    const sec = (label: string, aria: string, action: Action, id: string): HTMLElement =>
      button({ label, ariaLabel: aria, secondary: true, id }, () => this.runAction(action));
    const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Playback' }, [
      el('div', { class: 'group' }, [
        play,
        sec('|◀', 'First frame (Home)', 'first', 'first'),
        sec('◀', 'Step back (Left)', 'stepBack', 'step-back'),
        sec('▶', 'Step forward (Right)', 'stepForward', 'step-forward'),
        sec('▶|', 'Last frame (End)', 'last', 'last'),
      ]),
      el('div', { class: 'group' }, [
        sec('◀ reply', 'Previous sent reply (Shift+Left)', 'prevReply', 'prev-reply'),
        sec('reply ▶', 'Next sent reply (Shift+Right)', 'nextReply', 'next-reply'),
        sec('◀ letter', 'Previous decoder emission (,)', 'prevEmission', 'prev-emission'),
        sec('letter ▶', 'Next decoder emission (.)', 'nextEmission', 'next-emission'),
      ]),
      el('div', { class: 'group' }, [speed.element, loop]),
      el('div', { class: 'group' }, [
        sec('+', 'Zoom in (+)', 'zoomIn', 'zoom-in'),
        sec('−', 'Zoom out (-)', 'zoomOut', 'zoom-out'),
        sec('All', 'Show the whole session (0)', 'zoomFit', 'zoom-fit'),
      ]),
      el('div', { class: 'group' }, [
        button({ label: 'CSV', ariaLabel: 'Export per-frame results as CSV', secondary: true, id: 'export-csv' }, () => this.exportCsv()),
        button({ label: 'PNG', ariaLabel: 'Export the probability chart as PNG', secondary: true, id: 'export-png' }, () => this.exportPng()),
        sec('?', 'Keyboard shortcuts (?)', 'help', 'help'),
      ]),
      readout,
      progress,
    ]);

    const timelineBase = el('canvas', { class: 'timeline-base', 'aria-hidden': 'true' });
    const timelineOverlay = el('canvas', {
      class: 'timeline-overlay',
      id: 'timeline',
      tabindex: 0,
      role: 'slider',
      'aria-label': 'Timeline: drag to scrub, shift+drag to select a loop range',
      'aria-valuemin': 0,
    });
    const chartCanvas = el('canvas', { id: 'probability-chart', 'aria-label': 'Per-class probabilities over time', role: 'img' });
    const heatCanvas = el('canvas', { class: 'heatmap', id: 'heatmap', 'aria-label': 'Heatmap of all classes', role: 'img' });
    const probOverlay = el('canvas', { class: 'overlay', id: 'probability-overlay', 'aria-hidden': 'true' });
    const smoothCanvas = el('canvas', { id: 'smoothing-chart', 'aria-label': 'Window and smoothed probability of the class in focus', role: 'img' });
    const smoothOverlay = el('canvas', { class: 'overlay', id: 'smoothing-overlay', 'aria-hidden': 'true' });
    const barsCanvas = el('canvas', { class: 'bars', id: 'distribution', 'aria-label': 'Distribution at the playhead', role: 'img' });
    const imageCanvas = el('canvas', { class: 'hand', id: 'hand-image', 'aria-label': 'Hand in image coordinates', role: 'img' });
    const modelCanvas = el('canvas', {
      class: 'hand rotatable',
      id: 'hand-model',
      tabindex: 0,
      'aria-label': 'Hand as the model sees it; drag or W A S D to rotate',
      role: 'img',
    });
    const chips = el('div', { class: 'chips', role: 'group', 'aria-label': 'Classes drawn as lines', id: 'class-chips' });

    const reply = new ReplyReadout(store);
    const timeline = new Timeline(timelineBase, timelineOverlay, store, playback, this.view, theme);
    const probability = new ProbabilityChart(chartCanvas, heatCanvas, probOverlay, store, playback, this.view, theme, (k) =>
      this.setFocus(store.labels[k]),
    );
    const smoothing = new SmoothingChart(smoothCanvas, smoothOverlay, store, playback, this.view, theme);
    const bars = new DistributionBars(barsCanvas, store, theme);
    const skeleton = new SkeletonView(imageCanvas, modelCanvas, store, theme);

    this.liveBar = m.mode === 'live' ? new LiveBar(() => this.runAction('follow'), (start) => this.post({ type: 'record', action: start ? 'start' : 'stop' })) : null;
    const card = (id: string, heading: string, extra: string, children: (Node | string)[], headerExtra: (Node | string)[] = []): HTMLElement =>
      el('section', { class: `card ${extra}`, id, 'aria-labelledby': `${id}-h` }, [
        el('div', { class: 'card-head' }, [el('h2', { id: `${id}-h` }, [heading]), ...headerExtra]),
        ...children,
      ]);
    this.root.replaceChildren(
      el('header', { class: 'top' }, [title, meta, ...(this.liveBar ? [this.liveBar.element] : [])]),
      this.problemsBanner.element,
      toolbar,
      el('div', { class: 'timeline-wrap' }, [timelineBase, timelineOverlay]),
      el('div', { class: 'timeline-legend muted small', 'aria-hidden': 'true' }, [
        ...(
          [
            ['sw-no-hand', 'no hand'],
            ['sw-buffering', 'buffering'],
            ['sw-smoothing', 'smoothing filling'],
            ['sw-ready', 'ready'],
            ['sw-target', 'target letter'],
            ['sw-label', 'label (ground truth)'],
            ['sw-sent', 'sent reply'],
            ['sw-emission', 'decoder emission'],
          ] as const
        ).map(([cls, text]) => el('span', {}, [el('span', { class: `swatch ${cls}` }), text])),
      ]),
      el('div', { class: 'grid' }, [
        card('card-probabilities', 'Class probabilities', 'wide', [
          chips,
          el('div', { class: 'plot-stack' }, [el('div', { class: 'chart-box' }, [chartCanvas]), heatCanvas, probOverlay]),
        ], [series.element]),
        card('card-distribution', 'Distribution at the playhead', '', [barsCanvas, el('p', { class: 'muted small legend' }, ['bars: smoothed · orange tick: window · outline: target'])]),
        card('card-reply', 'Reply and transcript', '', [reply.element]),
        card('card-smoothing', 'Smoothing and throttling', '', [
          el('div', { class: 'plot-stack' }, [el('div', { class: 'chart-box small' }, [smoothCanvas]), smoothOverlay]),
          el('p', { class: 'muted small legend', id: 'smoothing-legend' }, []),
        ], [focus.element]),
        card('card-hand', 'Hand', '', [
          el('div', { class: 'hands' }, [
            el('figure', {}, [imageCanvas, el('figcaption', { class: 'muted small', id: 'hand-image-caption' }, [handImageCaption(this.handFraming)])]),
            el('figure', {}, [modelCanvas, el('figcaption', { class: 'muted small' }, ['as the model sees it (drag to rotate)'])]),
          ]),
        ], [handFraming.element]),
        card('card-model', 'Model and profile', '', [renderModelPanel(m.model)]),
      ]),
      this.notice,
    );
    this.views = { timeline, probability, smoothing, bars, skeleton, reply };
    this.controls = { play, loop, speed, focus, series, handFraming, readout, progress, chips, title, meta };
    const s = m.session;
    setText(meta, [s.file ? s.file.split(/[\\/]/).pop() : '', `${s.frameCount} frames`, `${s.fps} fps`, s.source].filter(Boolean).join(' · '));
    this.problemsBanner.show(this.problems);
    this.updateSmoothingLegend();
    this.updateProgress();
  }

  private updateBounds(): void {
    const store = this.store;
    if (!store) return;
    const wasFit = this.view.isFit();
    this.view.setBounds(store.startMs(), store.endMs(), false);
    if (this.playback?.following) this.view.set(store.endMs() - LIVE_SPAN_MS, store.endMs());
    else if (wasFit) this.view.fit();
    if (this.controls && this.init) {
      const s = this.init.session;
      setText(
        this.controls.meta,
        [s.file ? s.file.split(/[\\/]/).pop() : '', `${store.frameCount} frames`, `${s.fps} fps`, s.source].filter(Boolean).join(' · '),
      );
    }
  }

  private setTheme(theme: Theme): void {
    this.theme = theme;
    const v = this.views;
    if (!v) return;
    v.timeline.setTheme(theme);
    v.probability.setTheme(theme);
    v.smoothing.setTheme(theme);
    v.bars.setTheme(theme);
    v.skeleton.setTheme(theme);
    this.renderChips();
    this.requestDraw(true);
  }

  private setSeries(kind: SeriesKind): void {
    if (!this.views) return;
    this.views.probability.series = kind;
    this.controls?.series.setValue(kind);
    this.persist();
    this.requestDraw(true);
  }

  private setHandFraming(framing: HandFraming): void {
    this.handFraming = framing;
    this.controls?.handFraming.setValue(framing);
    const caption = document.getElementById('hand-image-caption');
    if (caption) setText(caption, handImageCaption(framing));
    if (this.views) this.views.skeleton.framing = framing;
    this.persist();
    this.requestDraw(false);
  }

  setFocus(value: string): void {
    this.focusSetting = value;
    this.controls?.focus.setValue(value);
    this.updateFocus();
    this.persist();
    this.requestDraw(true);
  }

  /** The class in focus now: the picked one, else the target in force, else the smoothed argmax. */
  private updateFocus(): boolean {
    const store = this.store;
    const playback = this.playback;
    if (!store || !playback) return false;
    let k = store.labels.indexOf(this.focusSetting);
    if (k < 0) {
      const f = playback.frame;
      k = store.target[f];
      if (k < 0) k = store.argmax(store.smoothed, f);
      if (k < 0) k = store.argmax(store.probs, f);
      if (k < 0) k = this.focusClass >= 0 ? this.focusClass : 0;
    }
    if (k === this.focusClass) return false;
    this.focusClass = k;
    const v = this.views;
    if (v) {
      v.smoothing.focusClass = k;
      v.bars.focusClass = k;
    }
    this.updateSmoothingLegend();
    return true;
  }

  private updateSmoothingLegend(): void {
    const legend = document.getElementById('smoothing-legend');
    const store = this.store;
    if (!legend || !store) return;
    const label = store.labels[this.focusClass] ?? '—';
    setText(legend, `${label}: dashed orange = window probability, solid blue = smoothed · ● sent reply · ✕ throttled reply (their target_arg_prob on the wire)`);
  }

  /** Default lines: the classes with the highest peaks, plus the focus class. */
  private chooseShown(): void {
    const store = this.store;
    const v = this.views;
    if (!store || !v) return;
    let shown: number[];
    if (this.shownCustom) {
      shown = this.shownCustom.map((l) => store.labels.indexOf(l)).filter((k) => k >= 0);
    } else {
      shown = store.classesByPeak().slice(0, TOP_CLASSES);
    }
    const same = shown.length === v.probability.shown.length && shown.every((k, i) => v.probability.shown[i] === k);
    if (same) return;
    v.probability.shown = shown;
    this.renderChips();
  }

  private toggleShown(k: number): void {
    const store = this.store;
    const v = this.views;
    if (!store || !v) return;
    const shown = [...v.probability.shown];
    const i = shown.indexOf(k);
    if (i >= 0) shown.splice(i, 1);
    else shown.push(k);
    this.shownCustom = shown.map((c) => store.labels[c]);
    v.probability.shown = shown;
    this.renderChips();
    this.persist();
    this.requestDraw(true);
  }

  private renderChips(): void {
    const store = this.store;
    const v = this.views;
    const controls = this.controls;
    if (!store || !v || !controls) return;
    const chips = store.labels.map((label, k) => {
      const slot = v.probability.shown.indexOf(k);
      const on = slot >= 0;
      const chip = el('button', {
        type: 'button',
        class: `chip-toggle${on ? ' on' : ''}`,
        'aria-pressed': String(on),
        'aria-label': `Show ${label} as a line`,
        title: `${label}: ${on ? 'hide' : 'show'} line (click); focus: right click`,
        'data-class': label,
      });
      if (on) {
        const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.backgroundColor = seriesStyle(slot, this.theme).color;
        chip.append(swatch);
      }
      chip.append(label === 'SPACE' ? 'SP' : label === 'DELETE' ? 'DEL' : label === 'NOTHING' ? '∅' : label);
      chip.addEventListener('click', () => this.toggleShown(k));
      chip.addEventListener('contextmenu', (e) => {
        e.preventDefault();
        this.setFocus(label);
      });
      return chip;
    });
    controls.chips.replaceChildren(...chips);
  }

  private onPlayback(reason: 'frame' | 'state'): void {
    const playback = this.playback;
    const store = this.store;
    if (!playback || !store) return;
    if (reason === 'frame') {
      const ms = store.timeOf(playback.frame);
      if (!this.view.contains(ms)) this.view.reveal(ms, playback.following);
      this.maybeRequestRange();
    }
    if (reason === 'state' && this.controls) {
      const label = playback.playing ? 'Pause' : 'Play';
      setText(this.controls.play, label);
      this.controls.play.setAttribute('aria-label', `${label} (Space)`);
      setPressed(this.controls.loop, playback.loopOn);
      this.controls.speed.setValue(String(playback.speed));
      this.liveBar?.setFollowing(playback.following);
    }
    if (reason === 'state' && playback.following) this.post({ type: 'follow', on: true });
    this.persist();
    this.requestDraw(false);
  }

  /** Ask for data around the playhead when it is not here yet. */
  private maybeRequestRange(): void {
    const store = this.store;
    const playback = this.playback;
    if (!store || !playback || this.init?.mode === 'live') return;
    const f = playback.frame;
    if (store.frameKnown[f] && store.status[f] !== 255) return;
    const start = Math.max(0, f - 300);
    const end = Math.min(store.frameCount, f + 600);
    const key = `${start}:${end}`;
    if (key === this.lastRequested) return;
    this.lastRequested = key;
    this.post({ type: 'requestRange', start, end });
  }

  runAction(action: Action): boolean {
    if (action === 'help') {
      this.help.toggle();
      return true;
    }
    if (action === 'close') {
      if (!this.help.visible) return false;
      this.help.hide();
      return true;
    }
    if (this.help.visible) return false;
    const playback = this.playback;
    const store = this.store;
    if (!playback || !store) return false;
    const jump = (dir: 1 | -1, test: (i: number) => boolean): void => {
      const f = store.findFrame(playback.frame, dir, test);
      if (f >= 0) {
        playback.pause();
        playback.seek(f);
      }
    };
    switch (action) {
      case 'togglePlay':
        // Live: the first press stops following and holds the playhead where it is.
        if (playback.following) {
          playback.setFollowing(false);
          this.post({ type: 'follow', on: false });
        } else playback.toggle();
        break;
      case 'stepBack':
        playback.step(-1);
        break;
      case 'stepForward':
        playback.step(1);
        break;
      case 'prevReply':
        jump(-1, (i) => store.sent[i] === 1);
        break;
      case 'nextReply':
        jump(1, (i) => store.sent[i] === 1);
        break;
      case 'prevEmission':
        jump(-1, (i) => store.emitted[i] >= 0);
        break;
      case 'nextEmission':
        jump(1, (i) => store.emitted[i] >= 0);
        break;
      case 'slower':
        playback.nudgeSpeed(-1);
        break;
      case 'faster':
        playback.nudgeSpeed(1);
        break;
      case 'toggleLoop':
        if (!playback.selection) {
          playback.setSelection({
            startFrame: store.frameAtTime(this.view.startMs),
            endFrame: store.frameAtTime(this.view.endMs),
          });
          playback.setLoop(true);
        } else playback.setLoop(!playback.loopOn);
        break;
      case 'first':
        playback.pause();
        playback.seek(0);
        break;
      case 'last':
        playback.pause();
        playback.seek(playback.lastFrame());
        break;
      case 'zoomIn':
        this.view.zoom(0.5, store.timeOf(playback.frame));
        break;
      case 'zoomOut':
        this.view.zoom(2, store.timeOf(playback.frame));
        break;
      case 'zoomFit':
        this.view.fit();
        break;
      case 'toggleHandFraming':
        this.setHandFraming(this.handFraming === 'fit' ? 'image' : 'fit');
        break;
      case 'follow':
        if (this.init?.mode !== 'live') return false;
        playback.setFollowing(!playback.following);
        if (!playback.following) this.post({ type: 'follow', on: false });
        break;
      default:
        return false;
    }
    return true;
  }

  private sessionBaseName(): string {
    const file = this.init?.session.file ?? '';
    const name = file.split(/[\\/]/).pop() || this.init?.title || 'session';
    return name.replace(/\.landmarks\.jsonl$/i, '').replace(/\.[^.]+$/, '') || 'session';
  }

  exportCsv(): void {
    this.post({ type: 'exportCsv', name: `${this.sessionBaseName()}.results.csv` });
  }

  exportPng(): void {
    if (!this.views) return;
    this.post({ type: 'exportPng', name: `${this.sessionBaseName()}.probabilities.png`, dataUrl: this.views.probability.toPng() });
  }

  private updateProgress(): void {
    const controls = this.controls;
    if (!controls) return;
    const text = this.analysisTotal > 0 && this.analysisDone < this.analysisTotal
      ? this.analysisStopped ? `analysis stopped at ${this.analysisDone}/${this.analysisTotal}` : `analysing ${this.analysisDone}/${this.analysisTotal}`
      : this.analysisStopped ? 'analysis stopped' : '';
    setText(controls.progress, text);
  }

  showNotice(level: 'info' | 'warning' | 'error', text: string): void {
    this.notice.dataset.level = level;
    setText(this.notice, text);
    this.notice.hidden = false;
    clearTimeout(this.noticeTimer);
    if (level !== 'error') this.noticeTimer = setTimeout(() => (this.notice.hidden = true), 6000);
  }

  /** Saves the state and reports the playhead at most every 250 ms (reading the state when it fires). */
  private persist(): void {
    if (this.persistTimer !== undefined) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      const playback = this.playback;
      const v = this.views;
      if (!playback || !v) return;
      const state: PersistedState = {
        file: this.init?.session.file ?? '',
        frame: playback.frame,
        view: this.view.isFit() ? null : [this.view.startMs, this.view.endMs],
        focus: this.focusSetting,
        speed: playback.speed,
        series: v.probability.series,
        shown: this.shownCustom,
        hand: this.handFraming,
      };
      this.host.setState(state);
      if (!playback.playing && playback.frame !== this.lastPostedPlayhead) {
        this.lastPostedPlayhead = playback.frame;
        this.post({ type: 'playhead', frame: playback.frame });
      }
    }, 250);
  }

  requestDraw(traces: boolean, timeline = traces): void {
    if (traces) this.needTraces = true;
    if (timeline) this.needTimeline = true;
    if (this.rafId) return;
    this.rafId = requestAnimationFrame(() => {
      this.rafId = 0;
      this.draw();
    });
  }

  /** New frames or results: the traces and lanes need a rebuild, coalesced while the analysis streams. */
  private requestDataDraw(): void {
    this.dataDirty = true;
    this.requestDraw(false);
  }

  /** A replay whose analysis has not finished: more results are on their way. */
  private streaming(): boolean {
    return this.init?.mode === 'replay' && !this.analysisStopped && this.analysisTotal > 0 && this.analysisDone < this.analysisTotal;
  }

  /** Folds pending data into this frame's rebuild, unless one ran less than STREAM_REBUILD_MS ago mid-stream. */
  private takeDataDirty(): void {
    if (!this.dataDirty) return;
    const now = performance.now();
    const wait = this.lastDataRebuildMs + STREAM_REBUILD_MS - now;
    if (this.streaming() && wait > 0) {
      this.dataTimer ??= setTimeout(() => {
        this.dataTimer = undefined;
        this.requestDraw(false);
      }, wait);
      return;
    }
    this.dataDirty = false;
    this.lastDataRebuildMs = now;
    this.needTraces = true;
    this.needTimeline = true;
  }

  /** Draws what changed; views are sized by layout, so this runs inside an animation frame. */
  private draw(): void {
    const v = this.views;
    const store = this.store;
    const playback = this.playback;
    if (!v || !store || !playback) return;
    this.takeDataDirty();
    const focusChanged = this.updateFocus();
    const frame = playback.frame;
    if (this.needTimeline) v.timeline.redraw();
    if (this.needTraces) {
      v.probability.focusClass = this.focusClass;
      v.probability.rebuild();
      v.smoothing.rebuild();
    } else if (focusChanged) {
      v.probability.setFocus(this.focusClass);
      v.smoothing.rebuild();
    }
    v.timeline.drawOverlay();
    v.probability.drawOverlay();
    v.smoothing.drawOverlay();
    v.bars.draw(frame);
    v.skeleton.draw(frame);
    v.reply.update(frame);
    this.updateReadout();
    this.needTraces = false;
    this.needTimeline = false;
    this.renderCount++;
    this.maybePostRendered();
  }

  private updateReadout(): void {
    const store = this.store;
    const playback = this.playback;
    const controls = this.controls;
    if (!store || !playback || !controls) return;
    const f = playback.frame;
    const seconds = ((store.timeOf(f) - store.startMs()) / 1000).toFixed(3);
    const total = store.frameCount;
    setText(controls.readout, total ? `frame ${f} / ${total - 1} · ${seconds} s · ${playback.speed}x` : 'no frames');
    const slider = document.getElementById('timeline');
    if (slider) {
      slider.setAttribute('aria-valuemax', String(Math.max(0, total - 1)));
      slider.setAttribute('aria-valuenow', String(f));
      slider.setAttribute('aria-valuetext', `frame ${f}, ${seconds} seconds`);
    }
  }

  /** `rendered` goes out once the whole session (or all that could be analysed) has been drawn. */
  private maybePostRendered(): void {
    const store = this.store;
    if (this.renderedPosted || !store || !this.init || this.dataDirty) return;
    const live = this.init.mode === 'live';
    const empty = store.frameCount === 0;
    // Live: once the first analysed frames are drawn; replay: once every frame and result is drawn.
    // Provisional results can cover every frame before the final pass ends, so a replay waits for the
    // analysis to report done === total as well.
    const analysed = this.analysisTotal > 0 && this.analysisDone >= this.analysisTotal;
    const ready = live ? store.resultsReceived > 0 : empty || this.analysisStopped || (store.isComplete() && analysed);
    if (!ready) return;
    this.renderedPosted = true;
    const counts = store.counts();
    this.post({
      type: 'rendered',
      frames: store.frameCount,
      transcript: store.frameCount ? store.transcriptAt(store.frameCount - 1) : '',
      repliesSent: counts.repliesSent,
      noHandFrames: counts.noHandFrames,
      windows: counts.windows,
      distributions: counts.distributions,
      problems: this.problems.length,
    });
  }
}

function handImageCaption(framing: HandFraming): string {
  return framing === 'fit' ? 'as recorded, fitted to the hand' : 'as recorded, whole image';
}

/** A bulk message (to be checked): its file is fetched before it and what follows it are handled. */
function isBulk(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'bulk';
}
