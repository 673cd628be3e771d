/**
 * Smoothing and throttling for the class in focus: its raw window probability and its smoothed
 * probability over time, and the replies (their `target_arg_prob` as on the wire) that throttling
 * sent (filled points) or held back (hollow crosses). Shares the time view and the playhead overlay.
 */
import type { ChartDataset } from 'chart.js';
import { ColumnRescan } from './columnRescan';
import { decimate, DecimatedColumns, type Point } from './decimate';
import type { TimeContext } from './panelView';
import { withAlpha, type Theme } from './theme';
import { TimeChart } from './timeChart';

/** Classes whose datasets are kept for the current data and view. */
const MAX_BUILT_CLASSES = 8;

/** Per pixel column (-1 and `columns` hold the frames beyond the edges), the first frame with a reply sent or held back; -1: none. */
interface ReplyColumns {
  sent: Int32Array;
  throttled: Int32Array;
}

export class SmoothingChart extends TimeChart {
  focusClass = 0;
  /**
   * The datasets built per class for one state of data, view and width: auto focus follows the argmax
   * while playing and keeps returning to classes it showed a moment ago, which then cost no decimation.
   */
  private built = new Map<number, ChartDataset<'line', Point[]>[]>();
  private builtFor = '';
  /**
   * An hour shown whole: the series decimated per pixel column, per class, and the reply columns, kept
   * while results stream in (only the columns of the frames that arrived are computed again).
   */
  private series = new Map<number, { window: DecimatedColumns; smoothed: DecimatedColumns }>();
  private replies: ReplyColumns | null = null;
  private readonly rescan: ColumnRescan;

  constructor(canvas: HTMLCanvasElement, overlayCanvas: HTMLCanvasElement, ctx: TimeContext) {
    super(canvas, overlayCanvas, ctx, undefined);
    this.rescan = new ColumnRescan(ctx.store);
  }

  override setTheme(theme: Theme): void {
    this.builtFor = '';
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
    const chart = this.chart;
    const columns = this.fitToView();
    const first = Math.max(0, this.store.frameAtTime(this.view.startMs) - 1);
    const end = Math.min(this.store.frameCount, this.store.frameAtTime(this.view.endMs) + 2);
    const dense = end - first > columns * 2;
    const key = `${dense ? '' : this.store.version} ${this.view.startMs} ${this.view.endMs} ${columns} ${first} ${end}`;
    if (key !== this.builtFor) {
      this.built.clear();
      this.builtFor = key;
    }
    if (dense) this.updateColumns(columns, first, end);
    else {
      this.series.clear();
      this.replies = null;
      this.rescan.reset();
    }
    let datasets = this.built.get(this.focusClass);
    if (!datasets) {
      datasets = this.buildDatasets(columns, first, end, dense);
      this.built.set(this.focusClass, datasets);
      if (this.built.size > MAX_BUILT_CLASSES) this.built.delete(this.built.keys().next().value as number);
    }
    chart.data.datasets = datasets;
    chart.update('none');
    this.drawOverlay();
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
      s.window.scan(rescan.fromFrame, rescan.toFrame, rescan.fromColumn, rescan.toColumn);
      s.smoothed.scan(rescan.fromFrame, rescan.toFrame, rescan.fromColumn, rescan.toColumn);
    }
    if (this.replies) this.scanReplies(this.replies, columns, msPerColumn, rescan.fromFrame, rescan.toFrame, rescan.fromColumn, rescan.toColumn);
  }

  private buildDatasets(columns: number, first: number, end: number, dense: boolean): ChartDataset<'line', Point[]>[] {
    const k = this.focusClass;
    const c = this.store.classCount;
    const label = this.store.labels[k] ?? '?';
    const t = this.theme;
    const { startMs, endMs } = this.view;
    const msPerColumn = (endMs - startMs) / columns;
    let windowPoints: Point[];
    let smoothedPoints: Point[];
    let replies: ReplyColumns;
    if (dense) {
      let kept = this.series.get(k);
      if (!kept) {
        const source = (values: Float32Array) => new DecimatedColumns({ t: this.store.t, values, stride: c, offset: k }, columns, startMs, msPerColumn);
        kept = { window: source(this.store.probs), smoothed: source(this.store.smoothed) };
        kept.window.scan(first, end);
        kept.smoothed.scan(first, end);
        this.series.set(k, kept);
        if (this.series.size > MAX_BUILT_CLASSES) this.series.delete(this.series.keys().next().value as number);
      }
      windowPoints = kept.window.points(this.toX);
      smoothedPoints = kept.smoothed.points(this.toX);
    } else {
      const series = (values: Float32Array): Point[] => decimate({ t: this.store.t, values, stride: c, offset: k }, first, end, startMs, endMs, columns, this.toX);
      windowPoints = series(this.store.probs);
      smoothedPoints = series(this.store.smoothed);
    }
    if (dense && this.replies) replies = this.replies;
    else {
      replies = { sent: new Int32Array(columns + 2), throttled: new Int32Array(columns + 2) };
      this.scanReplies(replies, columns, msPerColumn, first, end, -1, columns + 1);
      if (dense) this.replies = replies;
    }
    const smoothed: ChartDataset<'line', Point[]> = { label: `${label} smoothed`, data: smoothedPoints, borderColor: t.blue };
    this.setLineWidth(smoothed, 2.5, columns);
    return [
      { label: `${label} window`, data: windowPoints, borderColor: t.orange, borderWidth: 1.2, borderDash: [4, 3] },
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

  drawOverlay(): void {
    const area = this.chart.chartArea;
    const empty = !area || this.store.frameCount === 0;
    if (!this.overlayChanged(empty ? 'empty' : this.cursorKey())) return;
    this.overlay.clear();
    if (empty) return;
    this.drawCursor(Math.min(this.overlay.height, area.bottom));
  }
}
