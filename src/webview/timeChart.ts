/**
 * What the charts over session time share (the probability and smoothing charts): a Chart.js line
 * chart whose x axis is the shared time view in seconds, rebuilt when its box resizes, and an overlay
 * canvas above it for the playhead, so a playhead move redraws only the overlay.
 */
import type { Chart as ChartType, ChartDataset, ChartMeta, LineElement, Plugin } from 'chart.js';
import { applyAxisTheme, createTimeChart } from './chartSetup';
import type { ChartLayers } from './chartLayers';
import { CanvasSurface } from './canvasSurface';
import type { Point } from './decimate';
import type { TimeContext } from './panelView';
import type { Playback } from './playback';
import type { SessionStore } from './sessionStore';
import type { Theme } from './theme';
import type { TimeView } from './timeView';

/** What Chart.js's update() does internally that an update of the datasets alone repeats (chart.js 4). */
interface ChartUpdateInternals {
  _minPadding: number;
  _dataChanges?: unknown[];
  buildOrUpdateControllers(): unknown[];
  _updateDatasets(mode: 'none'): void;
}

interface ControllerUpdateInternals {
  buildOrUpdateElements(resetNewElements: boolean): void;
  getMaxOverflow(): number | false;
}

export abstract class TimeChart {
  readonly chart: ChartType<'line', Point[]>;
  protected readonly overlay: CanvasSurface;
  protected readonly store: SessionStore;
  protected readonly playback: Playback;
  protected readonly view: TimeView;
  protected theme: Theme;
  /** The playhead's x on the overlay (CSS px, relative to the chart canvas), for tests. */
  cursorX = NaN;
  /** What the overlay shows (overlayChanged). */
  private overlayDrawn = '';
  /** The width of each line stroked as hairline passes (see setLineWidth). */
  private readonly passWidths = new WeakMap<object, number>();
  /**
   * Set by a chart that never changes a dataset's data array in place (a change is a new array): then a
   * dataset whose array, width, theme, plot and axes are those of its last update keeps its elements.
   */
  protected keepsUnchangedDatasets = false;
  /** What each dataset's elements were last computed for (per controller: a new one has none). */
  private readonly updatedFor = new WeakMap<object, { data: unknown; stamp: string }>();
  private themeStamp = 0;
  /** Datasets drawn on canvases of their own over the chart's (a chart that sets them); null: all on the chart's. */
  protected layers: ChartLayers | null = null;
  /** While set, Chart.js computes an update but does not draw it (see updateHeld). */
  private renderHeld = false;
  /** What the chart's own canvas shows (background, grid, axes) when it has layers. */
  private baseDrawn = '';
  /** What Chart.js's last layout of the scales and plot was computed for (layoutKey()). */
  private laidOutFor = '';

  constructor(chartCanvas: HTMLCanvasElement, overlayCanvas: HTMLCanvasElement, ctx: TimeContext, lineWidth: number | undefined) {
    this.store = ctx.store;
    this.playback = ctx.playback;
    this.view = ctx.view;
    this.theme = ctx.theme;
    const afterDraw: Plugin<'line'> = {
      id: 'landmarkLensAfterDatasets',
      afterDatasetDraw: (chart, args) => this.strokeMorePasses(chart as ChartType<'line', Point[]>, args.index, args.meta),
      afterDatasetsDraw: (chart) => this.afterDatasetsDraw(chart as ChartType<'line', Point[]>),
      beforeDatasetUpdate: (chart, args) => this.datasetChanged(chart as ChartType<'line', Point[]>, args.meta),
      beforeDatasetDraw: (_chart, args) => this.layers?.draws(args.index) ?? true,
      beforeRender: () => !this.renderHeld,
      afterLayout: () => {
        this.laidOutFor = this.layoutKey();
      },
      // Chart.js drew its canvas (a resize, an update or updateLayered): the layers follow.
      afterDraw: () => {
        this.layers?.draw();
        this.afterChartDraw();
      },
    };
    this.chart = createTimeChart(chartCanvas, () => this.theme, lineWidth, [afterDraw]);
    this.overlay = new CanvasSurface(overlayCanvas, () => this.drawOverlay());
    this.chart.options.onResize = () => {
      this.resizePending = true;
      if (this.onResizeRequest) this.onResizeRequest();
      else requestAnimationFrame(() => this.rebuild());
    };
    this.applyTheme();
  }

  /** Rebuilds the traces for the current view (zoom/pan, data or what is shown changed); clears resizePending. */
  abstract rebuild(): void;

  /** The chart's box changed size since its last rebuild. */
  resizePending = false;
  /**
   * Set by a panel that rebuilds the chart after a resize at its next draw, within the frame's budget (a
   * loading panel's cards resize as the grid fills); without it a resize rebuilds in the next animation frame.
   */
  onResizeRequest: (() => void) | null = null;

  /** Draws the playhead (and what else moves with it) on the overlay. */
  abstract drawOverlay(): void;

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.applyTheme();
    this.rebuild();
  }

  protected applyTheme(): void {
    this.themeStamp++;
    this.layers?.invalidate();
    applyAxisTheme(this.chart, this.theme);
  }

  /**
   * False (Chart.js then skips the dataset's update) when its elements were computed for the same data,
   * width, theme, plot and axes: a knob that changed the replies leaves an hour's decimated lines as they are.
   */
  private datasetChanged(chart: ChartType<'line', Point[]>, meta: ChartMeta): boolean {
    if (!this.keepsUnchangedDatasets) {
      this.layers?.changed(meta.index);
      return true;
    }
    const ds = chart.data.datasets[meta.index];
    const { x, y } = chart.scales;
    const a = chart.chartArea;
    const stamp = `${this.themeStamp} ${ds.borderWidth} ${meta.hidden} ${a.left} ${a.top} ${a.right} ${a.bottom} ${x.min} ${x.max} ${y.min} ${y.max}`;
    const before = this.updatedFor.get(meta.controller);
    if (before && before.data === ds.data && before.stamp === stamp) return false;
    this.updatedFor.set(meta.controller, { data: ds.data, stamp });
    this.layers?.changed(meta.index);
    return true;
  }

  /**
   * With layers: updates the chart's elements without drawing (those of the datasets alone when nothing
   * else changed: updateDatasetsOnly), then draws the chart's own canvas only when
   * its background, grid or axes changed, and the layers whose datasets changed.
   */
  protected updateLayered(): void {
    const chart = this.chart;
    if (!this.updateDatasetsOnly()) {
      this.renderHeld = true;
      try {
        chart.update('none');
      } finally {
        this.renderHeld = false;
      }
    }
    const base = this.baseKey();
    if (base !== this.baseDrawn || !base) {
      this.baseDrawn = base;
      // Its afterDraw draws the layers.
      chart.draw();
    } else this.layers?.draw();
  }

  /**
   * What the chart's own canvas shows (background, grid, axes) and where its plot lies, as of its last
   * update: '' before it has a plot. Layers drawn under the same key fit over it.
   */
  protected baseKey(): string {
    const chart = this.chart;
    const a = chart.chartArea;
    const { x, y } = chart.scales;
    return a ? `${chart.canvas.width}x${chart.canvas.height} ${chart.currentDevicePixelRatio} ${this.themeStamp} ${a.left} ${a.top} ${a.right} ${a.bottom} ${x.min} ${x.max} ${y.min} ${y.max}` : '';
  }

  /**
   * What Chart.js's layout depends on besides the datasets' overflow; '' when an axis' range is not set
   * (the data would decide it).
   */
  private layoutKey(): string {
    const chart = this.chart;
    const { x, y } = chart.options.scales ?? {};
    if (![x?.min, x?.max, y?.min, y?.max].every((v) => typeof v === 'number' && Number.isFinite(v))) return '';
    return `${chart.canvas.width}x${chart.canvas.height} ${chart.width}x${chart.height} ${chart.currentDevicePixelRatio} ${this.themeStamp} ${x?.min} ${x?.max} ${y?.min} ${y?.max}`;
  }

  /**
   * Chart.js's update() without its scales and layout when only the datasets changed (a knob): the axes'
   * labels measured again cost more than the reply marks' update. The steps are update()'s own for the
   * datasets: their controllers, elements, overflow (the plot's padding: when it changed, false) and their
   * update with the per-dataset plugin hooks. False (nothing to skip): update() is needed.
   */
  private updateDatasetsOnly(): boolean {
    const chart = this.chart;
    const internals = chart as unknown as ChartUpdateInternals;
    if (!chart.chartArea || !this.laidOutFor || this.laidOutFor !== this.layoutKey() || internals._dataChanges?.length) return false;
    // A new dataset (another class in focus) gets a controller of its own: update() then.
    if (internals.buildOrUpdateControllers().length > 0) return false;
    let overflow = 0;
    for (let i = 0; i < chart.data.datasets.length; i++) {
      const controller = chart.getDatasetMeta(i).controller as unknown as ControllerUpdateInternals;
      controller.buildOrUpdateElements(false);
      overflow = Math.max(+controller.getMaxOverflow(), overflow);
    }
    const padding = chart.options.layout?.autoPadding === false ? 0 : overflow;
    if (padding !== internals._minPadding) return false;
    internals._updateDatasets('none');
    return true;
  }

  /**
   * Sets a line's width. A solid line with more points than the plot has pixel columns (an hour shown
   * whole zigzags through every column) is stroked as a hairline, and a thick one as hairlines a pixel
   * or so apart that cover the same width: Skia strokes a 1 px line many times faster than a wider one, whose outline it must
   * build and fill (an hour's five lines took over 100 ms to paint, now a few).
   */
  protected setLineWidth(ds: ChartDataset<'line', Point[]>, width: number, columns: number): void {
    const dense = width > 1 && this.strokedAsHairlines(ds, columns);
    // Below 2 px a hairline alone: through an hour's zigzags the half pixel does not show, and each pass
    // builds the path again.
    ds.borderWidth = dense ? 1 : width;
    if (dense && width >= 2) this.passWidths.set(ds, width);
    else this.passWidths.delete(ds);
  }

  /** Whether a line wider than 1 px is stroked as hairline passes (setLineWidth): solid, with more points than the plot has columns. */
  protected strokedAsHairlines(ds: ChartDataset<'line', Point[]>, columns: number): boolean {
    return ds.data.length > columns && !(Array.isArray(ds.borderDash) && ds.borderDash.length > 0);
  }

  /** The passes beside the first of a line stroked as hairlines (setLineWidth), inside the plot. */
  private strokeMorePasses(chart: ChartType<'line', Point[]>, index: number, meta: ChartMeta): void {
    const width = this.passWidths.get(chart.data.datasets[index]);
    if (width === undefined || meta.hidden || !meta.dataset) return;
    const { ctx, chartArea: area } = chart;
    const half = (width - 1) / 2;
    for (const dy of [-half, half]) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(area.left, area.top - width, area.right - area.left, area.bottom - area.top + 2 * width);
      ctx.clip();
      ctx.translate(0, dy);
      (meta.dataset as LineElement).draw(ctx, area);
      ctx.restore();
    }
  }

  /** Follows a draw of the chart's canvas (canvases of the chart's own over it, say); nothing by default. */
  protected afterChartDraw(): void {}

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

  /**
   * False when the overlay already shows `what` (the playhead's pixel and what else it draws) at this size,
   * plot and theme: while playing an hour shown whole, the playhead moves a pixel every few seconds, and
   * a canvas left alone costs nothing to paint.
   */
  protected overlayChanged(what: string): boolean {
    const area = this.chart.chartArea;
    const { canvas, width, height } = this.overlay;
    const key = `${canvas.width}x${canvas.height} ${width}x${height} ${area ? `${area.left},${area.top},${area.right},${area.bottom}` : '-'} ${this.theme.focus} ${what}`;
    if (key === this.overlayDrawn) return false;
    this.overlayDrawn = key;
    return true;
  }

  /** The playhead's x (sets cursorX) and what its line on the overlay looks like, for overlayChanged. */
  protected cursorKey(): string {
    const area = this.chart.chartArea;
    const x = this.xOfFrame(this.playback.frame);
    this.cursorX = x;
    return area && x >= area.left - 0.5 && x <= area.right + 0.5 ? String(Math.round(x)) : 'out';
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
    return this.layers ? this.layers.composite().toDataURL('image/png') : this.chart.toBase64Image('image/png');
  }
}
