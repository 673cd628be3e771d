/**
 * Cards out of view skip their drawing while the playhead plays. Playing an hour, every animation frame
 * that moved the playhead drew the hand views (two canvases, four hands each) and the other cards below
 * the fold as well, and Chromium rasterized each canvas drawn on at the frame's commit. A card held so
 * owes what it skipped: it draws with the changes merged once it comes into view (an
 * IntersectionObserver), when playback stops (the draw that follows a pause), or before an export
 * reads its pixels (catchUp).
 */
import type { Card, FrameChanges, PanelView } from './panelView';

/** Makes an observer that calls back with the cards entering or leaving the viewport; null: none (all count as in view). */
export type ObserverFactory = (callback: (entries: Array<Pick<IntersectionObserverEntry, 'target' | 'isIntersecting'>>) => void) => Pick<IntersectionObserver, 'observe'> | null;

const viewportObserver: ObserverFactory = (callback) => (typeof IntersectionObserver === 'function' ? new IntersectionObserver(callback) : null);

export class OffscreenCards {
  /** The cards' elements out of the viewport; a card not reported yet counts as in view. */
  private readonly outOfView = new Set<Element>();
  /** What each held part (a card, or a step of its drawing) skipped, merged, and its card's element. */
  private readonly owed = new Map<PanelView, { element: Element; changes: FrameChanges }>();
  private readonly observer: Pick<IntersectionObserver, 'observe'> | null;

  /**
   * `holding()`: whether cards out of view may skip this frame (the playhead plays); `requestFrame` asks
   * for a draw when a card that owes one comes into view; `observer` makes the viewport's observer (a
   * unit test passes its own).
   */
  constructor(
    private readonly holding: () => boolean,
    private readonly requestFrame: () => void,
    observer: ObserverFactory = viewportObserver,
  ) {
    this.observer = observer((entries) => {
      let due = false;
      for (const entry of entries) {
        if (entry.isIntersecting) {
          this.outOfView.delete(entry.target);
          due ||= [...this.owed.values()].some((held) => held.element === entry.target);
        } else this.outOfView.add(entry.target);
      }
      if (due) this.requestFrame();
    });
  }

  /** `card` (and the steps of its drawing, PanelView.drawSteps) as parts of the panel that skip their frames while out of view and holding. */
  wrap(card: Card): PanelView {
    this.observer?.observe(card.element);
    const steps = card.drawSteps;
    const held = (part: PanelView): PanelView => ({
      render: (changes) => this.render(part, card.element, changes),
      setTheme: part.setTheme?.bind(part),
      workLeft: part.workLeft?.bind(part),
    });
    return {
      ...held(card),
      ...(steps ? { drawSteps: { before: steps.before?.map(held), after: steps.after?.map(held) } } : {}),
    };
  }

  /** Draws every held part now with what it owes (before an export reads a card's pixels). */
  catchUp(): void {
    for (const [part, { changes }] of [...this.owed]) {
      this.owed.delete(part);
      part.render(changes);
    }
  }

  private render(part: PanelView, element: Element, changes: FrameChanges): void {
    const owed = this.owed.get(part);
    const merged = owed ? mergeChanges(owed.changes, changes) : changes;
    if (this.holding() && this.outOfView.has(element)) {
      this.owed.set(part, { element, changes: merged });
      return;
    }
    this.owed.delete(part);
    part.render(merged);
  }
}

/** The changes of two frames as one: the later frame's playhead and focus, every rebuild either asked for. */
export function mergeChanges(earlier: FrameChanges, later: FrameChanges): FrameChanges {
  return {
    frame: later.frame,
    focusClass: later.focusClass,
    focusChanged: earlier.focusChanged || later.focusChanged,
    traces: earlier.traces || later.traces,
    timeline: earlier.timeline || later.timeline,
    windows: earlier.windows || later.windows,
    spread: (earlier.spread ?? false) && (later.spread ?? false),
  };
}
