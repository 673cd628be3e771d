/**
 * The "Smoothing and throttling" card: the class in focus (and its picker), its window and smoothed
 * probability over time, and the replies throttling sent or held back.
 */
import { el, setText } from '../dom';
import type { Card, FrameChanges, PanelContext } from '../panelView';
import { SmoothingChart } from '../smoothingChart';
import type { Theme } from '../theme';
import { cardSection } from './cardSection';
import { choicePicker } from './choicePicker';

export class SmoothingCard implements Card<SmoothingChart> {
  readonly element: HTMLElement;
  readonly view: SmoothingChart;
  private readonly legend = el('p', { class: 'muted small legend', id: 'smoothing-legend' }, []);

  constructor(private readonly ctx: PanelContext) {
    const canvas = el('canvas', { id: 'smoothing-chart', 'aria-label': 'Window and smoothed probability of the class in focus', role: 'img' });
    const overlay = el('canvas', { class: 'overlay', id: 'smoothing-overlay', 'aria-hidden': 'true' });
    const layer = (id: string) => el('canvas', { class: 'layer', id, 'aria-hidden': 'true' });
    const layers = { replies: layer('smoothing-replies'), smoothed: layer('smoothing-smoothed'), window: layer('smoothing-window') };
    this.view = new SmoothingChart(canvas, layers, overlay, ctx);
    this.view.onResizeRequest = () => ctx.requestDraw(false);
    const focus = choicePicker(ctx.choices, 'focus', 'Class in focus (auto: the target letter, else the argmax)', [
      { value: 'auto', label: 'auto (target/argmax)' },
      ...ctx.init.labels.map((l) => ({ value: l, label: l })),
    ], 'focus');
    this.element = cardSection('card-smoothing', 'Smoothing and throttling', '', [
      el('div', { class: 'plot-stack' }, [el('div', { class: 'chart-box small' }, [canvas]), layers.replies, layers.smoothed, layers.window, overlay]),
      this.legend,
    ], [focus]);
    this.showLegend(-1);
  }

  /** A resize's rebuild waits for the panel's next draw. */
  workLeft(): boolean {
    return this.view.resizePending;
  }

  setTheme(theme: Theme): void {
    this.view.setTheme(theme);
  }

  render({ traces, focusClass, focusChanged, held }: FrameChanges): void {
    this.view.focusClass = focusClass;
    // Held, the card is owed a rebuild that draws the class then in focus: a focus change waits for it
    // (a new panel's first draw changes the focus, and rebuilt for it the chart took 14-20 ms there).
    if (traces || (!held && (focusChanged || this.view.resizePending))) {
      this.view.rebuild();
      this.showLegend(focusClass);
    }
    this.view.drawOverlay();
  }

  private showLegend(focusClass: number): void {
    const label = this.ctx.store.labels[focusClass] ?? '—';
    setText(this.legend, `${label}: orange (dashed when zoomed in) = window probability, solid blue = smoothed · ● sent reply · ✕ throttled reply (their target_arg_prob on the wire)`);
  }
}
