/**
 * The panel for one session, top to bottom: the header (title, session facts, the live bar), the problems
 * banner, the toolbar, the timeline, the grid of cards, the notice line. The grid's cards are listed in
 * buildCards: a new view is a card module (cards/) and one line there.
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
import { SpreadRebuilds } from './spreadRebuilds';
import { el, setText } from './dom';
import { LiveBar } from './liveBar';
import type { Notice } from './notice';
import type { FrameChanges, PanelContext, PanelView } from './panelView';
import type { ProblemsBanner } from './problemsBanner';
import type { Theme } from './theme';
import type { Timeline } from './timeline';
import { TimelineStrip } from './timelineStrip';
import { Toolbar } from './toolbar';

/**
 * The grid's cards in reading order (the probabilities span the width, the rest flow two or three to a
 * row). The key names the card's view in `window.__landmarkLens.views`.
 */
function buildCards(ctx: PanelContext) {
  // The window at the playhead's attribution, drawn by the Why card and the hand views.
  const attribution = new Attribution(ctx);
  return {
    probability: new ProbabilityCard(ctx),
    attribution: new AttributionCard(ctx, attribution),
    bars: new DistributionCard(ctx),
    reply: new ReplyCard(ctx),
    smoothing: new SmoothingCard(ctx),
    skeleton: new HandCard(ctx, attribution),
    metrics: new MetricsCard(ctx),
    confusion: new ConfusionCard(ctx),
    comparison: new ComparisonCard(ctx),
    model: new ModelCard(ctx),
  };
}

export type Cards = ReturnType<typeof buildCards>;
/** Every view object by name, for the webview tests and the benchmark. */
export type Views = { timeline: Timeline } & { [K in keyof Cards]: Cards[K]['view'] };

/** What lives across sessions: built once by the App, placed in each session's panel. */
export interface SharedParts {
  problems: ProblemsBanner;
  notice: Notice;
  actions: Actions;
}

export class Panel implements PanelView {
  readonly cards: Cards;
  readonly views: Views;
  readonly toolbar: Toolbar;
  readonly liveBar: LiveBar | null;
  private readonly meta = el('span', { class: 'muted session-meta', id: 'session-meta' });
  /** Everything that draws, in drawing order. */
  private readonly parts: PanelView[];
  private readonly rebuilds: SpreadRebuilds;

  constructor(root: HTMLElement, readonly ctx: PanelContext, shared: SharedParts) {
    const { init } = ctx;
    this.rebuilds = new SpreadRebuilds(() => ctx.requestDraw(false));
    this.toolbar = new Toolbar(ctx, shared.actions);
    const timeline = new TimelineStrip(ctx);
    this.cards = buildCards(ctx);
    const cards = Object.entries(this.cards);
    // With camera images (live: maybe) the recorded hand is what the user looks at first: under the probabilities.
    if (init.session.images || init.mode === 'live') cards.splice(1, 0, ...cards.splice(cards.findIndex(([name]) => name === 'skeleton'), 1));
    this.views = { timeline: timeline.view, ...Object.fromEntries(cards.map(([name, card]) => [name, card.view])) } as Views;
    this.parts = [timeline, ...cards.map(([, card]) => card), this.toolbar];
    // A live session has no labels to score against.
    if (init.mode === 'live') for (const card of [this.cards.metrics, this.cards.confusion, this.cards.comparison]) card.element.hidden = true;
    // The reply readout's "n/5" follows the smoothing knob.
    this.cards.model.view.knobs?.onChange((state) => (this.cards.reply.view.smoothingWindow = state.values.smoothingWindow));
    this.liveBar = init.mode === 'live'
      ? new LiveBar(() => ctx.run('follow'), (start) => ctx.post({ type: 'record', action: start ? 'start' : 'stop' }))
      : null;
    root.replaceChildren(
      el('header', { class: 'top' }, [el('h1', { id: 'title' }, [init.title]), this.meta, ...(this.liveBar ? [this.liveBar.element] : [])]),
      shared.problems.element,
      this.toolbar.element,
      ...timeline.elements,
      el('div', { class: 'grid' }, cards.map(([, card]) => card.element)),
      shared.notice.element,
    );
    this.showSessionMeta(init.session.frameCount);
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
    return this.cards.probability.view.toPng();
  }

  /** The hand as recorded, with the camera image, as a PNG data URL (the hand card's export). */
  handPng(): string {
    return this.cards.skeleton.view.imagePng();
  }
}
