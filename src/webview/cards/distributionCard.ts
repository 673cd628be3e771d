/** The "Distribution at the playhead" card: every class's probability at the playhead frame. */
import { el } from '../dom';
import { DistributionBars } from '../distributionBars';
import type { Card, FrameChanges, PanelContext } from '../panelView';
import type { Theme } from '../theme';
import { cardSection } from './cardSection';

export class DistributionCard implements Card<DistributionBars> {
  readonly element: HTMLElement;
  readonly view: DistributionBars;

  constructor(ctx: PanelContext) {
    const canvas = el('canvas', { class: 'bars', id: 'distribution', 'aria-label': 'Distribution at the playhead', role: 'img' });
    this.view = new DistributionBars(canvas, ctx.store, ctx.theme);
    this.element = cardSection('card-distribution', 'Distribution at the playhead', '', [
      canvas,
      el('p', { class: 'muted small legend' }, ['bars: smoothed · orange tick: window · outline: target']),
    ]);
  }

  setTheme(theme: Theme): void {
    this.view.setTheme(theme);
  }

  render({ frame, focusClass }: FrameChanges): void {
    this.view.focusClass = focusClass;
    this.view.draw(frame);
  }
}
