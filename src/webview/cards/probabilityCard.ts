/**
 * The "Class probabilities" card: a chip per class (drawn as a line or not; right click focuses it), the
 * series picker, and the probability chart with its heatmap of every class.
 */
import { SLICE_MS } from '../taskSlices';
import { el } from '../dom';
import type { Card, FrameChanges, PanelContext } from '../panelView';
import { ProbabilityChart } from '../probabilityChart';
import { seriesStyle } from '../seriesStyle';
import type { Theme } from '../theme';
import { cardSection } from './cardSection';
import { choicePicker } from './choicePicker';

/** Classes drawn as lines by default: those with the highest peaks. */
const TOP_CLASSES = 5;

export class ProbabilityCard implements Card<ProbabilityChart> {
  readonly element: HTMLElement;
  readonly view: ProbabilityChart;
  /**
   * The heatmap, rebuilt as a step of its own after the lines: its cells cover every class at every frame
   * shown, and with the lines in one frame an hour's rebuild made tasks over 50 ms.
   */
  readonly drawSteps = {
    after: [{
      // A spread rebuild computes the cells in stretches of a frame's budget, continued in the next frames.
      render: (changes: FrameChanges) => {
        if (changes.held) return;
        if (!this.rebuilds(changes) && !this.view.heatmapWorkLeft && !this.heatmapOwed) return;
        this.heatmapOwed = false;
        this.view.drawHeatmap(changes.spread ? SLICE_MS : Infinity);
      },
      workLeft: () => this.view.heatmapWorkLeft || this.heatmapOwed,
    }],
  };
  /** Which line style is which model, while the session is compared with another. */
  private readonly legend = el('div', { class: 'compare-legend small', id: 'compare-legend', hidden: true });
  private legendFor = '';
  private readonly chips = el('div', { class: 'chips', role: 'group', 'aria-label': 'Classes drawn as lines', id: 'class-chips' });
  private theme: Theme;
  /** The chart was rebuilt for a resize: the heatmap's step draws it for the new width. */
  private heatmapOwed = false;
  /** The store version the shown classes were chosen for. */
  private shownFor = -1;

  constructor(private readonly ctx: PanelContext) {
    const { store, choices } = ctx;
    this.theme = ctx.theme;
    const chartCanvas = el('canvas', { id: 'probability-chart', 'aria-label': 'Per-class probabilities over time', role: 'img' });
    const focusCanvas = el('canvas', { class: 'layer', id: 'probability-focus', 'aria-hidden': 'true' });
    const heatCanvas = el('canvas', { class: 'heatmap', id: 'heatmap', 'aria-label': 'Heatmap of all classes', role: 'img' });
    const overlay = el('canvas', { class: 'overlay', id: 'probability-overlay', 'aria-hidden': 'true' });
    this.view = new ProbabilityChart(chartCanvas, focusCanvas, heatCanvas, overlay, ctx, (k) =>
      choices.set('focus', store.labels[k]),
    );
    this.view.onResizeRequest = () => ctx.requestDraw(false);
    this.view.series = choices.get('series');
    const series = choicePicker(choices, 'series', 'Probability series', [
      { value: 'window', label: 'window probabilities' },
      { value: 'smoothed', label: 'smoothed' },
    ], 'series');
    this.element = cardSection('card-probabilities', 'Class probabilities', 'wide', [
      this.legend,
      this.chips,
      el('div', { class: 'plot-stack' }, [el('div', { class: 'chart-box' }, [chartCanvas]), focusCanvas, heatCanvas, overlay]),
    ], [series]);
    choices.onChange((name) => {
      if (name === 'series') this.view.series = choices.get('series');
      else if (name === 'shown') this.chooseShown();
    });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.view.setTheme(theme);
    this.renderChips();
  }

  private renderLegend(): void {
    const compared = this.ctx.comparison.get();
    const key = compared ? `${this.ctx.init.model?.path ?? ''}|${compared.model}` : '';
    if (key === this.legendFor) return;
    this.legendFor = key;
    this.legend.hidden = !compared;
    if (!compared) return;
    const name = this.ctx.evaluation.get(0)?.model ?? (this.ctx.init.model?.path.split(/[\\/]/).pop() || 'the panel\'s model');
    this.legend.replaceChildren(
      el('span', {}, [el('span', { class: 'line-sample solid', 'aria-hidden': 'true' }), `${name} (the panel's model)`]),
      el('span', {}, [el('span', { class: 'line-sample dotted', 'aria-hidden': 'true' }), `${compared.model} (compared)`]),
    );
  }

  render(changes: FrameChanges): void {
    this.renderLegend();
    // The default lines follow the data: the classes' peaks grow as results arrive.
    if (this.ctx.store.version !== this.shownFor) {
      this.shownFor = this.ctx.store.version;
      this.chooseShown();
    }
    const resized = this.view.resizePending && !changes.held;
    if (this.rebuilds(changes) || resized) {
      this.view.focusClass = changes.focusClass;
      this.view.rebuild(false);
      if (resized) this.heatmapOwed = true;
    } else if (changes.focusChanged) this.view.setFocus(changes.focusClass);
    this.view.drawOverlay();
  }

  /** A resize's rebuild waits for the panel's next draw. */
  workLeft(): boolean {
    return this.view.resizePending;
  }

  /** A knob changes the smoothed series only: the window series' traces stay as they are. */
  private rebuilds(changes: FrameChanges): boolean {
    return changes.traces && (changes.windows || this.view.series !== 'window');
  }

  /** The lines to draw: the chosen classes, else the highest peaks. */
  private chooseShown(): void {
    const { store, choices } = this.ctx;
    const custom = choices.get('shown');
    const shown = custom
      ? custom.map((label) => store.labels.indexOf(label)).filter((k) => k >= 0)
      : store.classesByPeak().slice(0, TOP_CLASSES);
    const current = this.view.shown;
    if (shown.length === current.length && shown.every((k, i) => current[i] === k)) return;
    this.view.shown = shown;
    this.renderChips();
  }

  private toggleShown(k: number): void {
    const shown = [...this.view.shown];
    const i = shown.indexOf(k);
    if (i >= 0) shown.splice(i, 1);
    else shown.push(k);
    this.ctx.choices.set('shown', shown.map((c) => this.ctx.store.labels[c]));
  }

  private renderChips(): void {
    const chips = this.ctx.store.labels.map((label, k) => {
      const slot = this.view.shown.indexOf(k);
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
        this.ctx.choices.set('focus', label);
      });
      return chip;
    });
    this.chips.replaceChildren(...chips);
  }
}
