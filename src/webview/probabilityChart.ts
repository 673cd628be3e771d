/**
 * Per-class probabilities over time (Chart.js lines for the shown classes, labelled at their peak) above
 * a heatmap strip of every class. Traces are rebuilt, decimated to the pixels shown, only when the data,
 * the zoom or the shown classes change; the playhead is drawn on an overlay canvas.
 * Wheel zooms around the pointer, shift+wheel or drag pans, click focuses the nearest line or a heatmap
 * row (or moves the playhead when nothing is near).
 */
import type { Chart as ChartType, ChartDataset } from 'chart.js';
import { Chart } from './chartSetup';
import { decimate, DecimatedColumns, type Point } from './decimate';
import { ColumnRescan } from './columnRescan';
import type { TimeContext } from './panelView';
import { seriesStyle } from './seriesStyle';
import { withAlpha } from './theme';
import { ProbabilityHeatmap } from './probabilityHeatmap';
import { FocusLineLayer, type FocusLine } from './focusLineLayer';
import { TimeChart } from './timeChart';
import type { ComparisonState } from './comparisonState';

/** The compared model's lines: the class's colour, dotted (the panel's model's are solid or dashed by slot). */
export const COMPARED_DASH = [2, 2];

export type SeriesKind = 'window' | 'smoothed';

export class ProbabilityChart extends TimeChart {
  private readonly heatmap: ProbabilityHeatmap;
  /** Classes drawn as lines, in slot order (slot decides the colour). */
  shown: number[] = [];
  series: SeriesKind = 'window';
  focusClass = -1;
  private drag: { x: number; startMs: number; endMs: number; moved: boolean } | null = null;
  private readonly comparison: ComparisonState | undefined;
  /** Datasets of the compared model (not labelled at their peak). */
  private comparedDatasets = new Set<number>();
  /** The plot's pixel columns the traces were decimated to. */
  private columns = 0;
  /** The class of each dataset. */
  private datasetClass: number[] = [];
  /** The shown classes' decimated lines (lineColumns) and what of them to compute again. */
  private readonly lines = new Map<number, DecimatedColumns>();
  private readonly linesRescan: ColumnRescan;
  /** The focused class's lines, thick over the chart's thin ones. */
  private readonly focusLayer: FocusLineLayer;

  constructor(
    chartCanvas: HTMLCanvasElement,
    focusCanvas: HTMLCanvasElement,
    heatmapCanvas: HTMLCanvasElement,
    overlayCanvas: HTMLCanvasElement,
    ctx: TimeContext,
    private readonly onFocus: (classIndex: number) => void,
  ) {
    super(chartCanvas, overlayCanvas, ctx, 1.5);
    this.focusLayer = new FocusLineLayer(this.chart, focusCanvas);
    this.comparison = ctx.comparison;
    this.linesRescan = new ColumnRescan(ctx.store);
    this.heatmap = new ProbabilityHeatmap(heatmapCanvas, ctx.store, ctx.view, () => this.paintHeatmap());
    overlayCanvas.addEventListener('wheel', this.onWheel, { passive: false });
    overlayCanvas.addEventListener('pointerdown', this.onPointerDown);
    overlayCanvas.addEventListener('pointermove', this.onPointerMove);
    overlayCanvas.addEventListener('pointerup', this.onPointerUp);
  }

  protected override applyTheme(): void {
    super.applyTheme();
    Chart.defaults.font.family = this.theme.fontFamily;
    Chart.defaults.color = this.theme.foreground;
  }

  private values(): Float32Array {
    return this.series === 'window' ? this.store.probs : this.store.smoothed;
  }

  private visibleFrames(): [number, number] {
    const first = Math.max(0, this.store.frameAtTime(this.view.startMs) - 1);
    const end = Math.min(this.store.frameCount, this.store.frameAtTime(this.view.endMs) + 2);
    return [first, end];
  }

  /**
   * Rebuilds the traces for the current view (zoom/pan, data or shown classes changed), and the heatmap
   * unless `heatmap` is false (the card then draws it as a step of its own: drawHeatmap()).
   */
  rebuild(heatmap = true): void {
    this.resizePending = false;
    const chart = this.chart;
    const columns = this.fitToView();
    const [first, end] = this.visibleFrames();
    const values = this.values();
    const lines = this.lineColumns(columns, first, end);
    const datasets: ChartDataset<'line', Point[]>[] = this.shown.map((k, slot) => {
      const style = seriesStyle(slot, this.theme);
      return {
        label: this.store.labels[k],
        data: lines?.get(k)?.points(this.toX) ?? decimate(
          { t: this.store.t, values, stride: this.store.classCount, offset: k },
          first, end, this.view.startMs, this.view.endMs, columns, this.toX,
        ),
        borderColor: style.color,
        backgroundColor: style.color,
        borderDash: style.dash,
      };
    });
    // The compared model's distribution of the same classes (by name), on the same time axis.
    this.comparedDatasets = new Set();
    this.datasetClass = [...this.shown];
    const compared = this.comparison?.get();
    if (compared) {
      const other = compared.store;
      const otherValues = this.series === 'window' ? other.probs : other.smoothed;
      this.shown.forEach((k, slot) => {
        const kb = other.labels.indexOf(this.store.labels[k]);
        if (kb < 0) return;
        const style = seriesStyle(slot, this.theme);
        this.comparedDatasets.add(datasets.length);
        this.datasetClass[datasets.length] = k;
        datasets.push({
          label: `${this.store.labels[k]} (${compared.model})`,
          data: decimate(
            { t: this.store.t, values: otherValues, stride: other.classCount, offset: kb },
            first, Math.min(end, other.frameCount), this.view.startMs, this.view.endMs, columns, this.toX,
          ),
          borderColor: style.color,
          backgroundColor: style.color,
          borderDash: COMPARED_DASH,
        });
      });
    }
    this.columns = columns;
    chart.data.datasets = datasets;
    this.setWidths();
    chart.update('none');
    if (heatmap) this.drawHeatmap();
    this.drawOverlay();
  }

  /**
   * The shown classes' lines decimated per pixel column, kept between rebuilds: while results stream
   * in, only the columns of the frames that arrived are computed again. Null when the view holds few
   * enough frames to draw them all.
   */
  private lineColumns(columns: number, first: number, end: number): Map<number, DecimatedColumns> | null {
    if (end - first <= columns * 2) {
      this.lines.clear();
      this.linesRescan.reset();
      return null;
    }
    const { startMs, endMs } = this.view;
    const msPerColumn = (endMs - startMs) / columns;
    const rescan = this.linesRescan.next(`${columns} ${startMs} ${endMs} ${this.series} ${first} ${end}`, {
      first, end, startMs, msPerColumn, minColumn: -1, maxColumn: columns + 1,
    });
    if (rescan?.all) this.lines.clear();
    for (const k of [...this.lines.keys()]) if (!this.shown.includes(k)) this.lines.delete(k);
    const kept = this.shown.flatMap((k) => this.lines.get(k) ?? []);
    if (rescan && kept.length) DecimatedColumns.scanAll(kept, rescan.fromFrame, rescan.toFrame, rescan.fromColumn, rescan.toColumn);
    const added = this.shown.filter((k) => !this.lines.has(k)).map((k) => {
      const line = new DecimatedColumns({ t: this.store.t, values: this.values(), stride: this.store.classCount, offset: k }, columns, startMs, msPerColumn);
      this.lines.set(k, line);
      return line;
    });
    DecimatedColumns.scanAll(added, first, end);
    return this.lines;
  }

  /** Every line thin on the chart's canvas: the focused class's are drawn thick on the focus layer. */
  private setWidths(): void {
    for (const ds of this.chart.data.datasets) this.setLineWidth(ds, 1.5, this.columns);
  }

  /** The focused class's lines: this model's thick, the compared model's a little less. */
  private focusLines(): FocusLine[] {
    const lines: FocusLine[] = [];
    this.chart.data.datasets.forEach((ds, index) => {
      if (this.datasetClass[index] !== this.focusClass) return;
      const width = this.comparedDatasets.has(index) ? 2.5 : 3;
      lines.push({ index, width, hairlines: this.strokedAsHairlines(ds, this.columns) });
    });
    return lines;
  }

  /** Chart.js drew the chart (a rebuild or its own resize): the focus layer follows its elements. */
  protected override afterChartDraw(): void {
    this.focusLayer.draw(this.focusLines());
  }

  /** Labels each line at its peak. */
  protected override afterDatasetsDraw(chart: ChartType<'line', Point[]>): void {
    const ctx = chart.ctx;
    const area = chart.chartArea;
    ctx.save();
    ctx.font = `bold 11px ${this.theme.fontFamily}`;
    ctx.textBaseline = 'bottom';
    // Labels that would overlap an earlier one move down a line, or are left out.
    const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
    chart.data.datasets.forEach((ds, index) => {
      if (this.comparedDatasets.has(index)) return;
      let best: Point | null = null;
      for (const p of ds.data) if (!Number.isNaN(p.y) && (!best || p.y > best.y)) best = p;
      if (!best || best.y < 0.05) return;
      const px = chart.scales.x.getPixelForValue(best.x);
      if (px < area.left || px > area.right) return;
      const text = String(ds.label);
      const width = ctx.measureText(text).width;
      const x = Math.min(px + 3, area.right - width);
      let y = Math.max(area.top + 12, chart.scales.y.getPixelForValue(best.y) - 2);
      for (let attempt = 0; attempt < 4; attempt++) {
        const box = { x0: x, x1: x + width, y0: y - 12, y1: y };
        if (!placed.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) {
          placed.push(box);
          ctx.fillStyle = String(ds.borderColor);
          ctx.fillText(text, x, y);
          return;
        }
        y += 13;
      }
    });
    ctx.restore();
  }

  private paintHeatmap(): void {
    this.heatmap.paint(this.chart.chartArea, this.theme, this.focusClass);
  }

  /**
   * Applies a new focus class: its lines thick on the focus layer and its heatmap row outlined, without
   * rebuilding the traces or drawing the chart again.
   */
  setFocus(classIndex: number): void {
    if (classIndex === this.focusClass) return;
    this.focusClass = classIndex;
    this.focusLayer.draw(this.focusLines());
    this.paintHeatmap();
    this.drawOverlay();
  }

  override toPng(): string {
    return this.focusLayer.composite().toDataURL('image/png');
  }

  /**
   * The heatmap's cells for the current view and data (the columns that changed), painted; with
   * `budgetMs`, computed in stretches over calls (heatmapWorkLeft).
   */
  drawHeatmap(budgetMs = Infinity): void {
    const [first, end] = this.visibleFrames();
    this.heatmap.draw(this.chart.chartArea, this.values(), this.series, first, end, this.theme, this.focusClass, budgetMs);
  }

  get heatmapWorkLeft(): boolean {
    return this.heatmap.workLeft;
  }

  heatmapHeight(): number {
    return this.heatmap.height();
  }

  drawOverlay(): void {
    const surface = this.overlay;
    const { ctx, height } = surface;
    const area = this.chart.chartArea;
    const empty = !area || this.store.frameCount === 0;
    const sel = empty ? null : this.playback.selection;
    const x0 = sel ? Math.max(area.left, this.xOfFrame(sel.startFrame)) : 0;
    const x1 = sel ? Math.min(area.right, this.xOfFrame(sel.endFrame)) : 0;
    if (!this.overlayChanged(empty ? 'empty' : `${this.cursorKey()} ${sel ? `${x0.toFixed(1)} ${x1.toFixed(1)} ${this.playback.loopOn}` : ''}`)) return;
    surface.clear();
    if (empty) return;
    if (sel) {
      if (x1 > x0) {
        ctx.fillStyle = withAlpha(this.theme.focus, this.playback.loopOn ? 0.16 : 0.08);
        ctx.fillRect(x0, area.top, x1 - x0, height - area.top);
      }
    }
    this.drawCursor(height);
  }

  private localPoint(e: MouseEvent): { x: number; y: number } {
    const rect = this.overlay.canvas.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  private msAtX(x: number): number {
    const sec = this.chart.scales.x.getValueForPixel(x) ?? 0;
    return this.store.originMs() + sec * 1000;
  }

  private onWheel = (e: WheelEvent): void => {
    if (this.store.frameCount === 0) return;
    e.preventDefault();
    const { x } = this.localPoint(e);
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      const delta = e.shiftKey ? e.deltaY || e.deltaX : e.deltaX;
      this.view.pan((delta / Math.max(1, this.chart.chartArea.width)) * this.view.span());
    } else {
      this.view.zoom(e.deltaY > 0 ? 1.25 : 0.8, this.msAtX(x));
    }
  };

  private onPointerDown = (e: PointerEvent): void => {
    if (e.button !== 0) return;
    this.overlay.canvas.setPointerCapture(e.pointerId);
    this.drag = { x: e.clientX, startMs: this.view.startMs, endMs: this.view.endMs, moved: false };
  };

  private onPointerMove = (e: PointerEvent): void => {
    if (!this.drag) return;
    const dx = e.clientX - this.drag.x;
    if (Math.abs(dx) > 3) this.drag.moved = true;
    if (!this.drag.moved) return;
    const msPerPx = (this.drag.endMs - this.drag.startMs) / Math.max(1, this.chart.chartArea.width);
    this.view.set(this.drag.startMs - dx * msPerPx, this.drag.endMs - dx * msPerPx);
  };

  private onPointerUp = (e: PointerEvent): void => {
    const drag = this.drag;
    this.drag = null;
    if (this.overlay.canvas.hasPointerCapture(e.pointerId)) this.overlay.canvas.releasePointerCapture(e.pointerId);
    if (!drag || drag.moved) return;
    this.click(this.localPoint(e));
  };

  /** Focus the line or heatmap row under the point, else move the playhead there. */
  private click(p: { x: number; y: number }): void {
    const area = this.chart.chartArea;
    if (!area || this.store.frameCount === 0) return;
    const chartHeight = this.chart.height;
    const frame = this.store.frameAtTime(this.msAtX(p.x));
    const k = this.heatmap.classAt(p.y - (this.heatmap.surface.canvas.offsetTop - this.overlay.canvas.offsetTop));
    if (k >= 0) {
      this.onFocus(k);
      return;
    }
    if (p.y <= chartHeight) {
      const values = this.values();
      let best = -1;
      let bestDist = 10;
      for (const k of this.shown) {
        const v = values[frame * this.store.classCount + k];
        if (Number.isNaN(v)) continue;
        const d = Math.abs(this.chart.scales.y.getPixelForValue(v) - p.y);
        if (d < bestDist) {
          bestDist = d;
          best = k;
        }
      }
      if (best >= 0) {
        this.onFocus(best);
        return;
      }
    }
    this.playback.pause();
    this.playback.seek(frame);
  }
}
