/**
 * The "Why" card, under the probability chart: the occlusion attribution of the window ending at the
 * playhead (docs/attribution.md) for the class picked (the window's predicted class by default), as a strip
 * of the window's frames with its legend; the same scores colour the points of the hand views (handCard.ts).
 */
import { POINT_NAMES } from '../../core/hand/topology';
import { PREDICTED, type Attribution, type AttributionAtFrame } from '../attribution';
import { AttributionStrip } from '../attributionStrip';
import { el, setText } from '../dom';
import { HeatLegend, formatScore, heatScale } from '../heatScale';
import type { Card, FrameChanges, PanelContext } from '../panelView';
import type { Theme } from '../theme';
import { dropdown } from '../toolkit';
import { cardSection } from './cardSection';

export interface AttributionCardView {
  readonly strip: AttributionStrip;
  readonly legend: HeatLegend;
  /** What the card shows now. */
  current: AttributionAtFrame;
  /** The caption's text. */
  readonly caption: HTMLElement;
  readonly attribution: Attribution;
}

export class AttributionCard implements Card<AttributionCardView> {
  readonly element: HTMLElement;
  readonly view: AttributionCardView;
  private theme: Theme;
  private shown: AttributionAtFrame | null = null;

  constructor(private readonly ctx: PanelContext, attribution: Attribution) {
    this.theme = ctx.theme;
    const canvas = el('canvas', { class: 'attribution-strip', id: 'attribution-strip', role: 'img', 'aria-label': "Each frame of the model window's effect on the class" });
    const caption = el('p', { class: 'small attribution-caption', id: 'attribution-caption', 'aria-live': 'polite' });
    const legend = new HeatLegend('attribution-strip-legend', 'the frame', false);
    this.view = { strip: new AttributionStrip(canvas, ctx.theme), legend, current: { kind: 'off' }, caption, attribution };
    const picker = dropdown(
      'Class to explain',
      [{ value: PREDICTED, label: 'predicted class' }, ...ctx.store.labels.map((l) => ({ value: l, label: l }))],
      attribution.pickedClass,
      (value) => attribution.pick(value),
      'attribution-class',
    );
    attribution.onPick(() => picker.setValue(attribution.pickedClass));
    this.element = cardSection('card-attribution', 'Why: the window at the playhead', 'wide', [
      caption,
      el('div', { class: 'attribution-strip-box' }, [
        el('span', { class: 'muted small strip-axis' }, ['window frames, oldest → playhead']),
        canvas,
      ]),
      legend.element,
    ], [picker.element]);
    this.element.hidden = !attribution.enabled;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.view.strip.setTheme(theme);
    this.shown = null;
  }

  render({ frame }: FrameChanges): void {
    const at = this.view.attribution.at(frame);
    this.view.current = at;
    if (at === this.shown) return;
    // A pending window keeps the last one drawn (dimmed) rather than flashing empty while the playhead moves.
    this.element.classList.toggle('attribution-pending', at.kind === 'pending');
    if (at.kind === 'pending') {
      setText(this.view.caption, `Attributing the window ending at frame ${at.frame}…`);
      return;
    }
    this.shown = at;
    if (at.kind !== 'ready') {
      setText(this.view.caption, at.kind === 'none' ? at.reason : '');
      this.view.strip.show(null, null, 0);
      this.view.legend.update(null, '', this.theme);
      return;
    }
    const labels = this.ctx.store.labels;
    const label = labels[at.scores.classIndex];
    const { frames, landmarks, baseline } = at.scores;
    const top = landmarks.reduce((best, v, i) => (Math.abs(v) > Math.abs(landmarks[best]) ? i : best), 0);
    const topFrame = frames.length ? frames.reduce((best, v, i) => (Math.abs(v) > Math.abs(frames[best]) ? i : best), 0) : -1;
    const parts = [
      `Window ending at frame ${at.frame} (frames ${at.windowFrames[0]}–${at.frame}): P(${label}) = ${baseline.toFixed(3)}`,
      at.predicted === at.scores.classIndex ? 'the predicted class' : `predicted ${labels[at.predicted]}`,
      `most: ${POINT_NAMES[top].toLowerCase().replace(/_/g, ' ')} (${formatScore(landmarks[top])})`,
    ];
    if (topFrame >= 0) parts.push(`frame ${at.windowFrames[topFrame]} (${formatScore(frames[topFrame])})`);
    setText(this.view.caption, parts.join(' · '));
    this.view.strip.show(frames, at.windowFrames, at.maxFrames);
    this.view.legend.update(frames.length ? heatScale(at.maxFrames, this.theme) : null, label, this.theme);
  }
}
