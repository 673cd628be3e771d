/**
 * Datasets of a Chart.js chart drawn on canvases of their own stacked over the chart's canvas, which keeps
 * the background, grid and axes. Chromium records a 2D canvas's drawing and rasterizes it at the frame's
 * commit, so a knob that changes the reply marks repaints their layer alone, not the axes and the other
 * lines. Each layer draws its datasets with Chart.js's own elements, clip and plugins (the chart's and the
 * dataset controllers' contexts swapped for the layer's meanwhile), in Chart.js's order, so the layers
 * stacked look as the chart drawn whole: the layer of the datasets Chart.js draws last is the top one.
 */
import type { Chart as ChartType, ChartMeta } from 'chart.js';
import { canvasSizedLike } from './canvasSurface';
import { chartWithLayers, clearOverChart } from './chartOverCanvas';
import { ObjectIds } from './objectIds';

/** What Chart.js keeps to itself but the layers need: its drawing context and its draw of one dataset. */
interface ChartInternals {
  ctx: CanvasRenderingContext2D;
  _drawDataset(meta: ChartMeta): void;
}

/** A dataset controller's drawing context (its own copy of the chart's). */
interface ControllerInternals {
  _ctx: CanvasRenderingContext2D;
}

interface Layer {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  datasets: readonly number[];
  /** Counts the updates of its datasets' elements (changed()). */
  version: number;
  /** What it shows (key()). */
  drawn: string;
}

export class ChartLayers {
  private readonly layers: Layer[];
  /** The layer drawing now; -1: the chart's own draw, which leaves every layer's datasets out. */
  private drawing = -1;
  private readonly ids = new ObjectIds();

  /** `layers` bottom to top, each with the indices of the datasets it draws. */
  constructor(
    private readonly chart: ChartType<'line', unknown[]>,
    layers: Array<{ canvas: HTMLCanvasElement; datasets: readonly number[] }>,
  ) {
    this.layers = layers.map(({ canvas, datasets }) => {
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('canvas 2d context is not available');
      return { canvas, ctx, datasets, version: 0, drawn: '' };
    });
  }

  /** For the chart's beforeDatasetDraw: whether the canvas drawing now draws dataset `index`. */
  draws(index: number): boolean {
    const owner = this.layers.findIndex((l) => l.datasets.includes(index));
    return owner === this.drawing;
  }

  /** Dataset `index`'s elements were computed again (for the chart's beforeDatasetUpdate). */
  changed(index: number): void {
    for (const layer of this.layers) if (layer.datasets.includes(index)) layer.version++;
  }

  /** Every layer is drawn again at the next draw() (the theme changed, say). */
  invalidate(): void {
    for (const layer of this.layers) layer.drawn = '';
  }

  /** Draws each layer whose datasets, their elements or the chart's size changed since it was last drawn. */
  draw(): void {
    this.layers.forEach((layer, i) => {
      const key = this.key(layer);
      if (key === layer.drawn) return;
      layer.drawn = key;
      this.drawLayer(layer, i);
    });
  }

  /**
   * Copies what the layers show into `into` (canvases of an earlier snapshot, reused) or new canvases, for
   * restore(): the same datasets shown again cost a copy, not Chart.js's update and Skia's raster.
   */
  snapshot(into: HTMLCanvasElement[] | null): HTMLCanvasElement[] {
    return this.layers.map((layer, i) => {
      const { canvas: copy, ctx } = sizedAgain(into?.[i], layer.canvas);
      if (copy.width > 0 && copy.height > 0) ctx.drawImage(layer.canvas, 0, 0);
      return copy;
    });
  }

  /**
   * Shows a snapshot()'s pixels again; false, and nothing done, when the layers' size changed since. Every
   * layer is drawn again at the next draw(): the chart's elements may show other datasets meanwhile.
   */
  restore(pixels: HTMLCanvasElement[]): boolean {
    if (pixels.length !== this.layers.length || pixels.some((p, i) => p.width !== this.layers[i].canvas.width || p.height !== this.layers[i].canvas.height)) return false;
    this.layers.forEach((layer, i) => {
      const { canvas, ctx } = layer;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      if (canvas.width > 0 && canvas.height > 0) ctx.drawImage(pixels[i], 0, 0);
    });
    this.invalidate();
    return true;
  }

  /** The chart with its layers over it, as one canvas (the PNG export's). */
  composite(): HTMLCanvasElement {
    return chartWithLayers(this.chart, this.layers.map((l) => l.canvas));
  }

  private key(layer: Layer): string {
    const { canvas, data } = this.chart;
    const shown = layer.datasets.map((i) => {
      const ds = data.datasets[i];
      return ds ? `${this.ids.of(ds)}${this.chart.getDatasetMeta(i).hidden ? 'h' : ''}` : '-';
    });
    return `${canvas.width}x${canvas.height} ${this.chart.currentDevicePixelRatio} ${layer.version} ${shown.join(',')}`;
  }

  private drawLayer(layer: Layer, index: number): void {
    const chart = this.chart;
    const { canvas, ctx } = layer;
    if (!clearOverChart(chart, canvas, ctx)) return;
    const internals = chart as unknown as ChartInternals;
    const own = internals.ctx;
    internals.ctx = ctx;
    this.drawing = index;
    try {
      // Chart.js draws the last of its sorted datasets first.
      const metas = chart.getSortedVisibleDatasetMetas();
      for (let i = metas.length - 1; i >= 0; i--) {
        if (!layer.datasets.includes(metas[i].index)) continue;
        const controller = metas[i].controller as unknown as ControllerInternals;
        const its = controller._ctx;
        controller._ctx = ctx;
        try {
          internals._drawDataset(metas[i]);
        } finally {
          controller._ctx = its;
        }
      }
    } finally {
      internals.ctx = own;
      this.drawing = -1;
    }
  }
}

/** `reused` cleared and sized like `source` (setting the size clears it, even when it is the same), or a new canvas. */
function sizedAgain(reused: HTMLCanvasElement | undefined, source: HTMLCanvasElement): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  if (!reused) return canvasSizedLike(source);
  reused.width = source.width;
  reused.height = source.height;
  const ctx = reused.getContext('2d');
  if (!ctx) throw new Error('canvas 2d context is not available');
  return { canvas: reused, ctx };
}
