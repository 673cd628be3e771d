/**
 * Smoothing and throttling for the class in focus: its raw window probability and its smoothed
 * probability over time, and the replies (their `target_arg_prob` as on the wire) that throttling
 * sent (filled points) or held back (hollow crosses). Shares the time view and the playhead overlay.
 */
import type { ChartDataset } from 'chart.js';
import { ChartLayers } from './chartLayers';
import { ColumnRescan } from './columnRescan';
import { decimate, DecimatedColumns, type Point } from './decimate';
import type { TimeContext } from './panelView';
import type { ColumnParts } from './storeChanges';
import { withAlpha, type Theme } from './theme';
import { TimeChart } from './timeChart';

/** Classes whose datasets are kept for the current data and view. */
const MAX_BUILT_CLASSES = 8;
/** The pixels kept of classes' drawn layers (three canvases each, the chart's size), at most. */
const SHOT_BYTES = 24 << 20;
/** A dense window line is solid at this opacity: its dashes (4 on, 3 off) covered that much of it. */
const DENSE_WINDOW_ALPHA = 0.6;

/** Per pixel column (-1 and `columns` hold the frames beyond the edges), the first frame with a reply sent or held back; -1: none. */
interface ReplyColumns {
  sent: Int32Array;
  throttled: Int32Array;
}

/** One series of a class decimated per pixel column, and its points once asked for (null: stale). */
interface KeptSeries {
  columns: DecimatedColumns;
  points: Point[] | null;
}

/** What the layers show: a class's datasets with their data, for a layout (view and columns). */
interface Drawn {
  key: string;
  layout: string;
  focus: number;
  datasets: ChartDataset<'line', Point[]>[];
  data: Point[][];
}

/** A class's layers as drawn (Drawn), with the chart's base they fit over and their pixels. */
interface Shot extends Drawn {
  base: string;
  pixels: HTMLCanvasElement[];
}

/** The datasets of a class, kept between rebuilds: a knob change refreshes the data of those it changed. */
interface BuiltClass {
  datasets: ChartDataset<'line', Point[]>[];
  /** The parts their data no longer shows (a knob changed them since). */
  stale: { window: boolean; smoothed: boolean; replies: boolean };
}

export class SmoothingChart extends TimeChart {
  focusClass = 0;
  /**
   * The datasets built per class for one state of data, view and width: auto focus follows the argmax
   * while playing and keeps returning to classes it showed a moment ago, which then cost no decimation.
   */
  private built = new Map<number, BuiltClass>();
  private builtFor = '';
  /**
   * An hour shown whole: the series decimated per pixel column, per class, and the reply columns, kept
   * while results stream in (only the columns of the frames that arrived are computed again) and while
   * knobs change what the others show (only the series a knob changed are computed again).
   */
  private series = new Map<number, { window: KeptSeries | null; smoothed: KeptSeries | null }>();
  private replies: ReplyColumns | null = null;
  private readonly rescan: ColumnRescan;
  /** The store's version at the last rebuild (partsChangedSince). */
  private seenVersion = -1;
  /** The datasets and their data arrays at the last chart update: the same again needs no update. */
  private drawn: Drawn | null = null;
  /**
   * The layers' pixels of the last classes shown, most recent last: auto focus switches back and forth
   * between a few classes while playing, and one shown again is copied back instead of Chart.js updating
   * and Skia rasterizing its lines and an hour's reply marks (tens of ms a switch).
   */
  private shots = new Map<number, Shot>();

  /**
   * `layers`: canvases stacked over the chart's, bottom to top, for the reply marks, the smoothed line and
   * the window line (Chart.js's order: it draws the first dataset last), so a knob that changes the marks
   * or the smoothed line repaints their canvas alone.
   */
  constructor(canvas: HTMLCanvasElement, layers: { replies: HTMLCanvasElement; smoothed: HTMLCanvasElement; window: HTMLCanvasElement }, overlayCanvas: HTMLCanvasElement, ctx: TimeContext) {
    super(canvas, overlayCanvas, ctx, undefined);
    this.rescan = new ColumnRescan(ctx.store);
    this.keepsUnchangedDatasets = true;
    this.layers = new ChartLayers(this.chart, [
      { canvas: layers.replies, datasets: [2, 3] },
      { canvas: layers.smoothed, datasets: [1] },
      { canvas: layers.window, datasets: [0] },
    ]);
  }

  override setTheme(theme: Theme): void {
    this.builtFor = '';
    this.drawn = null;
    this.shots.clear();
    super.setTheme(theme);
  }

  /** Fills reply columns [fromColumn, toColumn) from frames [fromFrame, toFrame): one point per pixel column and kind keeps an hour light. */
  private scanReplies(into: ReplyColumns, columns: number, msPerColumn: number, fromFrame: number, toFrame: number, fromColumn: number, toColumn: number): void {
    const { replyLetter, sent, t } = this.store;
    into.sent.fill(-1, fromColumn + 1, toColumn + 1);
    into.throttled.fill(-1, fromColumn + 1, toColumn + 1);
    for (let i = fromFrame; i < toFrame; i++) {
      if (replyLetter[i] < 0) continue;
      const col = Math.min(columns, Math.max(-1, Math.floor((t[i] - this.view.startMs) / msPerColumn)));
      if (col < fromColumn || col >= toColumn) continue;
      const kind = sent[i] === 1 ? into.sent : into.throttled;
      if (kind[col + 1] < 0) kind[col + 1] = i;
    }
  }

  private replyPoints(frames: Int32Array): Point[] {
    const out: Point[] = [];
    for (const i of frames) if (i >= 0) out.push({ x: this.toX(this.store.t[i]), y: this.store.replyProb[i] });
    return out;
  }

  rebuild(): void {
    this.resizePending = false;
    const chart = this.chart;
    const columns = this.fitToView();
    const first = Math.max(0, this.store.frameAtTime(this.view.startMs) - 1);
    const end = Math.min(this.store.frameCount, this.store.frameAtTime(this.view.endMs) + 2);
    const dense = end - first > columns * 2;
    const layout = `${columns} ${this.view.startMs} ${this.view.endMs} ${first} ${end}`;
    const key = `${dense} ${layout}`;
    // Only knobs changed the store since the last rebuild: what they did not change is kept.
    const parts = key === this.builtFor ? this.store.partsChangedSince(this.seenVersion) : null;
    this.seenVersion = this.store.version;
    if (key !== this.builtFor) {
      this.built.clear();
      this.shots.clear();
      this.builtFor = key;
    }
    if (parts) this.forgetParts(parts, columns, first, end);
    else if (dense) this.updateColumns(columns, first, end);
    else {
      this.built.clear();
      this.series.clear();
      this.replies = null;
      this.rescan.reset();
    }
    let built = this.built.get(this.focusClass);
    if (!built) {
      built = { datasets: this.buildDatasets(columns, first, end, dense), stale: { window: false, smoothed: false, replies: false } };
      this.built.set(this.focusClass, built);
      if (this.built.size > MAX_BUILT_CLASSES) this.built.delete(this.built.keys().next().value as number);
    } else this.refresh(built, columns, first, end, dense);
    const datasets = built.datasets;
    chart.data.datasets = datasets;
    const drawn = this.drawn;
    const drawKey = `${layout} ${this.focusClass}`;
    // A knob that changed nothing this chart shows (the decoder's) leaves its canvas as it is.
    if (!drawn || !sameDrawing(drawn, drawKey, datasets)) {
      if (drawn && drawn.layout === layout && drawn.focus !== this.focusClass) this.keepShot(drawn);
      if (!this.restoreShot(drawKey, datasets)) this.updateLayered();
      this.drawn = { key: drawKey, layout, focus: this.focusClass, datasets, data: datasets.map((ds) => ds.data) };
    }
    this.drawOverlay();
  }

  /** Keeps the pixels of the layers, which show `drawn`, unless its shot holds them already. */
  private keepShot(drawn: Drawn): void {
    if (!this.layers) return;
    const base = this.baseKey();
    const kept = this.shots.get(drawn.focus);
    this.shots.delete(drawn.focus);
    if (kept && kept.base === base && sameDrawing(kept, drawn.key, drawn.datasets)) {
      this.shots.set(drawn.focus, kept);
      return;
    }
    let reuse = kept?.pixels ?? null;
    const { width, height } = this.chart.canvas;
    // Only classes whose datasets are kept can be shown from their pixels.
    const most = Math.max(1, Math.min(MAX_BUILT_CLASSES, Math.floor(SHOT_BYTES / Math.max(1, width * height * 4 * 3))));
    if (!reuse && this.shots.size >= most) {
      const oldest = this.shots.keys().next().value as number;
      reuse = this.shots.get(oldest)?.pixels ?? null;
      this.shots.delete(oldest);
    }
    this.shots.set(drawn.focus, { ...drawn, base, pixels: this.layers.snapshot(reuse) });
  }

  /** Shows the focus class's kept layers when they show `datasets` as they are, over the same base; false when not. */
  private restoreShot(drawKey: string, datasets: ChartDataset<'line', Point[]>[]): boolean {
    const shot = this.shots.get(this.focusClass);
    if (!shot || !this.layers || !sameDrawing(shot, drawKey, datasets) || shot.base !== this.baseKey() || !shot.base) return false;
    return this.layers.restore(shot.pixels);
  }

  /** Knobs changed `parts` of the store: the kept series and datasets that show them are computed again when drawn. */
  private forgetParts(parts: ColumnParts, columns: number, first: number, end: number): void {
    // Brings the rescan's version up to the store's; what it would rescan (everything) is decided here instead.
    const msPerColumn = (this.view.endMs - this.view.startMs) / columns;
    this.rescan.next(`${columns} ${this.view.startMs} ${this.view.endMs} ${first} ${end}`, {
      first, end, startMs: this.view.startMs, msPerColumn, minColumn: -1, maxColumn: columns + 1,
    });
    const window = parts.probs;
    const smoothed = parts.probs || parts.smoothing;
    const replies = parts.probs || parts.smoothing || parts.replies;
    for (const s of this.series.values()) {
      if (window) s.window = null;
      if (smoothed) s.smoothed = null;
    }
    if (replies) this.replies = null;
    for (const b of this.built.values()) {
      b.stale.window ||= window;
      b.stale.smoothed ||= smoothed;
      b.stale.replies ||= replies;
    }
  }

  /** Brings the kept columns up to the store: those of the frames changed, or all of them. */
  private updateColumns(columns: number, first: number, end: number): void {
    const msPerColumn = (this.view.endMs - this.view.startMs) / columns;
    const rescan = this.rescan.next(`${columns} ${this.view.startMs} ${this.view.endMs} ${first} ${end}`, {
      first, end, startMs: this.view.startMs, msPerColumn, minColumn: -1, maxColumn: columns + 1,
    });
    if (!rescan) return;
    this.built.clear();
    if (rescan.all) {
      this.series.clear();
      this.replies = null;
      return;
    }
    for (const s of this.series.values()) {
      for (const kept of [s.window, s.smoothed]) {
        if (!kept) continue;
        kept.columns.scan(rescan.fromFrame, rescan.toFrame, rescan.fromColumn, rescan.toColumn);
        kept.points = null;
      }
    }
    if (this.replies) this.scanReplies(this.replies, columns, msPerColumn, rescan.fromFrame, rescan.toFrame, rescan.fromColumn, rescan.toColumn);
  }

  /** The focus class's series (window probabilities or smoothed) decimated to the columns. */
  private seriesPoints(which: 'window' | 'smoothed', columns: number, first: number, end: number, dense: boolean): Point[] {
    const k = this.focusClass;
    const c = this.store.classCount;
    const values = which === 'window' ? this.store.probs : this.store.smoothed;
    const { startMs, endMs } = this.view;
    if (!dense) return decimate({ t: this.store.t, values, stride: c, offset: k }, first, end, startMs, endMs, columns, this.toX);
    let kept = this.series.get(k);
    if (!kept) {
      kept = { window: null, smoothed: null };
      this.series.set(k, kept);
      if (this.series.size > MAX_BUILT_CLASSES) this.series.delete(this.series.keys().next().value as number);
    }
    let one = kept[which];
    if (!one) {
      one = { columns: new DecimatedColumns({ t: this.store.t, values, stride: c, offset: k }, columns, startMs, (endMs - startMs) / columns), points: null };
      one.columns.scan(first, end);
      kept[which] = one;
    }
    one.points ??= one.columns.points(this.toX);
    return one.points;
  }

  /** The reply columns for the view (kept when dense). */
  private replyColumns(columns: number, first: number, end: number, dense: boolean): ReplyColumns {
    if (dense && this.replies) return this.replies;
    const replies = { sent: new Int32Array(columns + 2), throttled: new Int32Array(columns + 2) };
    this.scanReplies(replies, columns, (this.view.endMs - this.view.startMs) / columns, first, end, -1, columns + 1);
    if (dense) this.replies = replies;
    return replies;
  }

  /** Gives the kept datasets of a class the data of what knobs changed since they were built. */
  private refresh(built: BuiltClass, columns: number, first: number, end: number, dense: boolean): void {
    const [window, smoothed, sent, throttled] = built.datasets;
    const { stale } = built;
    if (stale.window) {
      window.data = this.seriesPoints('window', columns, first, end, dense);
      this.styleWindowLine(window, columns);
    }
    if (stale.smoothed) {
      smoothed.data = this.seriesPoints('smoothed', columns, first, end, dense);
      this.setLineWidth(smoothed, 2.5, columns);
    }
    if (stale.replies) {
      const replies = this.replyColumns(columns, first, end, dense);
      sent.data = this.replyPoints(replies.sent);
      throttled.data = this.replyPoints(replies.throttled);
    }
    built.stale = { window: false, smoothed: false, replies: false };
  }

  private buildDatasets(columns: number, first: number, end: number, dense: boolean): ChartDataset<'line', Point[]>[] {
    const label = this.store.labels[this.focusClass] ?? '?';
    const t = this.theme;
    const windowPoints = this.seriesPoints('window', columns, first, end, dense);
    const smoothedPoints = this.seriesPoints('smoothed', columns, first, end, dense);
    const replies = this.replyColumns(columns, first, end, dense);
    const smoothed: ChartDataset<'line', Point[]> = { label: `${label} smoothed`, data: smoothedPoints, borderColor: t.blue };
    this.setLineWidth(smoothed, 2.5, columns);
    const window: ChartDataset<'line', Point[]> = { label: `${label} window`, data: windowPoints };
    this.styleWindowLine(window, columns);
    return [
      window,
      smoothed,
      {
        label: 'sent reply',
        data: this.replyPoints(replies.sent),
        showLine: false,
        pointRadius: 3.5,
        pointStyle: 'circle',
        pointBackgroundColor: t.green,
        pointBorderColor: t.green,
        borderColor: t.green,
      },
      {
        label: 'throttled reply',
        data: this.replyPoints(replies.throttled),
        showLine: false,
        pointRadius: 3.5,
        pointStyle: 'crossRot',
        pointBorderColor: withAlpha(t.red, 0.8),
        borderColor: withAlpha(t.red, 0.8),
        pointBorderWidth: 1.2,
      },
    ];
  }

  /**
   * The window line: dashed, but solid and fainter where it has more points than the plot has pixel
   * columns. An hour shown whole zigzags through every column, where the dashes make a band anyway, and
   * Skia dashes such a path slowly (15-20 ms for a class whose probability moves much, each time the focus
   * changes to it).
   */
  private styleWindowLine(ds: ChartDataset<'line', Point[]>, columns: number): void {
    const dense = ds.data.length > columns;
    ds.borderColor = dense ? withAlpha(this.theme.orange, DENSE_WINDOW_ALPHA) : this.theme.orange;
    ds.borderDash = dense ? [] : [4, 3];
    this.setLineWidth(ds, 1.2, columns);
  }

  drawOverlay(): void {
    const area = this.chart.chartArea;
    const empty = !area || this.store.frameCount === 0;
    if (!this.overlayChanged(empty ? 'empty' : this.cursorKey())) return;
    this.overlay.clear();
    if (empty) return;
    this.drawCursor(Math.min(this.overlay.height, area.bottom));
  }
}

/** Whether `drawn` shows the datasets of `key` with their data as they are now. */
function sameDrawing(drawn: Drawn, key: string, datasets: ChartDataset<'line', Point[]>[]): boolean {
  return drawn.key === key && drawn.datasets === datasets && datasets.every((ds, i) => ds.data === drawn.data[i]);
}
