/**
 * The timeline's label lane: the ground-truth spans (LabelSpanInfo) over session time, with their text
 * where there is room. The spans do not change with results, so the lane (its background and spans) is
 * drawn once into a canvas of the lane's rows and copied from it while the spans, the width, the
 * session's bounds and the theme stay the same: an hour's 2,880 spans took tens of ms to stroke on every
 * data rebuild. The copy lands on a lane left transparent, which gives the same pixels as drawing it there
 * (the lane is drawn shifted by whole device pixels). prepare() draws it ahead, in a task of its own.
 */
import type { LabelSpanInfo } from '../protocol/messages';
import type { Theme } from './theme';
import { withAlpha } from './theme';

export interface LaneBox {
  y: number;
  h: number;
}

/** What the lane is drawn with: the timeline's plot, its scale and colours. */
export interface LabelLaneParams {
  spans: LabelSpanInfo[];
  lane: LaneBox;
  left: number;
  plotWidth: number;
  xOfMs: (ms: number) => number;
  /** What else xOfMs depends on (the session's bounds). */
  scaleKey: string;
  theme: Theme;
}

/** What the lane's rows hold: drawn at `y0` (device pixels) of the timeline's canvas. */
interface LaneImage {
  key: string;
  spans: LabelSpanInfo[];
  canvas: HTMLCanvasElement;
  y0: number;
}

export class LabelLane {
  private cache: LaneImage | null = null;
  /** A pixel's canvas to copy the lane into once drawn: the copy makes Chromium rasterize it then. */
  private flushInto: CanvasRenderingContext2D | null = null;

  /** Draws the lane, background included, on `ctx` (whose canvas has the lane transparent). */
  draw(ctx: CanvasRenderingContext2D, p: LabelLaneParams): void {
    const image = this.image(ctx, p);
    if (!image) {
      drawLane(ctx, p);
      return;
    }
    const target = ctx.canvas;
    const rows = Math.min(image.canvas.height, target.height - image.y0);
    if (rows <= 0) return;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image.canvas, 0, 0, target.width, rows, 0, image.y0, target.width, rows);
    ctx.restore();
  }

  /**
   * Draws the lane's image for a later draw() on `ctx` with `p` (a copy then), and has it rasterized now:
   * an hour's spans are a task's worth of drawing, which the timeline's own redraw then need not hold.
   */
  prepare(ctx: CanvasRenderingContext2D, p: LabelLaneParams): void {
    const drawn = this.cache;
    const image = this.image(ctx, p);
    if (!image || image === drawn) return;
    this.flushInto ??= pixelContext();
    this.flushInto?.drawImage(image.canvas, 0, 0, 1, 1, 0, 0, 1, 1);
  }

  /** The lane's image for `ctx` and `p`, drawn again when they changed; null without a 2D context. */
  private image(ctx: CanvasRenderingContext2D, p: LabelLaneParams): LaneImage | null {
    const target = ctx.canvas;
    const transform = ctx.getTransform();
    const key = `${target.width} ${transform.a} ${transform.d} ${transform.e} ${transform.f} ${p.lane.y} ${p.lane.h} ${p.left} ${p.plotWidth} ${p.scaleKey} ${p.theme.blue} ${p.theme.foreground} ${ctx.font} ${ctx.textBaseline}`;
    const cache = this.cache;
    if (cache && cache.key === key && cache.spans === p.spans) return cache;
    // The lane's rows, a device pixel more on each side for antialiased edges.
    const y0 = Math.max(0, Math.floor(transform.d * (p.lane.y - 1) + transform.f));
    const y1 = Math.ceil(transform.d * (p.lane.y + p.lane.h + 1) + transform.f);
    if (y1 <= y0) return null;
    const canvas = cache?.canvas ?? document.createElement('canvas');
    canvas.width = target.width;
    canvas.height = y1 - y0;
    const off = canvas.getContext('2d');
    if (!off) return null;
    off.setTransform(transform.a, transform.b, transform.c, transform.d, transform.e, transform.f - y0);
    off.font = ctx.font;
    off.textBaseline = ctx.textBaseline;
    drawLane(off, p);
    this.cache = { key, spans: p.spans, canvas, y0 };
    return this.cache;
  }
}

function pixelContext(): CanvasRenderingContext2D | null {
  const canvas = document.createElement('canvas');
  canvas.width = 1;
  canvas.height = 1;
  return canvas.getContext('2d');
}

/** The lane's background and spans, as the timeline draws its lanes. */
function drawLane(ctx: CanvasRenderingContext2D, p: LabelLaneParams): void {
  const { lane, theme } = p;
  ctx.fillStyle = withAlpha(theme.foreground, 0.06);
  ctx.fillRect(p.left, lane.y, p.plotWidth, lane.h);
  ctx.save();
  ctx.beginPath();
  ctx.rect(p.left, lane.y, p.plotWidth, lane.h);
  ctx.clip();
  for (const span of p.spans) {
    const x0 = p.xOfMs(span.t0);
    const x1 = p.xOfMs(span.t1);
    ctx.fillStyle = withAlpha(theme.blue, 0.3);
    ctx.fillRect(x0, lane.y, Math.max(1, x1 - x0), lane.h);
    ctx.strokeStyle = theme.blue;
    ctx.strokeRect(x0 + 0.5, lane.y + 0.5, Math.max(1, x1 - x0 - 1), lane.h - 1);
    if (x1 - x0 > 10) {
      ctx.fillStyle = theme.foreground;
      ctx.save();
      ctx.beginPath();
      ctx.rect(x0, lane.y, x1 - x0, lane.h);
      ctx.clip();
      ctx.fillText(span.text, x0 + 3, lane.y + lane.h / 2);
      ctx.restore();
    }
  }
  ctx.restore();
}
