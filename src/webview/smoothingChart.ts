/**
 * Smoothing and throttling for the class in focus: its raw window probability and its smoothed
 * probability over time, and the replies (their `target_arg_prob` as on the wire) that throttling
 * sent (filled points) or held back (hollow crosses). Shares the time view and the playhead overlay.
 */
import type { ChartDataset } from 'chart.js';
import { decimate, type Point } from './decimate';
import type { TimeContext } from './panelView';
import { withAlpha, type Theme } from './theme';
import { TimeChart } from './timeChart';

/** Classes whose datasets are kept for the current data and view. */
const MAX_BUILT_CLASSES = 8;

export class SmoothingChart extends TimeChart {
  focusClass = 0;
  /**
   * The datasets built per class for one state of data, view and width: auto focus follows the argmax
   * while playing and keeps returning to classes it showed a moment ago, which then cost no decimation.
   */
  private built = new Map<number, ChartDataset<'line', Point[]>[]>();
  private builtFor = '';
  /** Reply points do not depend on the class in focus. */
  private builtReplies: { sent: Point[]; throttled: Point[] } | null = null;

  constructor(canvas: HTMLCanvasElement, overlayCanvas: HTMLCanvasElement, ctx: TimeContext) {
    super(canvas, overlayCanvas, ctx, undefined);
  }

  override setTheme(theme: Theme): void {
    this.builtFor = '';
    super.setTheme(theme);
  }

  /** One reply point per pixel column and kind keeps 60-minute sessions light. */
  private replyPoints(first: number, end: number, sent: boolean, columns: number): Point[] {
    const out: Point[] = [];
    const span = this.view.span();
    let lastCol = -1;
    for (let i = first; i < end; i++) {
      if (this.store.replyLetter[i] < 0 || (this.store.sent[i] === 1) !== sent) continue;
      const col = Math.floor(((this.store.t[i] - this.view.startMs) / span) * columns);
      if (col === lastCol) continue;
      lastCol = col;
      out.push({ x: this.toX(this.store.t[i]), y: this.store.replyProb[i] });
    }
    return out;
  }

  rebuild(): void {
    const chart = this.chart;
    const columns = this.fitToView();
    const key = `${this.store.version} ${this.view.startMs} ${this.view.endMs} ${columns}`;
    if (key !== this.builtFor) {
      this.built.clear();
      this.builtReplies = null;
      this.builtFor = key;
    }
    let datasets = this.built.get(this.focusClass);
    if (!datasets) {
      datasets = this.buildDatasets(columns);
      this.built.set(this.focusClass, datasets);
      if (this.built.size > MAX_BUILT_CLASSES) this.built.delete(this.built.keys().next().value as number);
    }
    chart.data.datasets = datasets;
    chart.update('none');
    this.drawOverlay();
  }

  private buildDatasets(columns: number): ChartDataset<'line', Point[]>[] {
    const first = Math.max(0, this.store.frameAtTime(this.view.startMs) - 1);
    const end = Math.min(this.store.frameCount, this.store.frameAtTime(this.view.endMs) + 2);
    const k = this.focusClass;
    const c = this.store.classCount;
    const label = this.store.labels[k] ?? '?';
    const t = this.theme;
    const series = (values: Float32Array): Point[] =>
      decimate({ t: this.store.t, values, stride: c, offset: k }, first, end, this.view.startMs, this.view.endMs, columns, this.toX);
    const replies = (this.builtReplies ??= {
      sent: this.replyPoints(first, end, true, columns),
      throttled: this.replyPoints(first, end, false, columns),
    });
    return [
      { label: `${label} window`, data: series(this.store.probs), borderColor: t.orange, borderWidth: 1.2, borderDash: [4, 3] },
      { label: `${label} smoothed`, data: series(this.store.smoothed), borderColor: t.blue, borderWidth: 2.5 },
      {
        label: 'sent reply',
        data: replies.sent,
        showLine: false,
        pointRadius: 3.5,
        pointStyle: 'circle',
        pointBackgroundColor: t.green,
        pointBorderColor: t.green,
        borderColor: t.green,
      },
      {
        label: 'throttled reply',
        data: replies.throttled,
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
    this.overlay.clear();
    const area = this.chart.chartArea;
    if (!area || this.store.frameCount === 0) return;
    this.drawCursor(Math.min(this.overlay.height, area.bottom));
  }
}
