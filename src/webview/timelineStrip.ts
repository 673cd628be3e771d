/**
 * The timeline across the panel's width, under the toolbar: the session's lanes with the playhead (a
 * keyboard-focusable slider) and the legend of the lanes' colours.
 */
import { el, setAttr, setHidden } from './dom';
import type { FrameChanges, PanelContext, PanelView } from './panelView';
import type { Theme } from './theme';
import { Timeline } from './timeline';

const LEGEND = [
  ['sw-no-hand', 'no hand'],
  ['sw-buffering', 'buffering'],
  ['sw-smoothing', 'smoothing filling'],
  ['sw-ready', 'ready'],
  ['sw-target', 'target letter'],
  ['sw-label', 'label (ground truth)'],
  ['sw-error', 'wrong frame (vs. label)'],
  ['sw-diff-top', 'models differ: top-1'],
  ['sw-diff-sent', 'models differ: sent reply'],
  ['sw-sent', 'sent reply'],
  ['sw-emission', 'decoder emission'],
] as const;

/** Legend entries of lanes drawn only sometimes: shown while their lane is. */
const LANE_OF: Record<string, string> = { 'sw-error': 'errors', 'sw-diff-top': 'diff', 'sw-diff-sent': 'diff' };

export class TimelineStrip implements PanelView {
  /** The lanes, then the legend (each its own row of the panel). */
  readonly elements: HTMLElement[];
  readonly view: Timeline;
  private readonly slider: HTMLCanvasElement;
  private readonly wrap: HTMLElement;
  private readonly optional: Array<{ element: HTMLElement; lane: string }> = [];

  constructor(private readonly ctx: PanelContext) {
    const base = el('canvas', { class: 'timeline-base', 'aria-hidden': 'true' });
    const marks = el('canvas', { class: 'timeline-marks', 'aria-hidden': 'true' });
    this.slider = el('canvas', {
      class: 'timeline-overlay',
      id: 'timeline',
      tabindex: 0,
      role: 'slider',
      'aria-label': 'Timeline: drag to scrub, shift+drag to select a loop range',
      'aria-valuemin': 0,
    });
    this.view = new Timeline(base, marks, this.slider, ctx);
    this.wrap = el('div', { class: 'timeline-wrap' }, [base, marks, this.slider]);
    this.elements = [
      this.wrap,
      el('div', { class: 'timeline-legend muted small', 'aria-hidden': 'true' },
        LEGEND.map(([cls, text]) => {
          const entry = el('span', { class: `legend-${cls}` }, [el('span', { class: `swatch ${cls}` }), text]);
          if (LANE_OF[cls]) {
            entry.hidden = true;
            this.optional.push({ element: entry, lane: LANE_OF[cls] });
          }
          return entry;
        }),
      ),
    ];
  }

  /** The label lane's spans are drawn as a step of their own before the lanes (Timeline.prepareLabels). */
  readonly drawSteps = {
    before: [{ render: ({ timeline }: FrameChanges) => void (timeline && this.view.prepareLabels()) }],
  };

  setTheme(theme: Theme): void {
    this.view.setTheme(theme);
  }

  render({ frame, timeline }: FrameChanges): void {
    if (timeline) {
      this.view.redraw();
      // Each lane is 18 px; the strip grows with the lanes drawn (the canvases redraw on the resize).
      const height = `${6 + Math.max(4, this.view.laneCount()) * 18}px`;
      if (this.wrap.style.height !== height) this.wrap.style.height = height;
      for (const { element, lane } of this.optional) setHidden(element, this.view.laneMiddle(lane) === null);
    }
    this.view.drawOverlay();
    const store = this.ctx.store;
    setAttr(this.slider, 'aria-valuemin', String(store.dropped));
    setAttr(this.slider, 'aria-valuemax', String(Math.max(0, store.sessionFrames - 1)));
    setAttr(this.slider, 'aria-valuenow', String(store.sessionFrame(frame)));
    setAttr(this.slider, 'aria-valuetext', `frame ${store.sessionFrame(frame)}, ${store.secondsAt(frame)} seconds`);
  }
}
