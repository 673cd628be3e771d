/**
 * The "Hand" card: the hand as recorded (fitted to the hand or the whole image, with its picker) and as
 * the model sees it after normalization, in 3D.
 */
import { el, setText } from '../dom';
import type { HandFraming } from '../handFraming';
import type { Card, FrameChanges, PanelContext } from '../panelView';
import { SkeletonView } from '../skeletonView';
import type { Theme } from '../theme';
import { cardSection } from './cardSection';
import { choicePicker } from './choicePicker';

export class HandCard implements Card<SkeletonView> {
  readonly element: HTMLElement;
  readonly view: SkeletonView;
  private readonly caption = el('figcaption', { class: 'muted small', id: 'hand-image-caption' });

  constructor(ctx: PanelContext) {
    const { choices, init } = ctx;
    const imageCanvas = el('canvas', { class: 'hand', id: 'hand-image', 'aria-label': 'Hand in image coordinates', role: 'img' });
    const modelCanvas = el('canvas', {
      class: 'hand rotatable',
      id: 'hand-model',
      tabindex: 0,
      'aria-label': 'Hand as the model sees it; drag or W A S D to rotate',
      role: 'img',
    });
    this.view = new SkeletonView(imageCanvas, modelCanvas, ctx.store, ctx.theme);
    this.view.imageAspect = init.session.imageAspect ?? 4 / 3;
    if (init.model) this.view.normalization = init.model.profile.normalization;
    const framing = choicePicker(choices, 'hand', 'Hand framing (H)', [
      { value: 'fit', label: 'fit hand' },
      { value: 'image', label: 'whole image' },
    ], 'hand-framing');
    this.element = cardSection('card-hand', 'Hand', '', [
      el('div', { class: 'hands' }, [
        el('figure', {}, [imageCanvas, this.caption]),
        el('figure', {}, [modelCanvas, el('figcaption', { class: 'muted small' }, ['as the model sees it (drag to rotate)'])]),
      ]),
    ], [framing]);
    this.showFraming(choices.get('hand'));
    choices.onChange((name) => {
      if (name === 'hand') this.showFraming(choices.get('hand'));
    });
  }

  setTheme(theme: Theme): void {
    this.view.setTheme(theme);
  }

  render({ frame }: FrameChanges): void {
    this.view.draw(frame);
  }

  private showFraming(framing: HandFraming): void {
    this.view.framing = framing;
    setText(this.caption, framing === 'fit' ? 'as recorded, fitted to the hand' : 'as recorded, whole image');
  }
}
