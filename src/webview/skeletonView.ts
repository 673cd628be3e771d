/**
 * The hand at the playhead: left, the 21 points and bones in image coordinates as recorded (y down,
 * the image's aspect), fitted to the hand's recent extent or showing the whole image, over the frame's
 * camera image when the session has images; right, the hand as the model sees it after normalization,
 * in 3D, rotated by dragging. Depth shows as point size and shade; a few previous frames are drawn faint
 * (onion skin).
 */
import { BONES, FINGERS } from '../core/hand/topology';
import type { Normalization } from '../core/model/profile';
import { CanvasSurface, canvasSizedLike } from './canvasSurface';
import { modelView, project, VALUES_PER_FRAME, type Projected } from './handGeometry';
import { fitBoxToCanvas, fittedHandBox, wholeImageBox, type HandFraming } from './handFraming';
import type { FrameImages } from './frameImages';
import type { SessionStore } from './sessionStore';
import { alphaOf, withAlpha, type Theme } from './theme';
import { POINT_COUNT } from '../core/hand/topology';
import { drawHeatPoint, type HeatScale } from './heatScale';
import { ObjectIds } from './objectIds';

const ONION_FRAMES = 3;
const ONION_REACH = 12;

export class SkeletonView {
  private image: CanvasSurface;
  private model: CanvasSurface;
  private theme: Theme;
  private frame = 0;
  yaw = -0.5;
  pitch = 0.35;
  imageAspect = 4 / 3;
  /** The profile's normalization, applied for the model's view. */
  normalization: Normalization = 'wrist-maxabs';
  /** Where the playhead frame's points were drawn (CSS px in each canvas), for tests; null: no hand. */
  imagePoints: { x: number[]; y: number[] } | null = null;
  /** Where the whole recorded image lies (CSS px in the image canvas; beyond the canvas when fitted). */
  imageRect = { x: 0, y: 0, width: 0, height: 0 };
  /** 'fit': the hand's recent bounding box fills the view; 'image': the whole recorded image. */
  framing: HandFraming = 'fit';
  modelPoints: { x: number[]; y: number[] } | null = null;
  /** The session's camera images (null: it has none). */
  images: FrameImages | null = null;
  /** True when the session does not say its aspect: the newest camera image sets it. */
  aspectFromImages = false;
  /** The layers of the recorded view: the camera image and the landmarks. */
  showImage = true;
  showLandmarks = true;
  /** The frame whose camera image is drawn under the skeleton now (live: may be a frame or two before the playhead's, until its own arrives), for tests; null: none. */
  imageFrame: number | null = null;
  /**
   * Attribution heat for the playhead's hand (heatScale.ts): each point coloured by its score and sized by
   * its size, drawn over the finger colours; null: the finger colours.
   */
  heat: { scores: Float32Array; scale: HeatScale } | null = null;
  private drag: { x: number; y: number; yaw: number; pitch: number } | null = null;
  /** Each point's finger colour at any opacity (alphaOf), for the theme. */
  private pointColor: Array<(alpha: number) => string> = [];
  /** The axes drawn once for a rotation, size and theme, copied onto the model view each frame. */
  private axes: { key: string; canvas: HTMLCanvasElement } | null = null;
  /**
   * What each canvas shows (drawnKey) and the store's version then: a draw of the same is skipped, for a
   * canvas drawn on is rasterized again at the frame's commit (a knob change draws the panel, not the hand).
   */
  private imageDrawn = { key: '', version: -1 };
  private modelDrawn = { key: '', version: -1 };
  private readonly ids = new ObjectIds();

  constructor(imageCanvas: HTMLCanvasElement, modelCanvas: HTMLCanvasElement, private readonly store: SessionStore, theme: Theme) {
    this.theme = theme;
    this.pointColor = this.pointColors();
    this.image = new CanvasSurface(imageCanvas, () => this.draw(this.frame));
    this.model = new CanvasSurface(modelCanvas, () => this.draw(this.frame));
    modelCanvas.addEventListener('pointerdown', (e) => {
      modelCanvas.setPointerCapture(e.pointerId);
      this.drag = { x: e.clientX, y: e.clientY, yaw: this.yaw, pitch: this.pitch };
    });
    modelCanvas.addEventListener('pointermove', (e) => {
      if (!this.drag) return;
      this.yaw = this.drag.yaw + (e.clientX - this.drag.x) * 0.01;
      this.pitch = Math.max(-1.5, Math.min(1.5, this.drag.pitch + (e.clientY - this.drag.y) * 0.01));
      this.drawModel(this.frame);
    });
    const end = (e: PointerEvent): void => {
      this.drag = null;
      if (modelCanvas.hasPointerCapture(e.pointerId)) modelCanvas.releasePointerCapture(e.pointerId);
    };
    modelCanvas.addEventListener('pointerup', end);
    modelCanvas.addEventListener('pointercancel', end);
    modelCanvas.addEventListener('dblclick', () => this.resetRotation());
    modelCanvas.addEventListener('keydown', (e) => {
      const step = 0.15;
      const moves: Record<string, [number, number]> = { a: [-step, 0], d: [step, 0], w: [0, -step], s: [0, step] };
      const move = moves[e.key.toLowerCase()];
      if (!move) return;
      this.yaw += move[0];
      this.pitch = Math.max(-1.5, Math.min(1.5, this.pitch + move[1]));
      this.drawModel(this.frame);
      e.stopPropagation();
    });
  }

  resetRotation(): void {
    this.yaw = -0.5;
    this.pitch = 0.35;
    this.drawModel(this.frame);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.invalidate();
    this.pointColor = this.pointColors();
    this.draw(this.frame);
  }

  private fingerColor(point: number): string {
    const t = this.theme;
    if (point === 0) return t.foreground;
    if (FINGERS.thumb.includes(point)) return t.red;
    if (FINGERS.index.includes(point)) return t.orange;
    if (FINGERS.middle.includes(point)) return t.green;
    if (FINGERS.ring.includes(point)) return t.blue;
    return t.purple;
  }

  private pointColors(): Array<(alpha: number) => string> {
    return Array.from({ length: POINT_COUNT }, (_, i) => alphaOf(this.fingerColor(i)));
  }

  /** Earlier frames with a hand, nearest first, within a short reach. */
  private onionFrames(frame: number): number[] {
    const out: number[] = [];
    for (let f = frame - 1; f >= 0 && f >= frame - ONION_REACH && out.length < ONION_FRAMES; f--) {
      if (this.store.hasHand[f]) out.push(f);
    }
    return out;
  }

  draw(frame: number): void {
    this.frame = frame;
    this.drawImage(frame);
    this.drawModel(frame);
  }

  /** Both canvases are drawn at the next draw, even when it shows what they show (their pixels were lost, say). */
  invalidate(): void {
    this.imageDrawn.key = '';
    this.modelDrawn.key = '';
  }

  /**
   * False when `drawn` shows `parts` of `surface` already and the store changed since in the knobs' columns
   * alone (the landmarks are as they were); otherwise notes them as drawn and gives true.
   */
  private needsDraw(drawn: { key: string; version: number }, surface: CanvasSurface, parts: unknown[]): boolean {
    const { canvas, width, height } = surface;
    const heat = this.heat ? `${this.ids.of(this.heat.scores)} ${this.heat.scale.max}` : '-';
    const key = [canvas.width, canvas.height, width, height, heat, ...parts].join(' ');
    const unchanged = key === drawn.key && this.store.partsChangedSince(drawn.version) !== null;
    drawn.key = key;
    drawn.version = this.store.version;
    return !unchanged;
  }

  private noHand(surface: CanvasSurface, onImage = false): void {
    const { ctx, width, height } = surface;
    const text = this.store.frameCount === 0 ? 'no frames' : 'no hand';
    ctx.font = `13px ${this.theme.fontFamily}`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    if (onImage) {
      // On a photo the label sits on a plate of the theme's background, so it reads on any image.
      const w = ctx.measureText(text).width + 14;
      ctx.fillStyle = withAlpha(this.theme.background, 0.85);
      ctx.fillRect(width / 2 - w / 2, height / 2 - 11, w, 22);
    }
    ctx.fillStyle = onImage ? this.theme.foreground : this.theme.muted;
    ctx.fillText(text, width / 2, height / 2);
    ctx.textAlign = 'left';
  }

  /** The recorded view as drawn (camera image, skeleton) on the theme's background, as a PNG data URL. */
  imagePng(): string {
    const source = this.image.canvas;
    const { canvas, ctx } = canvasSizedLike(source);
    ctx.fillStyle = this.theme.background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, 0, 0);
    return canvas.toDataURL('image/png');
  }

  private drawHand(surface: CanvasSurface, p: Projected, alpha: number, depthRange: [number, number], onImage = false): void {
    const { ctx } = surface;
    const [dMin, dMax] = depthRange;
    const depth01 = (d: number): number => (dMax > dMin ? (d - dMin) / (dMax - dMin) : 0.5);
    if (onImage && alpha === 1) {
      // A dark halo under the bones keeps them readable on a bright or busy photo, in any theme.
      ctx.lineWidth = 4;
      ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
      strokeBones(ctx, p);
    }
    ctx.lineWidth = alpha < 1 ? 1 : 2;
    ctx.strokeStyle = onImage ? `rgba(255, 255, 255, ${0.85 * alpha})` : withAlpha(this.theme.foreground, 0.75 * alpha);
    strokeBones(ctx, p);
    // Point size follows the hand's size on screen, so a small hand is not hidden under its dots.
    let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
    for (let i = 0; i < POINT_COUNT; i++) {
      minX = Math.min(minX, p.x[i]);
      maxX = Math.max(maxX, p.x[i]);
      minY = Math.min(minY, p.y[i]);
      maxY = Math.max(maxY, p.y[i]);
    }
    const base = Math.max(1.5, Math.min(3.5, Math.hypot(maxX - minX, maxY - minY) / 45));
    const heat = alpha === 1 ? this.heat : null;
    // With heat, the points that matter most go on top; otherwise the nearest.
    const order = heat
      ? [...Array(POINT_COUNT).keys()].sort((a, b) => heat.scale.weight(heat.scores[a]) - heat.scale.weight(heat.scores[b]))
      : [...Array(POINT_COUNT).keys()].sort((a, b) => p.depth[a] - p.depth[b]);
    for (const i of order) {
      const near = depth01(p.depth[i]);
      if (heat) {
        drawHeatPoint(ctx, p.x[i], p.y[i], base, heat.scores[i], heat.scale, this.theme);
        continue;
      }
      const r = alpha < 1 ? base * 0.7 : base * (0.8 + near * 0.9);
      ctx.fillStyle = this.pointColor[i](alpha * (0.55 + 0.45 * near));
      ctx.beginPath();
      ctx.arc(p.x[i], p.y[i], r, 0, Math.PI * 2);
      ctx.fill();
    }
  }

  private drawImage(frame: number): void {
    const surface = this.image;
    const { ctx, width, height } = surface;
    const natural = this.images?.naturalSize;
    // Follows the newest image: a live panel's next client may have another camera.
    if (this.aspectFromImages && natural) this.imageAspect = natural.width / natural.height;
    const aspect = this.imageAspect > 0 ? this.imageAspect : 4 / 3;
    // Images go by the session's frame numbers (a live store that dropped its oldest frames is offset).
    const shown = this.images && this.showImage ? this.images.want(this.store.sessionFrame(frame)) : null;
    const bitmap = shown?.bitmap ?? null;
    if (!this.needsDraw(this.imageDrawn, surface, [frame, aspect, this.framing, this.showImage, this.showLandmarks, this.ids.of(bitmap), shown?.frame ?? -1])) return;
    surface.clear();
    const box = (this.framing === 'fit' ? fittedHandBox(this.store.landmarks, this.store.hasHand, frame, aspect) : null) ?? wholeImageBox(aspect);
    const { scale, originX, originY } = fitBoxToCanvas(box, width, height, 4);
    const w = aspect * scale;
    const h = scale;
    this.imageFrame = shown ? shown.frame - this.store.sessionFrame(0) : null;
    if (bitmap) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(originX, originY, w, h);
      ctx.clip();
      ctx.drawImage(bitmap, originX, originY, w, h);
      ctx.restore();
    }
    ctx.strokeStyle = this.theme.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(originX + 0.5, originY + 0.5, w - 1, h - 1);
    this.imagePoints = null;
    this.imageRect = { x: originX, y: originY, width: w, height: h };
    if (!this.store.hasHand[frame]) {
      this.noHand(surface, bitmap !== null);
      return;
    }
    if (!this.showLandmarks) return;
    const toScreen = (f: number): Projected => {
      const base = f * VALUES_PER_FRAME;
      const x = new Float32Array(POINT_COUNT), y = new Float32Array(POINT_COUNT), depth = new Float32Array(POINT_COUNT);
      for (let i = 0; i < POINT_COUNT; i++) {
        x[i] = originX + this.store.landmarks[base + i * 3] * w;
        y[i] = originY + this.store.landmarks[base + i * 3 + 1] * h;
        depth[i] = -this.store.landmarks[base + i * 3 + 2];
      }
      return { x, y, depth };
    };
    const current = toScreen(frame);
    const range = depthRange(current);
    ctx.save();
    ctx.beginPath();
    ctx.rect(originX, originY, w, h);
    ctx.clip();
    // Earlier frames' hands would not match the camera image under them.
    if (!bitmap) for (const f of this.onionFrames(frame).reverse()) this.drawHand(surface, toScreen(f), 0.25, range);
    this.drawHand(surface, current, 1, range, bitmap !== null);
    ctx.restore();
    this.imagePoints = { x: [...current.x], y: [...current.y] };
  }

  private drawModel(frame: number): void {
    const surface = this.model;
    const { width, height } = surface;
    if (!this.needsDraw(this.modelDrawn, surface, [frame, this.yaw, this.pitch, this.normalization])) return;
    surface.clear();
    this.modelPoints = null;
    const cx = width / 2;
    const cy = height / 2;
    const scale = Math.min(width, height) * 0.62;
    this.drawAxes();
    const points = modelView(this.store.landmarks, frame, this.normalization);
    if (!points || !this.store.hasHand[frame]) {
      this.noHand(surface);
      return;
    }
    // Centre the hand (wrist-relative coordinates keep the wrist at the origin, off-centre on screen).
    const centre = [0, 0, 0];
    for (let i = 0; i < POINT_COUNT; i++) for (let a = 0; a < 3; a++) centre[a] += points[i * 3 + a] / POINT_COUNT;
    const centred = (pts: Float32Array): Float32Array => pts.map((v, i) => v - centre[i % 3]);
    const current = project(centred(points), this.yaw, this.pitch, cx, cy, scale);
    const range = depthRange(current);
    for (const f of this.onionFrames(frame).reverse()) {
      const previous = modelView(this.store.landmarks, f, this.normalization);
      if (previous) this.drawHand(surface, project(centred(previous), this.yaw, this.pitch, cx, cy, scale), 0.25, range);
    }
    this.drawHand(surface, current, 1, range);
    this.modelPoints = { x: [...current.x], y: [...current.y] };
  }

  /** Small x/y/z axes so the rotation is readable (drawn again only when the rotation, size or theme changed). */
  private drawAxes(): void {
    const { canvas, width, height } = this.model;
    const dpr = window.devicePixelRatio || 1;
    const key = `${this.yaw} ${this.pitch} ${canvas.width}x${canvas.height} ${width}x${height} ${dpr} ${this.theme.muted} ${this.theme.fontFamily}`;
    if (this.axes?.key !== key) {
      const cached = this.axes?.canvas ?? document.createElement('canvas');
      cached.width = canvas.width;
      cached.height = canvas.height;
      const ctx = cached.getContext('2d');
      if (!ctx) throw new Error('canvas 2d context is not available');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      this.drawAxesOn(ctx);
      this.axes = { key, canvas: cached };
    }
    const ctx = this.model.ctx;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.axes.canvas, 0, 0);
    ctx.restore();
  }

  private drawAxesOn(ctx: CanvasRenderingContext2D): void {
    const axes = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const p = project(axes, this.yaw, this.pitch, 0, 0, 14);
    const ox = 16;
    const oy = this.model.height - 16;
    ctx.lineWidth = 1;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.font = `10px ${this.theme.fontFamily}`;
    ['x', 'y', 'z'].forEach((name, i) => {
      ctx.strokeStyle = withAlpha(this.theme.muted, 0.8);
      ctx.beginPath();
      ctx.moveTo(ox + p.x[0], oy + p.y[0]);
      ctx.lineTo(ox + p.x[i + 1], oy + p.y[i + 1]);
      ctx.stroke();
      ctx.fillStyle = this.theme.muted;
      ctx.fillText(name, ox + p.x[i + 1] + 2, oy + p.y[i + 1]);
    });
  }
}

/**
 * The bones as one path, stroked once: a stroke per bone was 21 of the view's drawing calls per hand,
 * and a playing view draws eight hands a frame (the onion skin's too). Where two bones meet, the joint is
 * covered once rather than twice (a translucent stroke reads a shade lighter there), under the point.
 */
function strokeBones(ctx: CanvasRenderingContext2D, p: Projected): void {
  ctx.beginPath();
  for (const [a, b] of BONES) {
    ctx.moveTo(p.x[a], p.y[a]);
    ctx.lineTo(p.x[b], p.y[b]);
  }
  ctx.stroke();
}

function depthRange(p: Projected): [number, number] {
  let min = Infinity, max = -Infinity;
  for (const d of p.depth) {
    if (d < min) min = d;
    if (d > max) max = d;
  }
  return [min, max];
}
