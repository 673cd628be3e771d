/**
 * The focused class's lines, drawn thick on a canvas of their own over a Chart.js chart whose lines are all
 * drawn thin. A focus change then strokes one or two lines on this canvas and leaves the chart's canvas
 * alone: Chromium rasterizes a 2D canvas's recorded drawing at the frame's commit, and the chart's five
 * hour-long lines drawn again cost a frame's budget there, for two lines whose width changed.
 */
import type { Chart as ChartType, LineElement } from 'chart.js';
import { chartWithLayers, clearOverChart } from './chartOverCanvas';

/** A dataset of the chart to draw thick, and how. */
export interface FocusLine {
  index: number;
  width: number;
  /**
   * Stroked as 1 px hairlines a pixel or so apart that cover `width` (a dense solid line: Skia strokes a
   * hairline many times faster than a wide line), else as one stroke of `width`.
   */
  hairlines: boolean;
}

export class FocusLineLayer {
  private readonly ctx: CanvasRenderingContext2D;

  constructor(
    private readonly chart: ChartType<'line', unknown[]>,
    readonly canvas: HTMLCanvasElement,
  ) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2d context is not available');
    this.ctx = ctx;
  }

  /** Clears the layer, sized over the chart, and strokes `lines` with their datasets' colours and dashes as Chart.js laid them out. */
  draw(lines: readonly FocusLine[]): void {
    const { chart, canvas, ctx } = this;
    if (!clearOverChart(chart, canvas, ctx)) return;
    const area = chart.chartArea;
    const ratio = chart.currentDevicePixelRatio;
    for (const line of lines) {
      const meta = chart.getDatasetMeta(line.index);
      const element = meta.dataset as LineElement | undefined;
      if (meta.hidden || !element || !element.points?.length) continue;
      const path = new Path2D();
      // Chart.js's own outline of the line (gaps, and the fast path of a dense line), into a path stroked thrice.
      element.path(path as unknown as CanvasRenderingContext2D);
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top - line.width, area.right - area.left, area.bottom - area.top + 2 * line.width);
      ctx.clip();
      ctx.strokeStyle = String(element.options.borderColor);
      ctx.lineCap = element.options.borderCapStyle;
      ctx.lineJoin = element.options.borderJoinStyle;
      if (line.hairlines) {
        ctx.lineWidth = 1;
        const half = (line.width - 1) / 2;
        for (const dy of half > 0 ? [-half, 0, half] : [0]) {
          ctx.setTransform(ratio, 0, 0, ratio, 0, ratio * dy);
          ctx.stroke(path);
        }
      } else {
        ctx.lineWidth = line.width;
        ctx.setLineDash(element.options.borderDash);
        ctx.lineDashOffset = element.options.borderDashOffset;
        ctx.stroke(path);
      }
      ctx.restore();
    }
  }

  /** The chart with this layer over it, as one canvas (the PNG export's). */
  composite(): HTMLCanvasElement {
    return chartWithLayers(this.chart, [this.canvas]);
  }
}
