/**
 * What the charts over session time share (the probability and smoothing charts): a Chart.js line
 * chart whose x axis is the shared time view in seconds, rebuilt when its box resizes, and an overlay
 * canvas above it for the playhead, so a playhead move redraws only the overlay.
 */
import type { Chart as ChartType, Plugin } from 'chart.js';
import { applyAxisTheme, createTimeChart } from './chartSetup';
import { CanvasSurface } from './canvasSurface';
import type { Point } from './decimate';
import type { TimeContext } from './panelView';
import type { Playback } from './playback';
import type { SessionStore } from './sessionStore';
import type { Theme } from './theme';
import type { TimeView } from './timeView';

export abstract class TimeChart {
  readonly chart: ChartType<'line', Point[]>;
  protected readonly overlay: CanvasSurface;
  protected readonly store: SessionStore;
  protected readonly playback: Playback;
  protected readonly view: TimeView;
  protected theme: Theme;
  /** The playhead's x on the overlay (CSS px, relative to the chart canvas), for tests. */
  cursorX = NaN;

  constructor(chartCanvas: HTMLCanvasElement, overlayCanvas: HTMLCanvasElement, ctx: TimeContext, lineWidth: number | undefined) {
    this.store = ctx.store;
    this.playback = ctx.playback;
    this.view = ctx.view;
    this.theme = ctx.theme;
    const afterDraw: Plugin<'line'> = {
      id: 'landmarkLensAfterDatasets',
      afterDatasetsDraw: (chart) => this.afterDatasetsDraw(chart as ChartType<'line', Point[]>),
    };
    this.chart = createTimeChart(chartCanvas, () => this.theme, lineWidth, [afterDraw]);
    this.overlay = new CanvasSurface(overlayCanvas, () => this.drawOverlay());
    this.chart.options.onResize = () => requestAnimationFrame(() => this.rebuild());
    this.applyTheme();
  }

  /** Rebuilds the traces for the current view (zoom/pan, data or what is shown changed). */
  abstract rebuild(): void;

  /** Draws the playhead (and what else moves with it) on the overlay. */
  abstract drawOverlay(): void;

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.applyTheme();
    this.rebuild();
  }

  protected applyTheme(): void {
    applyAxisTheme(this.chart, this.theme);
  }

  /** Draws over the lines once Chart.js drew them (labels, say); nothing by default. */
  protected afterDatasetsDraw(_chart: ChartType<'line', Point[]>): void {}

  /** Session time (ms) to the x axis' seconds from the first frame. */
  protected toX = (ms: number): number => (ms - this.store.originMs()) / 1000;

  /** The chart's x pixel (relative to its canvas) of a frame. */
  xOfFrame(frame: number): number {
    return this.chart.scales.x.getPixelForValue(this.toX(this.store.timeOf(frame)));
  }

  /** Sets the x axis to the time view; returns the plot's width in pixel columns, what traces are decimated to. */
  protected fitToView(): number {
    const chart = this.chart;
    const x = chart.options.scales?.x;
    if (x) {
      x.min = this.toX(this.view.startMs);
      x.max = this.toX(this.view.endMs);
    }
    return Math.max(16, Math.round(chart.chartArea ? chart.chartArea.width : chart.width));
  }

  /** Draws the playhead's line on the overlay, from the plot's top to `bottom` (CSS px), when it is in the plot. */
  protected drawCursor(bottom: number): void {
    const area = this.chart.chartArea;
    const x = this.xOfFrame(this.playback.frame);
    this.cursorX = x;
    if (x < area.left - 0.5 || x > area.right + 0.5) return;
    this.overlay.ctx.fillStyle = this.theme.focus;
    this.overlay.ctx.fillRect(Math.round(x) - 1, area.top, 2, bottom - area.top);
  }

  toPng(): string {
    return this.chart.toBase64Image('image/png');
  }
}
