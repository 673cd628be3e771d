/**
 * Canvases stacked exactly over a Chart.js chart's canvas (its layers): sized like it, and drawn with it into
 * one canvas for a PNG export.
 */
import type { Chart as ChartType } from 'chart.js';
import { canvasSizedLike } from './canvasSurface';

/**
 * Gives `canvas` the chart's backing store and CSS size, clears it and sets `ctx` to the chart's pixel ratio;
 * false when the chart has no plot to draw over yet.
 */
export function clearOverChart(chart: ChartType<'line', unknown[]>, canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D): boolean {
  if (canvas.width !== chart.canvas.width) canvas.width = chart.canvas.width;
  if (canvas.height !== chart.canvas.height) canvas.height = chart.canvas.height;
  const width = `${chart.width}px`;
  const height = `${chart.height}px`;
  if (canvas.style.width !== width) canvas.style.width = width;
  if (canvas.style.height !== height) canvas.style.height = height;
  const ratio = chart.currentDevicePixelRatio;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, chart.width, chart.height);
  return chart.width > 0 && chart.height > 0 && Boolean(chart.chartArea);
}

/** The chart with `layers` over it, bottom to top, as one canvas. */
export function chartWithLayers(chart: ChartType<'line', unknown[]>, layers: readonly HTMLCanvasElement[]): HTMLCanvasElement {
  const { canvas, ctx } = canvasSizedLike(chart.canvas);
  ctx.drawImage(chart.canvas, 0, 0);
  for (const layer of layers) if (layer.width > 0 && layer.height > 0) ctx.drawImage(layer, 0, 0);
  return canvas;
}
