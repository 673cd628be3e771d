/**
 * The "Hand" card: the hand as recorded (fitted to the hand or the whole image, with its picker, over
 * the frame's camera image when the session has images) and as the model sees it after normalization,
 * in 3D.
 */
import type { FrameImageMessage } from '../../protocol/messages';
import { el, setText } from '../dom';
import { FrameImages } from '../frameImages';
import type { HandFraming } from '../handFraming';
import type { Card, FrameChanges, PanelContext } from '../panelView';
import { SkeletonView } from '../skeletonView';
import type { Theme } from '../theme';
import { button, setPressed } from '../toolkit';
import type { ChoiceName } from '../viewChoices';
import { cardSection } from './cardSection';
import { choicePicker } from './choicePicker';

/** Said where the image toggle is: the detector gives no palm box or score to draw. */
const NO_PALM_BOX =
  "The palm detector's box and score are not drawn: @mediapipe/hands (the backend's Hands solution) outputs only the landmarks and handedness.";

export class HandCard implements Card<SkeletonView> {
  readonly element: HTMLElement;
  readonly view: SkeletonView;
  private readonly caption = el('figcaption', { class: 'muted small', id: 'hand-image-caption' });
  private readonly hasImages: boolean;

  constructor(private readonly ctx: PanelContext) {
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
    this.view.aspectFromImages = init.session.imageAspect === undefined;
    if (init.model) this.view.normalization = init.model.profile.normalization;
    this.hasImages = (init.session.images ?? 0) > 0;
    if (this.hasImages) this.view.images = new FrameImages((m) => ctx.post(m), () => ctx.requestDraw(false));
    const framing = choicePicker(choices, 'hand', 'Hand framing (H)', [
      { value: 'fit', label: 'fit hand' },
      { value: 'image', label: 'whole image' },
    ], 'hand-framing');
    const layers = this.hasImages
      ? [
        this.toggle('handImage', 'Image', `Camera image under the skeleton (I). ${NO_PALM_BOX}`, 'hand-show-image'),
        this.toggle('handLandmarks', 'Landmarks', 'The detected landmarks over the image', 'hand-show-landmarks'),
      ]
      : [];
    const exportButton = button(
      { label: 'PNG', ariaLabel: 'Export the hand as recorded at the playhead (with its camera image) as PNG', secondary: true, id: 'export-hand-png' },
      () => ctx.run('exportHand'),
    );
    this.element = cardSection('card-hand', 'Hand', this.hasImages ? 'camera' : '', [
      el('div', { class: 'hands' }, [
        el('figure', {}, [imageCanvas, this.caption]),
        el('figure', {}, [modelCanvas, el('figcaption', { class: 'muted small' }, ['as the model sees it (drag to rotate)'])]),
      ]),
    ], [...layers, framing, exportButton]);
    this.showChoices();
    choices.onChange((name) => {
      if (name.startsWith('hand')) this.showChoices();
    });
  }

  setTheme(theme: Theme): void {
    this.view.setTheme(theme);
  }

  render({ frame }: FrameChanges): void {
    this.view.draw(frame);
  }

  /** A frame's camera image arrived (answering the view's request). */
  receiveImage(message: FrameImageMessage): Promise<void> {
    return this.view.images?.receive(message) ?? Promise.resolve();
  }

  private toggle(name: 'handImage' | 'handLandmarks', label: string, title: string, id: string): HTMLElement {
    const { choices } = this.ctx;
    const node = button({ label, ariaLabel: title, secondary: true, pressed: choices.get(name), id }, () => choices.set(name, !choices.get(name)));
    choices.onChange((changed: ChoiceName) => {
      if (changed === name) setPressed(node, choices.get(name));
    });
    return node;
  }

  private showChoices(): void {
    const { choices } = this.ctx;
    const framing: HandFraming = choices.get('hand');
    this.view.framing = framing;
    this.view.showImage = choices.get('handImage');
    this.view.showLandmarks = choices.get('handLandmarks');
    const where = framing === 'fit' ? 'fitted to the hand' : 'whole image';
    const image = this.hasImages && this.view.showImage ? ', camera image' : '';
    setText(this.caption, `as recorded, ${where}${image}`);
  }
}
