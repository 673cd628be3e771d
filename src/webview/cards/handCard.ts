/**
 * The "Hand" card: the hand as recorded (fitted to the hand or the whole image, with its picker, over
 * the frame's camera image when the session has images, or in a live panel when the followed client
 * sends camera frames) and as the model sees it after normalization, in 3D. In a replay, both show the attribution of the window ending at the playhead as heat on the points
 * (attribution.ts), with its legend; the Heat button turns it off.
 */
import type { FrameImageMessage } from '../../protocol/messages';
import { el, setText } from '../dom';
import { FrameImages, LIVE_IMAGES } from '../frameImages';
import type { HandFraming } from '../handFraming';
import type { Card, FrameChanges, PanelContext } from '../panelView';
import { SkeletonView } from '../skeletonView';
import type { Theme } from '../theme';
import { button, setPressed } from '../toolkit';
import type { ChoiceName } from '../viewChoices';
import { cardSection } from './cardSection';
import type { Attribution } from '../attribution';
import { HeatLegend, heatScale } from '../heatScale';
import { choicePicker } from './choicePicker';

/** Said where the image toggle is: the detector gives no palm box or score to draw. */
const NO_PALM_BOX =
  "The palm detector's box and score are not drawn: @mediapipe/hands (the backend's Hands solution) outputs only the landmarks and handedness.";

export class HandCard implements Card<SkeletonView> {
  readonly element: HTMLElement;
  readonly view: SkeletonView;
  private readonly caption = el('figcaption', { class: 'muted small', id: 'hand-image-caption' });
  /** A replay whose session has images; a live panel always (whether a client sends them shows as it streams). */
  private readonly hasImages: boolean;
  private readonly live: boolean;
  private readonly layerToggles: HTMLElement[];
  readonly legend = new HeatLegend('hand-heat-legend', 'the point', true);
  /** The user's Heat toggle. */
  heatOn = true;
  private theme: Theme;

  constructor(private readonly ctx: PanelContext, private readonly attribution: Attribution) {
    this.theme = ctx.theme;
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
    this.live = init.mode === 'live';
    this.hasImages = this.live || (init.session.images ?? 0) > 0;
    if (this.hasImages) this.view.images = new FrameImages((m) => ctx.post(m), () => ctx.requestDraw(false), this.live ? LIVE_IMAGES : undefined);
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
    this.layerToggles = layers;
    const exportButton = button(
      { label: 'PNG', ariaLabel: 'Export the hand as recorded at the playhead (with its camera image) as PNG', secondary: true, id: 'export-hand-png' },
      () => ctx.run('exportHand'),
    );
    const heatToggle = button(
      { label: 'Heat', ariaLabel: 'Attribution heat on the points', title: 'Colour the points by their attribution (the window at the playhead)', pressed: true, secondary: true, id: 'hand-heat' },
      () => {
        this.heatOn = !this.heatOn;
        setPressed(heatToggle, this.heatOn);
        ctx.requestDraw(false);
      },
    );
    heatToggle.hidden = !attribution.enabled;
    this.element = cardSection('card-hand', 'Hand', this.hasImages && !this.live ? 'camera' : '', [
      el('div', { class: 'hands' }, [
        el('figure', {}, [imageCanvas, this.caption]),
        el('figure', {}, [modelCanvas, el('figcaption', { class: 'muted small' }, ['as the model sees it (drag to rotate)'])]),
      ]),
      this.legend.element,
    ], [heatToggle, ...layers, framing, exportButton]);
    this.legend.element.hidden = true;
    this.showChoices();
    choices.onChange((name) => {
      if (name.startsWith('hand')) this.showChoices();
    });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.view.setTheme(theme);
  }

  render({ frame }: FrameChanges): void {
    this.showHeat(frame);
    this.showLayers();
    this.view.draw(frame);
    this.showCaption(frame);
  }

  /** Camera images to show: the session's, or the followed live client's when it sends camera frames. */
  private camera(): boolean {
    return this.live ? this.ctx.store.camera === true : this.hasImages;
  }

  /** The heat of the window ending at `frame`; while it is being computed, the last one stays. */
  private showHeat(frame: number): void {
    const at = this.heatOn ? this.attribution.at(frame) : null;
    if (at?.kind === 'pending') return;
    if (at?.kind !== 'ready') {
      this.view.heat = null;
      this.legend.update(null, '', this.theme);
      return;
    }
    const scale = heatScale(at.maxLandmarks, this.theme);
    this.view.heat = { scores: at.scores.landmarks, scale };
    this.legend.update(scale, this.ctx.store.labels[at.scores.classIndex], this.theme);
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
    this.showLayers();
    this.view.showLandmarks = choices.get('handLandmarks');
    this.showCaption(this.ctx.playback.frame);
  }

  /**
   * The Image and Landmarks toggles show only with camera images: a live client that sends landmarks has
   * none, and the card says so instead. With images the recorded view is the larger one.
   */
  private showLayers(): void {
    const camera = this.camera();
    this.view.showImage = camera && this.ctx.choices.get('handImage');
    for (const node of this.layerToggles) if (node.hidden === camera) node.hidden = !camera;
    if (this.live && this.element.classList.contains('camera') !== camera) this.element.classList.toggle('camera', camera);
  }

  private showCaption(frame: number): void {
    const where = this.view.framing === 'fit' ? 'fitted to the hand' : 'whole image';
    let image = '';
    if (this.camera() && this.view.showImage) {
      // A live panel keeps the last few seconds of images: scrubbed back further, the frame's is gone.
      image = this.live && this.view.imageFrame === null && this.view.images?.hasNone(this.ctx.store.sessionFrame(frame)) ? ', camera image no longer kept' : ', camera image';
    } else if (this.live && this.ctx.store.camera === false) {
      image = ' · landmarks only: this client sends no camera image';
    }
    setText(this.caption, `as recorded, ${where}${image}`);
  }
}
