/**
 * The timeline's label lane: the ground-truth spans (LabelSpanInfo) over session time, with their text
 * where there is room. The spans do not change with results, so the lane (its background and spans) is
 * drawn once into a canvas of the timeline's size and copied from it while the spans, the size, the
 * session's bounds and the theme stay the same: an hour's 2,880 spans took tens of ms to stroke on every
 * data rebuild. The copy lands on a lane left transparent, which gives the same pixels as drawing it there.
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

export class LabelLane {
  private cache: { key: string; spans: LabelSpanInfo[]; canvas: HTMLCanvasElement } | null = null;

  /** Draws the lane, background included, on `ctx` (whose canvas has the lane transparent). */
  draw(ctx: CanvasRenderingContext2D, p: LabelLaneParams): void {
    const target = ctx.canvas;
    const transform = ctx.getTransform();
    const key = `${target.width}x${target.height} ${transform.a} ${transform.d} ${p.lane.y} ${p.lane.h} ${p.left} ${p.plotWidth} ${p.scaleKey} ${p.theme.blue} ${p.theme.foreground} ${ctx.font}`;
    let cache = this.cache;
    if (!cache || cache.key !== key || cache.spans !== p.spans) {
      const canvas = cache?.canvas ?? document.createElement('canvas');
      canvas.width = target.width;
      canvas.height = target.height;
      const off = canvas.getContext('2d');
      if (!off) {
        drawLane(ctx, p);
        return;
      }
      off.setTransform(transform);
      off.font = ctx.font;
      off.textBaseline = ctx.textBaseline;
      drawLane(off, p);
      cache = { key, spans: p.spans, canvas };
      this.cache = cache;
    }
    // The lane's rows, a device pixel more on each side for antialiased edges, copied 1:1.
    const y0 = Math.max(0, Math.floor(transform.d * (p.lane.y - 1) + transform.f));
    const y1 = Math.min(target.height, Math.ceil(transform.d * (p.lane.y + p.lane.h + 1) + transform.f));
    if (y1 <= y0) return;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(cache.canvas, 0, y0, target.width, y1 - y0, 0, y0, target.width, y1 - y0);
    ctx.restore();
  }
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
