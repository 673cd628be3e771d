/**
 * The panel for one session, top to bottom: the header (title, session facts, the live bar), the problems
 * banner, the toolbar, the timeline, the grid of cards, the notice line. The grid's cards are listed in
 * cardMakers: a new view is a card module (cards/) and one line there.
 */
import type { Actions } from './actions';
import { ComparisonCard } from './cards/comparisonCard';
import { ConfusionCard } from './cards/confusionCard';
import { Attribution } from './attribution';
import { AttributionCard } from './cards/attributionCard';
import { DistributionCard } from './cards/distributionCard';
import { MetricsCard } from './cards/metricsCard';
import { HandCard } from './cards/handCard';
import { ModelCard } from './cards/modelCard';
import { ProbabilityCard } from './cards/probabilityCard';
import { ReplyCard } from './cards/replyCard';
import { SmoothingCard } from './cards/smoothingCard';
import { OffscreenCards } from './offscreenCards';
import { SpreadRebuilds } from './spreadRebuilds';
import { el, setText } from './dom';
import { LiveBar } from './liveBar';
import type { Notice } from './notice';
import type { Card, FrameChanges, PanelContext, PanelView } from './panelView';
import type { ProblemsBanner } from './problemsBanner';
import type { Theme } from './theme';
import type { Timeline } from './timeline';
import { TimelineStrip } from './timelineStrip';
import { Toolbar } from './toolbar';

/**
 * The grid's cards in reading order (the probabilities span the width, the rest flow two or three to a
 * row), each made by its own function so the panel can build them one task at a time. The key names the
 * card's view in `window.__landmarkLens.views`.
 */
function cardMakers(ctx: PanelContext) {
  // The window at the playhead's attribution, drawn by the Why card and the hand views.
  const attribution = new Attribution(ctx);
  return {
    probability: () => new ProbabilityCard(ctx),
    attribution: () => new AttributionCard(ctx, attribution),
    bars: () => new DistributionCard(ctx),
    reply: () => new ReplyCard(ctx),
    smoothing: () => new SmoothingCard(ctx),
    skeleton: () => new HandCard(ctx, attribution),
    metrics: () => new MetricsCard(ctx),
    confusion: () => new ConfusionCard(ctx),
    comparison: () => new ComparisonCard(ctx),
    model: () => new ModelCard(ctx),
  };
}

type CardMakers = ReturnType<typeof cardMakers>;
export type Cards = { [K in keyof CardMakers]: ReturnType<CardMakers[K]> };
/** Every view object by name, for the webview tests and the benchmark. */
export type Views = { timeline: Timeline } & { [K in keyof Cards]: Cards[K]['view'] };

/** What lives across sessions: built once by the App, placed in each session's panel. */
export interface SharedParts {
  problems: ProblemsBanner;
  notice: Notice;
  actions: Actions;
}

/**
 * Yields between the panel's building steps: resolves at once while less than `used` ms (by default the
 * whole SLICE_MS) of the caller's slice is spent, else in a new task (see taskSlices.ts).
 */
export type Pause = (used?: number) => Promise<void>;

/**
 * What of a slice may be spent already for a part of the panel to be built in it: a card's construction
 * takes up to a slice (a chart's canvases sized against a layout of the panel), and begun late in a slice it
 * made tasks of 25-35 ms of CPU, over 50 ms on a busy machine.
 */
const PART_START_MS = 1;

export class Panel implements PanelView {
  readonly views: Views;
  /** Everything that draws, in drawing order. */
  private readonly parts: PanelView[];
  private readonly rebuilds: SpreadRebuilds;
  private readonly offscreen: OffscreenCards;

  /**
   * Builds the panel for a session into `root`, a part at a time with `pause()` between them: built in one
   * go, an hour's panel was a task of 260-290 ms (the toolkit's elements connecting, Chart.js sizing its
   * canvases against a layout of the whole panel). The header and toolbar replace what `root` showed
   * first, the timeline and an empty grid follow, then each card joins the grid in reading order: each part
   * begun in a slice of its own unless the one before it was quick.
   */
  static async build(root: HTMLElement, ctx: PanelContext, shared: SharedParts, pause: Pause): Promise<Panel> {
    const { init } = ctx;
    await pause(PART_START_MS);
    const toolbar = new Toolbar(ctx, shared.actions);
    const liveBar = init.mode === 'live'
      ? new LiveBar(() => ctx.run('follow'), (start) => ctx.post({ type: 'record', action: start ? 'start' : 'stop' }))
      : null;
    const meta = el('span', { class: 'muted session-meta', id: 'session-meta' });
    root.replaceChildren(
      el('header', { class: 'top' }, [el('h1', { id: 'title' }, [init.title]), meta, ...(liveBar ? [liveBar.element] : [])]),
      shared.problems.element,
      toolbar.element,
    );
    await pause(PART_START_MS);
    const timeline = new TimelineStrip(ctx);
    const grid = el('div', { class: 'grid' });
    root.append(...timeline.elements, grid, shared.notice.element);
    const makers = cardMakers(ctx);
    const order = Object.keys(makers) as Array<keyof CardMakers>;
    // With camera images (live: maybe) the recorded hand is what the user looks at first: under the probabilities.
    if (init.session.images || init.mode === 'live') order.splice(1, 0, ...order.splice(order.indexOf('skeleton'), 1));
    // A live session has no labels to score against.
    const hidden = new Set<keyof CardMakers>(init.mode === 'live' ? ['metrics', 'confusion', 'comparison'] : []);
    const cards: Partial<Record<keyof CardMakers, Card>> = {};
    for (const name of order) {
      await pause(PART_START_MS);
      const card = makers[name]();
      if (hidden.has(name)) card.element.hidden = true;
      grid.append(card.element);
      cards[name] = card;
    }
    await pause();
    return new Panel(ctx, toolbar, timeline, liveBar, meta, cards as Cards, order);
  }

  private constructor(
    readonly ctx: PanelContext,
    readonly toolbar: Toolbar,
    timeline: TimelineStrip,
    readonly liveBar: LiveBar | null,
    private readonly meta: HTMLElement,
    readonly cards: Cards,
    order: Array<keyof Cards>,
  ) {
    this.rebuilds = new SpreadRebuilds(() => ctx.requestDraw(false));
    this.offscreen = new OffscreenCards(() => ctx.playback.playing, () => ctx.requestDraw(false));
    this.views = { timeline: timeline.view, ...Object.fromEntries(order.map((name) => [name, cards[name].view])) } as Views;
    this.parts = withSteps([timeline, ...order.map((name) => this.offscreen.wrap(cards[name])), toolbar]);
    // The reply readout's "n/5" follows the smoothing knob.
    cards.model.view.knobs?.onChange((state) => (cards.reply.view.smoothingWindow = state.values.smoothingWindow));
    this.showSessionMeta(ctx.init.session.frameCount);
  }

  render(changes: FrameChanges): void {
    this.rebuilds.render(this.parts, changes);
  }

  /** True while parts wait for a data rebuild spread to later frames (the panel is not fully drawn). */
  get rebuildsPending(): boolean {
    return this.rebuilds.pending;
  }

  setTheme(theme: Theme): void {
    for (const part of this.parts) part.setTheme?.(theme);
  }

  /** The header's facts: file, frames (live sessions grow), fps, source. */
  showSessionMeta(frameCount: number): void {
    const s = this.ctx.init.session;
    setText(this.meta, [s.file ? s.file.split(/[\\/]/).pop() : '', `${frameCount} frames`, `${s.fps} fps`, s.source].filter(Boolean).join(' · '));
  }

  /** The controls that show the playback state: play, loop, speed and the live bar's Follow. */
  reflectPlayback(): void {
    this.toolbar.reflectPlayback();
    this.liveBar?.setFollowing(this.ctx.playback.following);
  }

  /** The probability chart as a PNG data URL (the PNG export). */
  probabilityPng(): string {
    this.offscreen.catchUp();
    return this.cards.probability.view.toPng();
  }

  /** The hand as recorded, with the camera image, as a PNG data URL (the hand card's export). */
  handPng(): string {
    this.offscreen.catchUp();
    return this.cards.skeleton.view.imagePng();
  }
}

/** The parts with the steps each leaves to views of their own, in drawing order (PanelView.drawSteps). */
function withSteps(parts: PanelView[]): PanelView[] {
  return parts.flatMap((part) => [...(part.drawSteps?.before ?? []), part, ...(part.drawSteps?.after ?? [])]);
}
