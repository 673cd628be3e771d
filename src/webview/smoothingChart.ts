/**
 * Smoothing and throttling for the class in focus: its raw window probability and its smoothed
 * probability over time, and the replies (their `target_arg_prob` as on the wire) that throttling
 * sent (filled points) or held back (hollow crosses). Shares the time view and the playhead overlay.
 */
import type { Chart as ChartType, ChartDataset } from 'chart.js';
import { applyAxisTheme, createTimeChart } from './chartSetup';
import { CanvasSurface } from './canvasSurface';
import { decimate, type Point } from './decimate';
import type { Playback } from './playback';
import type { SessionStore } from './sessionStore';
import { withAlpha, type Theme } from './theme';
import type { TimeView } from './timeView';

/** Classes whose datasets are kept for the current data and view. */
const MAX_BUILT_CLASSES = 8;

export class SmoothingChart {
  readonly chart: ChartType<'line', Point[]>;
  private overlay: CanvasSurface;
  private theme: Theme;
  focusClass = 0;
  cursorX = NaN;
  /**
   * The datasets built per class for one state of data, view and width: auto focus follows the argmax
   * while playing and keeps returning to classes it showed a moment ago, which then cost no decimation.
   */
  private built = new Map<number, ChartDataset<'line', Point[]>[]>();
  private builtFor = '';
  /** Reply points do not depend on the class in focus. */
  private builtReplies: { sent: Point[]; throttled: Point[] } | null = null;

  constructor(
    canvas: HTMLCanvasElement,
    overlayCanvas: HTMLCanvasElement,
    private readonly store: SessionStore,
    private readonly playback: Playback,
    private readonly view: TimeView,
    theme: Theme,
  ) {
    this.theme = theme;
    this.chart = createTimeChart(canvas, () => this.theme, undefined);
    this.overlay = new CanvasSurface(overlayCanvas, () => this.drawOverlay());
    this.chart.options.onResize = () => requestAnimationFrame(() => this.rebuild());
    this.applyTheme();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.builtFor = '';
    this.applyTheme();
    this.rebuild();
  }

  private applyTheme(): void {
    applyAxisTheme(this.chart, this.theme);
  }

  private toX = (ms: number): number => (ms - this.store.startMs()) / 1000;

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
    const x = chart.options.scales?.x;
    if (x) {
      x.min = this.toX(this.view.startMs);
      x.max = this.toX(this.view.endMs);
    }
    const columns = Math.max(16, Math.round(chart.chartArea ? chart.chartArea.width : chart.width));
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
    const surface = this.overlay;
    const { ctx, height } = surface;
    surface.clear();
    const area = this.chart.chartArea;
    if (!area || this.store.frameCount === 0) return;
    const x = this.chart.scales.x.getPixelForValue(this.toX(this.store.timeOf(this.playback.frame)));
    this.cursorX = x;
    if (x < area.left - 0.5 || x > area.right + 0.5) return;
    ctx.fillStyle = this.theme.focus;
    ctx.fillRect(Math.round(x) - 1, area.top, 2, Math.min(height, area.bottom) - area.top);
  }

  toPng(): string {
    return this.chart.toBase64Image('image/png');
  }
}
