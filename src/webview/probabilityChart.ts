/**
 * Per-class probabilities over time (Chart.js lines for the shown classes, labelled at their peak) above
 * a heatmap strip of every class. Traces are rebuilt, decimated to the pixels shown, only when the data,
 * the zoom or the shown classes change; the playhead is drawn on an overlay canvas.
 * Wheel zooms around the pointer, shift+wheel or drag pans, click focuses the nearest line or a heatmap
 * row (or moves the playhead when nothing is near).
 */
import type { Chart as ChartType, ChartDataset } from 'chart.js';
import { Chart } from './chartSetup';
import { CanvasSurface } from './canvasSurface';
import { decimate, type Point } from './decimate';
import type { TimeContext } from './panelView';
import { seriesStyle } from './seriesStyle';
import { colorToRgb, withAlpha } from './theme';
import { shortLabel } from './distributionBars';
import { TimeChart } from './timeChart';
import type { ComparisonState } from './comparisonState';

/** The compared model's lines: the class's colour, dotted (the panel's model's are solid or dashed by slot). */
export const COMPARED_DASH = [2, 2];

export type SeriesKind = 'window' | 'smoothed';

const HEATMAP_ROW = 5;

export class ProbabilityChart extends TimeChart {
  private heatmap: CanvasSurface;
  /** Classes drawn as lines, in slot order (slot decides the colour). */
  shown: number[] = [];
  series: SeriesKind = 'window';
  focusClass = -1;
  private drag: { x: number; startMs: number; endMs: number; moved: boolean } | null = null;
  private heatImage: HTMLCanvasElement | null = null;
  private readonly comparison: ComparisonState | undefined;
  /** Datasets of the compared model (not labelled at their peak). */
  private comparedDatasets = new Set<number>();

  constructor(
    chartCanvas: HTMLCanvasElement,
    heatmapCanvas: HTMLCanvasElement,
    overlayCanvas: HTMLCanvasElement,
    ctx: TimeContext,
    private readonly onFocus: (classIndex: number) => void,
  ) {
    super(chartCanvas, overlayCanvas, ctx, 1.5);
    this.comparison = ctx.comparison;
    this.heatmap = new CanvasSurface(heatmapCanvas, () => this.paintHeatmap());
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

  /** Rebuilds the traces for the current view (zoom/pan, data or shown classes changed). */
  rebuild(): void {
    const chart = this.chart;
    const columns = this.fitToView();
    const [first, end] = this.visibleFrames();
    const values = this.values();
    const datasets: ChartDataset<'line', Point[]>[] = this.shown.map((k, slot) => {
      const style = seriesStyle(slot, this.theme);
      const focused = k === this.focusClass;
      return {
        label: this.store.labels[k],
        data: decimate(
          { t: this.store.t, values, stride: this.store.classCount, offset: k },
          first, end, this.view.startMs, this.view.endMs, columns, this.toX,
        ),
        borderColor: style.color,
        backgroundColor: style.color,
        borderDash: style.dash,
        borderWidth: focused ? 3 : 1.5,
      };
    });
    // The compared model's distribution of the same classes (by name), on the same time axis.
    this.comparedDatasets = new Set();
    const compared = this.comparison?.get();
    if (compared) {
      const other = compared.store;
      const otherValues = this.series === 'window' ? other.probs : other.smoothed;
      this.shown.forEach((k, slot) => {
        const kb = other.labels.indexOf(this.store.labels[k]);
        if (kb < 0) return;
        const style = seriesStyle(slot, this.theme);
        this.comparedDatasets.add(datasets.length);
        datasets.push({
          label: `${this.store.labels[k]} (${compared.model})`,
          data: decimate(
            { t: this.store.t, values: otherValues, stride: other.classCount, offset: kb },
            first, Math.min(end, other.frameCount), this.view.startMs, this.view.endMs, columns, this.toX,
          ),
          borderColor: style.color,
          backgroundColor: style.color,
          borderDash: COMPARED_DASH,
          borderWidth: k === this.focusClass ? 2.5 : 1.5,
        });
      });
    }
    chart.data.datasets = datasets;
    chart.update('none');
    this.drawHeatmap();
    this.drawOverlay();
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

  /** Applies a new focus class: thicker line and heatmap outline, without rebuilding the traces. */
  setFocus(classIndex: number): void {
    if (classIndex === this.focusClass) return;
    this.focusClass = classIndex;
    this.chart.data.datasets.forEach((ds, slot) => {
      ds.borderWidth = this.shown[slot] === classIndex ? 3 : 1.5;
    });
    this.chart.update('none');
    this.paintHeatmap();
    this.drawOverlay();
  }

  /**
   * Max probability per pixel column and class between the chart area's edges, computed once per
   * data/zoom change into an offscreen image; focus changes only repaint it.
   */
  drawHeatmap(): void {
    const area = this.chart.chartArea;
    this.heatImage = null;
    if (!area || this.store.frameCount === 0) {
      this.heatmap.clear();
      return;
    }
    const c = this.store.classCount;
    const width = Math.max(1, Math.round(area.right - area.left));
    const [first, end] = this.visibleFrames();
    const values = this.values();
    const t = this.store.t;
    // -1 marks an empty cell; NaN values fail the `>` test and are skipped.
    const cells = new Float32Array(width * c).fill(-1);
    const scale = width / this.view.span();
    const startMs = this.view.startMs;
    // A frame covers the columns up to the next frame (sparse frames leave no empty stripes).
    for (let i = first; i < end; i++) {
      const col0 = Math.floor((t[i] - startMs) * scale);
      const col1 = i + 1 < end ? Math.max(col0 + 1, Math.floor((t[i + 1] - startMs) * scale)) : col0 + 1;
      const base = i * c;
      for (let col = Math.max(0, col0); col < Math.min(width, col1); col++) {
        const cell = col * c;
        for (let k = 0; k < c; k++) {
          const v = values[base + k];
          if (v > cells[cell + k]) cells[cell + k] = v;
        }
      }
    }
    const scratch = document.createElement('canvas');
    scratch.width = width;
    scratch.height = c;
    const sctx = scratch.getContext('2d');
    if (!sctx) return;
    const image = sctx.createImageData(width, c);
    const [br, bg, bb] = colorToRgb(this.theme.background);
    const [hr, hg, hb] = colorToRgb(this.theme.blue);
    for (let col = 0; col < width; col++) {
      for (let k = 0; k < c; k++) {
        const v = cells[col * c + k];
        const o = (k * width + col) * 4;
        const a = v < 0 ? 0 : Math.sqrt(Math.min(1, v));
        image.data[o] = br + (hr - br) * a;
        image.data[o + 1] = bg + (hg - bg) * a;
        image.data[o + 2] = bb + (hb - bb) * a;
        image.data[o + 3] = 255;
      }
    }
    sctx.putImageData(image, 0, 0);
    this.heatImage = scratch;
    this.paintHeatmap();
  }

  private paintHeatmap(): void {
    const surface = this.heatmap;
    const { ctx } = surface;
    surface.clear();
    const area = this.chart.chartArea;
    const image = this.heatImage;
    if (!area || !image) return;
    const c = this.store.classCount;
    const width = image.width;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, area.left, 0, width, c * HEATMAP_ROW);
    ctx.font = `9px ${this.theme.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    for (let k = 0; k < c; k += 1) {
      const label = this.store.labels[k];
      const short = shortLabel(label);
      const nearFocus = this.focusClass >= 0 && Math.abs(k - this.focusClass) === 1;
      if (k === this.focusClass || (!nearFocus && (k % 2 === 0 || c <= 12))) {
        ctx.fillStyle = k === this.focusClass ? this.theme.focus : this.theme.muted;
        ctx.fillText(short, area.left - 4, k * HEATMAP_ROW + HEATMAP_ROW / 2);
      }
    }
    if (this.focusClass >= 0) {
      ctx.strokeStyle = this.theme.focus;
      ctx.strokeRect(area.left - 0.5, this.focusClass * HEATMAP_ROW - 0.5, width + 1, HEATMAP_ROW + 1);
    }
    ctx.textAlign = 'left';
  }

  heatmapHeight(): number {
    return this.store.classCount * HEATMAP_ROW;
  }

  drawOverlay(): void {
    const surface = this.overlay;
    const { ctx, height } = surface;
    surface.clear();
    const area = this.chart.chartArea;
    if (!area || this.store.frameCount === 0) return;
    const sel = this.playback.selection;
    if (sel) {
      const x0 = Math.max(area.left, this.xOfFrame(sel.startFrame));
      const x1 = Math.min(area.right, this.xOfFrame(sel.endFrame));
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
    const heatTop = this.heatmap.canvas.offsetTop - this.overlay.canvas.offsetTop;
    if (p.y >= heatTop && p.y < heatTop + this.heatmapHeight()) {
      const k = Math.floor((p.y - heatTop) / HEATMAP_ROW);
      if (k >= 0 && k < this.store.classCount) {
        this.onFocus(k);
        return;
      }
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
