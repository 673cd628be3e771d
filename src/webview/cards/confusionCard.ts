/**
 * The "Confusion matrix" card: the heatmap of the panel model's confusion (confusionHeatmap.ts) and,
 * once a cell was clicked, which of its frames the playhead is on ("k of n") with buttons to step
 * through them. Clicking the same cell again goes to its next frame.
 */
import { el, setText } from '../dom';
import { ConfusionHeatmap } from '../confusionHeatmap';
import type { CellSteps } from '../evaluationState';
import type { Card, PanelContext } from '../panelView';
import type { Theme } from '../theme';
import { button } from '../toolkit';
import { cardSection } from './cardSection';

export class ConfusionCard implements Card<ConfusionHeatmap> {
  readonly element: HTMLElement;
  readonly view: ConfusionHeatmap;
  private readonly steps = el('span', { class: 'cell-steps', id: 'cell-steps', 'aria-live': 'polite' });
  private readonly caption = el('p', { class: 'muted small confusion-caption' });

  constructor(private readonly ctx: PanelContext) {
    const canvas = el('canvas', { class: 'confusion', id: 'confusion', role: 'img', 'aria-label': 'Confusion matrix: labels by rows, predictions by columns' });
    this.view = new ConfusionHeatmap(canvas, ctx.theme, (label, prediction) => this.step(label, prediction, 1));
    const prev = button({ label: '◀', ariaLabel: 'Previous frame of the selected cell', secondary: true, id: 'cell-prev' }, () => this.stepSelected(-1));
    const next = button({ label: '▶', ariaLabel: 'Next frame of the selected cell', secondary: true, id: 'cell-next' }, () => this.stepSelected(1));
    this.element = cardSection('card-confusion', 'Confusion matrix', 'wide', [
      canvas,
      this.caption,
      el('div', { class: 'cell-steps-row' }, [prev, next, this.steps]),
    ]);
    ctx.evaluation.onChange((slot) => {
      if (slot === 0) this.show();
    });
    this.show();
  }

  setTheme(theme: Theme): void {
    this.view.setTheme(theme);
  }

  render(): void {
    // Drawn when the evaluation or the selected cell changes.
  }

  private show(): void {
    const shown = this.ctx.evaluation.get(0);
    this.view.setMatrix(shown?.figures.confusion ?? null);
    setText(
      this.caption,
      shown
        ? `Scored frames of “${shown.model}” by label (rows) and prediction (columns), over the classes labelled or predicted; colour: share of the label's frames. Click a cell to step through its frames.`
        : 'No evaluation yet: it needs label lines in the session and a finished analysis.',
    );
    setText(this.steps, '');
  }

  private stepSelected(dir: 1 | -1): void {
    const cell = this.ctx.evaluation.cell;
    if (cell) this.step(cell.label, cell.prediction, dir);
  }

  private step(label: number, prediction: number, dir: 1 | -1): void {
    const steps = this.ctx.evaluation.stepCell(0, label, prediction, dir);
    this.view.select({ label, prediction });
    if (!steps) {
      setText(this.steps, `${this.view.describe(label, prediction)}: no frame to go to.`);
      return;
    }
    const { playback } = this.ctx;
    playback.pause();
    playback.seek(steps.frames[steps.index]);
    setText(this.steps, stepText(steps, this.ctx.evaluation.get(0)?.figures.confusion.labels ?? []));
  }
}

function stepText(steps: CellSteps, labels: readonly string[]): string {
  const what = steps.label === steps.prediction ? `“${labels[steps.label]}” read correctly` : `“${labels[steps.label]}” read as “${labels[steps.prediction]}”`;
  return `${what}: frame ${steps.frames[steps.index]}, ${steps.index + 1} of ${steps.frames.length}`;
}
