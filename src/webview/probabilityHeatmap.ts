/**
 * The probability chart's heatmap strip: every class's probability over the time view, a row per class,
 * a pixel column per chart column (the max over the frames it covers). The cells are kept in an offscreen
 * image between draws: a data or zoom change computes the columns it touched (all of them for a zoom), a
 * focus change only repaints it.
 */
import { CanvasSurface } from './canvasSurface';
import { ColumnRescan } from './columnRescan';
import { shortLabel } from './distributionBars';
import type { SessionStore } from './sessionStore';
import { colorToRgb, type Theme } from './theme';
import type { TimeView } from './timeView';

export const HEATMAP_ROW = 5;
/** Frames scanned between looks at the clock when the cells are computed in stretches. */
const SCAN_STRETCH = 1024;

/** A change's cells being computed: columns [fromColumn, toColumn) from frames [fromFrame, toFrame), scanned up to `next`. */
interface HeatJob {
  fromColumn: number;
  toColumn: number;
  fromFrame: number;
  toFrame: number;
  next: number;
  /** The frames drawn end here (a frame's span reaches the next one's column). */
  end: number;
  startMs: number;
  /** Columns per ms. */
  scale: number;
}

/** The plot's horizontal extent on the heatmap's canvas (the chart's chart area). */
export interface HeatmapArea {
  left: number;
  right: number;
}

export class ProbabilityHeatmap {
  readonly surface: CanvasSurface;
  private image: HTMLCanvasElement | null = null;
  /** The cells (max per class and pixel column), their image, and what of them to compute again. */
  private heat: { cells: Float32Array; canvas: HTMLCanvasElement; image: ImageData } | null = null;
  private readonly rescan: ColumnRescan;
  private job: HeatJob | null = null;
  /** Frames scanned between looks at the clock (the tests make it small). */
  stretch = SCAN_STRETCH;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly store: SessionStore,
    private readonly view: TimeView,
    onResize: () => void,
  ) {
    this.surface = new CanvasSurface(canvas, onResize);
    this.rescan = new ColumnRescan(store);
  }

  height(): number {
    return this.store.classCount * HEATMAP_ROW;
  }

  /** The class of the row at y (CSS px from the strip's top), or -1. */
  classAt(y: number): number {
    const k = Math.floor(y / HEATMAP_ROW);
    return y >= 0 && k >= 0 && k < this.store.classCount ? k : -1;
  }

  /**
   * Computes the cells the store or the view changed since the last call for frames [first, end) of
   * `values` (window or smoothed probabilities, named by `series`) and paints the strip. With `budgetMs`,
   * the frames are scanned in stretches: once the budget is spent the rest waits for the next call
   * (workLeft), and the strip keeps showing the cells as they were until the whole change is computed.
   */
  draw(area: HeatmapArea | undefined, values: Float32Array, series: string, first: number, end: number, theme: Theme, focusClass: number, budgetMs = Infinity): void {
    if (!area || this.store.frameCount === 0) {
      this.image = null;
      this.heat = null;
      this.job = null;
      this.rescan.reset();
      this.surface.clear();
      return;
    }
    const c = this.store.classCount;
    const width = Math.max(1, Math.round(area.right - area.left));
    const startMs = this.view.startMs;
    const scale = width / this.view.span();
    const rescan = this.rescan.next(`${width} ${startMs} ${this.view.endMs} ${series} ${first} ${end} ${c} ${theme.background} ${theme.blue}`, {
      first, end, startMs, msPerColumn: 1 / scale, minColumn: 0, maxColumn: width,
    });
    if (rescan) {
      const sized = this.heat !== null && this.heat.canvas.width === width && this.heat.canvas.height === c;
      if (!sized) {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = c;
        const sctx = canvas.getContext('2d');
        if (!sctx) return;
        this.heat = { cells: new Float32Array(width * c), canvas, image: sctx.createImageData(width, c) };
      }
      const whole = rescan.all || !sized;
      const job = this.job;
      // A change while an earlier one is being computed: both are computed again together.
      this.job = whole
        ? { fromColumn: 0, toColumn: width, fromFrame: first, toFrame: end, next: first, end, startMs, scale }
        : {
            fromColumn: Math.min(rescan.fromColumn, job?.fromColumn ?? Infinity),
            toColumn: Math.max(rescan.toColumn, job?.toColumn ?? -Infinity),
            fromFrame: Math.min(rescan.fromFrame, job?.fromFrame ?? Infinity),
            toFrame: Math.max(rescan.toFrame, job?.toFrame ?? -Infinity),
            next: 0,
            end,
            startMs,
            scale,
          };
      this.job.next = this.job.fromFrame;
      // -1 marks an empty cell; NaN values fail the `>` test and are skipped.
      this.heat?.cells.fill(-1, this.job.fromColumn * c, this.job.toColumn * c);
    }
    const heat = this.heat;
    if (!heat) return;
    if (this.job && this.scan(this.job, heat.cells, values, budgetMs)) {
      this.writeImage(heat, this.job.fromColumn, this.job.toColumn, theme);
      this.job = null;
    }
    this.image = heat.canvas;
    this.paint(area, theme, focusClass);
  }

  /** True while a change's cells are computed in stretches (draw with a budget) and some are left. */
  get workLeft(): boolean {
    return this.job !== null;
  }

  /** Scans the job's frames from where it stopped, for `budgetMs` at most; true once all are scanned. */
  private scan(job: HeatJob, cells: Float32Array, values: Float32Array, budgetMs: number): boolean {
    const c = this.store.classCount;
    const t = this.store.t;
    const { fromColumn, toColumn, toFrame, end, startMs, scale } = job;
    const started = performance.now();
    let i = job.next;
    while (i < toFrame) {
      const stop = Math.min(toFrame, i + this.stretch);
      // A frame covers the columns up to the next frame (sparse frames leave no empty stripes).
      for (; i < stop; i++) {
        const col0 = Math.floor((t[i] - startMs) * scale);
        const col1 = i + 1 < end ? Math.max(col0 + 1, Math.floor((t[i + 1] - startMs) * scale)) : col0 + 1;
        const base = i * c;
        for (let col = Math.max(fromColumn, col0); col < Math.min(toColumn, col1); col++) {
          const cell = col * c;
          for (let k = 0; k < c; k++) {
            const v = values[base + k];
            if (v > cells[cell + k]) cells[cell + k] = v;
          }
        }
      }
      if (i < toFrame && performance.now() - started >= budgetMs) break;
    }
    job.next = i;
    return i >= toFrame;
  }

  /** The image's columns [fromColumn, toColumn) from the cells. */
  private writeImage(heat: { cells: Float32Array; canvas: HTMLCanvasElement; image: ImageData }, fromColumn: number, toColumn: number, theme: Theme): void {
    const c = this.store.classCount;
    const { cells, image, canvas } = heat;
    const width = canvas.width;
    const [br, bg, bb] = colorToRgb(theme.background);
    const [hr, hg, hb] = colorToRgb(theme.blue);
    for (let col = fromColumn; col < toColumn; col++) {
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
    canvas.getContext('2d')?.putImageData(image, 0, 0, fromColumn, 0, toColumn - fromColumn, c);
  }

  /** Paints the kept image, the row labels and the focused row's outline. */
  paint(area: HeatmapArea | undefined, theme: Theme, focusClass: number): void {
    const surface = this.surface;
    const { ctx } = surface;
    surface.clear();
    const image = this.image;
    if (!area || !image) return;
    const c = this.store.classCount;
    const width = image.width;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(image, area.left, 0, width, c * HEATMAP_ROW);
    ctx.font = `9px ${theme.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    for (let k = 0; k < c; k += 1) {
      const short = shortLabel(this.store.labels[k]);
      const nearFocus = focusClass >= 0 && Math.abs(k - focusClass) === 1;
      if (k === focusClass || (!nearFocus && (k % 2 === 0 || c <= 12))) {
        ctx.fillStyle = k === focusClass ? theme.focus : theme.muted;
        ctx.fillText(short, area.left - 4, k * HEATMAP_ROW + HEATMAP_ROW / 2);
      }
    }
    if (focusClass >= 0) {
      ctx.strokeStyle = theme.focus;
      ctx.strokeRect(area.left - 0.5, focusClass * HEATMAP_ROW - 0.5, width + 1, HEATMAP_ROW + 1);
    }
    ctx.textAlign = 'left';
  }
}
