/**
 * The session timeline: lanes for the pipeline status (no hand, buffering, smoothing-filling, ready),
 * target changes, label spans and replies/emissions, drawn once per data change; the playhead, the
 * zoomed view and the loop selection on an overlay. Drag to scrub, shift+drag to select a loop range.
 */
import { CanvasSurface } from './canvasSurface';
import { LabelLane, type LabelLaneParams } from './labelLane';
import type { EvaluationState } from './evaluationState';
import type { ComparisonState } from './comparisonState';
import type { TimeContext } from './panelView';
import type { Playback } from './playback';
import type { SessionStore } from './sessionStore';
import type { Theme } from './theme';
import { withAlpha } from './theme';
import type { TimeView } from './timeView';
import { ObjectIds } from './objectIds';
import { drawDiffLane, drawEmissionMarks, drawErrorLane, drawReplyTicks, drawStatusLane, drawTargetLane, type Lane, type LanePlot, xOfFrame, xOfMs } from './timelineLanes';

export const TIMELINE_GUTTER = 64;
const RIGHT_PAD = 8;
const LANE_H = 14;
const LANE_GAP = 4;

export class Timeline {
  private readonly store: SessionStore;
  private readonly playback: Playback;
  private readonly view: TimeView;
  private readonly evaluation: EvaluationState | undefined;
  private readonly comparison: ComparisonState | undefined;
  private theme: Theme;
  private base: CanvasSurface;
  /**
   * The decoder's emissions, over the lanes: a change of the throttle redraws the reply lane's ticks without
   * an hour's thousands of dots (each a path Skia rasterizes at the commit), a decoder change the dots alone.
   */
  private marks: CanvasSurface;
  private overlay: CanvasSurface;
  private dragging: 'scrub' | 'select' | null = null;
  private selectFrom = 0;
  private lanes: Lane[] = [];
  private readonly labelLane = new LabelLane();
  /** What the overlay shows (overlayChanged). */
  private overlayDrawn = '';
  /** The overlay's cursor x (CSS px), for tests. */
  cursorX = NaN;
  /** What the lanes were drawn for besides the store's columns, and the store's version then (partsChangedSince). */
  private drawnFor = '';
  private drawnVersion = -1;
  private readonly ids = new ObjectIds();

  constructor(baseCanvas: HTMLCanvasElement, marksCanvas: HTMLCanvasElement, overlayCanvas: HTMLCanvasElement, ctx: TimeContext) {
    this.store = ctx.store;
    this.playback = ctx.playback;
    this.view = ctx.view;
    this.evaluation = ctx.evaluation;
    this.comparison = ctx.comparison;
    this.theme = ctx.theme;
    this.base = new CanvasSurface(baseCanvas, () => this.redraw());
    this.marks = new CanvasSurface(marksCanvas, () => this.drawMarks());
    this.overlay = new CanvasSurface(overlayCanvas, () => this.drawOverlay());
    overlayCanvas.addEventListener('pointerdown', this.onPointerDown);
    overlayCanvas.addEventListener('pointermove', this.onPointerMove);
    overlayCanvas.addEventListener('pointerup', this.onPointerUp);
    overlayCanvas.addEventListener('pointercancel', this.onPointerUp);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.drawnFor = '';
    this.redraw();
  }

  private plotWidth(): number {
    return Math.max(1, this.base.width - TIMELINE_GUTTER - RIGHT_PAD);
  }

  /** What the lanes draw on (the lanes' canvas unless told). */
  private plot(ctx = this.base.ctx): LanePlot {
    return { ctx, store: this.store, theme: this.theme, left: TIMELINE_GUTTER, width: this.plotWidth() };
  }

  xOfMs(ms: number): number {
    return xOfMs(this.plot(), ms);
  }

  xOfFrame(frame: number): number {
    return xOfFrame(this.plot(), frame);
  }

  frameAtX(x: number): number {
    const span = this.store.endMs() - this.store.startMs();
    const ms = this.store.startMs() + ((x - TIMELINE_GUTTER) / this.plotWidth()) * span;
    return this.store.frameAtTime(ms);
  }

  /** The lanes drawn now, top to bottom. */
  private laneNames(evaluated: unknown, diff: unknown): string[] {
    const hasLabels = this.store.labelSpans.length > 0;
    return ['status', 'target', ...(hasLabels ? ['labels'] : []), ...(evaluated ? ['errors'] : []), ...(diff ? ['diff'] : []), 'replies'];
  }

  private static laneAt(name: string, i: number): Lane {
    return { name, y: 4 + i * (LANE_H + LANE_GAP), h: LANE_H };
  }

  /** The lanes' font, which the label lane's text is drawn in. */
  private setLaneFont(): void {
    const { ctx } = this.base;
    ctx.font = `11px ${this.theme.fontFamily}`;
    ctx.textBaseline = 'middle';
  }

  /**
   * Draws the label lane's spans ahead of the next redraw(), which then copies them: on an hour's first
   * draw they take as long as the other lanes together, and a rebuild spread over frames gives each its own.
   */
  prepareLabels(): void {
    if (this.store.frameCount === 0) return;
    const names = this.laneNames(this.evaluation?.get(0) ?? null, this.comparison?.get()?.result?.diff ?? null);
    const i = names.indexOf('labels');
    if (i < 0) return;
    this.setLaneFont();
    this.labelLane.prepare(this.base.ctx, this.labelParams(Timeline.laneAt('labels', i)));
  }

  redraw(): void {
    const { ctx, height } = this.base;
    const theme = this.theme;
    const hasLabels = this.store.labelSpans.length > 0;
    const evaluated = this.evaluation?.get(0) ?? null;
    const diff = this.comparison?.get()?.result?.diff ?? null;
    const names = this.laneNames(evaluated, diff);
    const drawnFor = this.drawnForKey(names, evaluated, diff);
    const parts = drawnFor === this.drawnFor ? this.store.partsChangedSince(this.drawnVersion) : null;
    this.drawnFor = drawnFor;
    this.drawnVersion = this.store.version;
    // Only knobs changed the store: the lanes of what they changed are drawn again, the others kept.
    if (parts && this.store.frameCount > 0) {
      if (parts.probs || parts.smoothing) this.redrawLane(this.lanes[0], () => drawStatusLane(this.plot(), this.lanes[0]));
      if (parts.replies) this.redrawLane(this.lanes[this.lanes.length - 1], () => drawReplyTicks(this.plot(), this.lanes[this.lanes.length - 1]));
      if (parts.decoder) this.drawMarks();
      this.drawOverlay();
      return;
    }
    this.base.clear();
    this.lanes = names.map((name, i) => Timeline.laneAt(name, i));
    this.setLaneFont();
    for (const lane of this.lanes) {
      ctx.fillStyle = theme.muted;
      ctx.fillText(lane.name, 4, lane.y + lane.h / 2);
      // The label lane draws its own background with its spans (labelLane.ts).
      if (lane.name === 'labels' && this.store.frameCount > 0) continue;
      ctx.fillStyle = withAlpha(theme.foreground, 0.06);
      ctx.fillRect(TIMELINE_GUTTER, lane.y, this.plotWidth(), lane.h);
    }
    if (this.store.frameCount === 0) {
      this.drawMarks();
      return;
    }
    const plot = this.plot();
    drawStatusLane(plot, this.lanes[0]);
    drawTargetLane(plot, this.lanes[1]);
    if (hasLabels) this.drawLabelLane(this.lanes[2]);
    if (evaluated) drawErrorLane(plot, this.lanes[names.indexOf('errors')], evaluated.scored);
    if (diff) drawDiffLane(plot, this.lanes[names.indexOf('diff')], diff);
    drawReplyTicks(plot, this.lanes[this.lanes.length - 1]);
    ctx.strokeStyle = theme.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(TIMELINE_GUTTER + 0.5, 0.5, this.plotWidth(), height - 1);
    this.drawMarks();
    this.drawOverlay();
  }

  /** The emissions' canvas, drawn whole. */
  private drawMarks(): void {
    this.marks.clear();
    const lane = this.lanes[this.lanes.length - 1];
    if (this.store.frameCount === 0 || lane?.name !== 'replies') return;
    drawEmissionMarks(this.plot(this.marks.ctx), lane);
  }

  /** What the lanes show besides the store's columns: the canvas, theme, lanes, spans, evaluation and comparison. */
  private drawnForKey(names: string[], evaluated: unknown, diff: unknown): string {
    const { canvas, width, height } = this.base;
    return [canvas.width, canvas.height, width, height, this.theme.foreground, this.theme.background, names.join(','), this.ids.of(evaluated), this.ids.of(diff), this.ids.of(this.store.labelSpans), this.ids.of(this.store.targets)].join(' ');
  }

  /** Clears one lane (with room for the reply lane's marks past the plot's edges), draws it, and its border again. */
  private redrawLane(lane: Lane, draw: () => void): void {
    const { ctx, height } = this.base;
    const theme = this.theme;
    const left = TIMELINE_GUTTER - 4;
    ctx.clearRect(left, lane.y, this.base.width - left, lane.h);
    ctx.fillStyle = withAlpha(theme.foreground, 0.06);
    ctx.fillRect(TIMELINE_GUTTER, lane.y, this.plotWidth(), lane.h);
    draw();
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, lane.y, this.base.width - left, lane.h);
    ctx.clip();
    ctx.strokeStyle = theme.border;
    ctx.lineWidth = 1;
    ctx.strokeRect(TIMELINE_GUTTER + 0.5, 0.5, this.plotWidth(), height - 1);
    ctx.restore();
  }

  private drawLabelLane(lane: Lane): void {
    this.labelLane.draw(this.base.ctx, this.labelParams(lane));
  }

  private labelParams(lane: Lane): LabelLaneParams {
    const store = this.store;
    return {
      spans: store.labelSpans,
      lane,
      left: TIMELINE_GUTTER,
      plotWidth: this.plotWidth(),
      xOfMs: (ms) => this.xOfMs(ms),
      scaleKey: `${store.startMs()} ${store.endMs()}`,
      theme: this.theme,
    };
  }

  /** The middle of a lane in CSS pixels (for tests), or null when it is not drawn. */
  laneMiddle(name: string): number | null {
    const lane = this.lanes.find((l) => l.name === name);
    return lane ? lane.y + lane.h / 2 : null;
  }

  /** Lanes drawn now (the strip's height follows). */
  laneCount(): number {
    return this.lanes.length;
  }

  /**
   * False when the overlay already shows `what` at this size and theme: while playing an hour, the
   * playhead moves a pixel every few seconds, and a canvas left alone costs nothing to paint.
   */
  private overlayChanged(what: string): boolean {
    const { canvas, width, height } = this.overlay;
    const key = `${canvas.width}x${canvas.height} ${width}x${height} ${this.theme.focus} ${what}`;
    if (key === this.overlayDrawn) return false;
    this.overlayDrawn = key;
    return true;
  }

  drawOverlay(): void {
    const { ctx, height } = this.overlay;
    const theme = this.theme;
    const x = this.store.frameCount === 0 ? NaN : this.xOfFrame(this.playback.frame);
    this.cursorX = x;
    const fit = this.store.frameCount === 0 || this.view.isFit();
    const sel = this.store.frameCount === 0 ? null : this.playback.selection;
    const zoomed = fit ? '' : `${this.xOfMs(this.view.startMs).toFixed(1)}-${this.xOfMs(this.view.endMs).toFixed(1)}`;
    const selected = sel ? `${this.xOfFrame(sel.startFrame).toFixed(1)}-${this.xOfFrame(sel.endFrame).toFixed(1)} ${this.playback.loopOn}` : '';
    if (!this.overlayChanged(`${x.toFixed(1)} ${zoomed} ${selected}`)) return;
    this.overlay.clear();
    if (this.store.frameCount === 0) return;
    // The charts' zoomed span.
    if (!fit) {
      const x0 = this.xOfMs(this.view.startMs);
      const x1 = this.xOfMs(this.view.endMs);
      ctx.strokeStyle = withAlpha(theme.focus, 0.9);
      ctx.setLineDash([3, 3]);
      ctx.strokeRect(x0 + 0.5, 0.5, Math.max(2, x1 - x0 - 1), height - 1);
      ctx.setLineDash([]);
    }
    if (sel) {
      const x0 = this.xOfFrame(sel.startFrame);
      const x1 = this.xOfFrame(sel.endFrame);
      ctx.fillStyle = withAlpha(theme.focus, this.playback.loopOn ? 0.28 : 0.14);
      ctx.fillRect(x0, 0, Math.max(2, x1 - x0), height);
    }
    ctx.fillStyle = theme.focus;
    ctx.fillRect(Math.round(x) - 1, 0, 2, height);
    ctx.beginPath();
    ctx.moveTo(x - 5, 0);
    ctx.lineTo(x + 5, 0);
    ctx.lineTo(x, 6);
    ctx.fill();
  }

  private localX(e: PointerEvent): number {
    return e.clientX - this.overlay.canvas.getBoundingClientRect().left;
  }

  private onPointerDown = (e: PointerEvent): void => {
    if (this.store.frameCount === 0 || e.button !== 0) return;
    this.overlay.canvas.setPointerCapture(e.pointerId);
    const frame = this.frameAtX(this.localX(e));
    if (e.shiftKey) {
      this.dragging = 'select';
      this.selectFrom = frame;
      this.playback.setSelection({ startFrame: frame, endFrame: frame });
    } else {
      this.dragging = 'scrub';
      this.playback.pause();
      this.playback.seek(frame);
    }
    e.preventDefault();
  };

  private onPointerMove = (e: PointerEvent): void => {
    if (!this.dragging) return;
    const frame = this.frameAtX(this.localX(e));
    if (this.dragging === 'scrub') this.playback.seek(frame);
    else {
      this.playback.setSelection({
        startFrame: Math.min(this.selectFrom, frame),
        endFrame: Math.max(this.selectFrom, frame),
      });
    }
  };

  private onPointerUp = (e: PointerEvent): void => {
    if (this.dragging === 'select') {
      const sel = this.playback.selection;
      if (sel && sel.endFrame - sel.startFrame < 2) this.playback.setSelection(null);
    }
    this.dragging = null;
    if (this.overlay.canvas.hasPointerCapture(e.pointerId)) this.overlay.canvas.releasePointerCapture(e.pointerId);
  };
}
