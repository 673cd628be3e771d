/**
 * The timeline's lanes drawn from the store's columns over the whole session: the pipeline status, the
 * target changes, the evaluation's errors, the compared models' differences and the replies. Each draws
 * into its lane's box on the timeline's base canvas, one pixel column per step of the plot.
 */
import { STATUS_BUFFERING, STATUS_NO_HAND, STATUS_PENDING, STATUS_SMOOTHING } from '../protocol/messages';
import { DIFF_SENT, DIFF_TOP1 } from '../core/evaluation/frameDifferences';
import type { ScoredFrames } from '../core/evaluation/types';
import type { SessionStore } from './sessionStore';
import { withAlpha, type Theme } from './theme';

export interface Lane {
  name: string;
  y: number;
  h: number;
}

/** Where the lanes draw: the base canvas, the plot's left edge and width (CSS px) over the session's span. */
export interface LanePlot {
  ctx: CanvasRenderingContext2D;
  store: SessionStore;
  theme: Theme;
  left: number;
  width: number;
}

/** The x of a session time (ms) on the plot. */
export function xOfMs(plot: LanePlot, ms: number): number {
  const { store } = plot;
  const span = Math.max(1, store.endMs() - store.startMs());
  return plot.left + ((ms - store.startMs()) / span) * plot.width;
}

export function xOfFrame(plot: LanePlot, frame: number): number {
  return xOfMs(plot, plot.store.timeOf(frame));
}

/**
 * x of every frame, as xOfFrame gives it, for the lanes' loops over an hour's frames (one scale
 * computed once rather than the session's bounds per frame).
 */
function frameX(plot: LanePlot): (frame: number) => number {
  const { store, left } = plot;
  const start = store.startMs();
  const scale = plot.width / Math.max(1, store.endMs() - start);
  const { t } = store;
  return (i) => {
    const ms = t[i];
    return left + ((Number.isNaN(ms) ? store.timeOf(i) : ms) - start) * scale;
  };
}

/** The pixel columns [from, to) a frame covers: from its x to the next frame's (at least one). */
function frameColumns(plot: LanePlot, frame: number, width: number): [number, number] {
  const at = (f: number) => Math.min(width - 1, Math.max(0, Math.floor(xOfFrame(plot, f) - plot.left)));
  const from = at(frame);
  const to = frame + 1 < plot.store.frameCount ? Math.max(from + 1, at(frame + 1)) : from + 1;
  return [from, to];
}

function statusColor(theme: Theme, status: number): string | null {
  if (status === STATUS_NO_HAND) return withAlpha(theme.muted, 0.55);
  if (status === STATUS_BUFFERING) return theme.yellow;
  if (status === STATUS_SMOOTHING) return theme.orange;
  if (status === STATUS_PENDING) return null;
  return theme.green;
}

/** One pixel column per step; a column shows its most frequent status. */
export function drawStatusLane(plot: LanePlot, lane: Lane): void {
  const { ctx, store, left } = plot;
  const w = Math.floor(plot.width);
  const counts = new Uint32Array(w * 5);
  const xOf = frameX(plot);
  for (let i = 0; i < store.frameCount; i++) {
    const col = Math.min(w - 1, Math.max(0, Math.floor(xOf(i) - left)));
    // Before (or without) an analysis, frames without a hand are still known to be no-hand.
    let s = store.status[i];
    if (s === STATUS_PENDING && store.frameKnown[i] && !store.hasHand[i]) s = STATUS_NO_HAND;
    counts[col * 5 + (s === STATUS_PENDING ? 4 : s)]++;
  }
  let runStart = 0;
  let runStatus = -1;
  const paint = (endCol: number): void => {
    const color = runStatus < 0 ? null : statusColor(plot.theme, runStatus === 4 ? STATUS_PENDING : runStatus);
    if (color) {
      ctx.fillStyle = color;
      ctx.fillRect(left + runStart, lane.y, endCol - runStart, lane.h);
    }
  };
  let lastStatus = -1;
  for (let col = 0; col < w; col++) {
    let best = -1;
    let bestCount = 0;
    for (let s = 0; s < 5; s++) {
      if (counts[col * 5 + s] > bestCount) {
        bestCount = counts[col * 5 + s];
        best = s;
      }
    }
    // Columns without a frame (sparse sessions) continue the previous status.
    if (best < 0) best = lastStatus;
    lastStatus = best;
    if (best !== runStatus) {
      paint(col);
      runStart = col;
      runStatus = best;
    }
  }
  paint(w);
}

export function drawTargetLane(plot: LanePlot, lane: Lane): void {
  const { ctx, store, theme } = plot;
  const targets = store.targets;
  ctx.textBaseline = 'middle';
  for (let i = 0; i < targets.length; i++) {
    const x = xOfFrame(plot, Math.min(targets[i].frame, store.frameCount - 1));
    const next = i + 1 < targets.length ? xOfFrame(plot, Math.min(targets[i + 1].frame, store.frameCount - 1)) : plot.left + plot.width;
    ctx.fillStyle = withAlpha(theme.purple, 0.25);
    ctx.fillRect(x, lane.y, Math.max(1, next - x), lane.h);
    ctx.fillStyle = theme.purple;
    ctx.fillRect(x, lane.y, 2, lane.h);
    ctx.fillStyle = theme.foreground;
    if (next - x > 14) ctx.fillText(targets[i].letter ?? 'free', x + 4, lane.y + lane.h / 2);
  }
}

/**
 * Scored frames against their labels: a faint green column where every scored frame is read right, a
 * red one where any is wrong (so a single wrong frame in an hour still shows).
 */
export function drawErrorLane(plot: LanePlot, lane: Lane, scored: ScoredFrames): void {
  const { ctx, left } = plot;
  const w = Math.floor(plot.width);
  const columns = new Uint8Array(w);
  for (let i = 0; i < scored.frame.length; i++) {
    const value = scored.label[i] === scored.prediction[i] ? 1 : 2;
    const [from, to] = frameColumns(plot, scored.frame[i], w);
    for (let col = from; col < to; col++) columns[col] = Math.max(columns[col], value);
  }
  for (const [value, colour] of [[1, withAlpha(plot.theme.green, 0.35)], [2, plot.theme.red]] as const) {
    ctx.fillStyle = colour;
    for (let col = 0; col < w; col++) if (columns[col] === value) ctx.fillRect(left + col, lane.y, 1, lane.h);
  }
}

/**
 * Where the compared models differ: the upper half orange where the top-1 predictions differ, the lower
 * half purple where the sent replies differ (a pixel column is marked when any of its frames is).
 */
export function drawDiffLane(plot: LanePlot, lane: Lane, diff: Uint8Array): void {
  const { ctx, left } = plot;
  const w = Math.floor(plot.width);
  const columns = new Uint8Array(w);
  const n = Math.min(diff.length, plot.store.frameCount);
  for (let i = 0; i < n; i++) {
    if (!diff[i]) continue;
    const [from, to] = frameColumns(plot, i, w);
    for (let col = from; col < to; col++) columns[col] |= diff[i];
  }
  const half = lane.h / 2;
  for (const [bit, colour, y] of [[DIFF_TOP1, plot.theme.orange, lane.y], [DIFF_SENT, plot.theme.purple, lane.y + half]] as const) {
    ctx.fillStyle = colour;
    for (let col = 0; col < w; col++) if (columns[col] & bit) ctx.fillRect(left + col, y, 1, half);
  }
}

/** A tick in the lower half per pixel column with a sent reply; a red dot per emission. */
/** The reply lane's sent replies: a tick per pixel column that has one. */
export function drawReplyTicks(plot: LanePlot, lane: Lane): void {
  const { ctx, store, theme } = plot;
  let lastX = -1;
  const xOf = frameX(plot);
  ctx.fillStyle = theme.foreground;
  for (let i = 0; i < store.frameCount; i++) {
    if (!store.sent[i]) continue;
    const x = Math.round(xOf(i));
    if (x === lastX) continue;
    lastX = x;
    ctx.fillRect(x, lane.y + lane.h / 2, 1, lane.h / 2);
  }
}

/** The reply lane's decoder emissions: a dot each, over the ticks (the timeline draws them on a canvas of their own). */
export function drawEmissionMarks(plot: LanePlot, lane: Lane): void {
  const { ctx, store, theme } = plot;
  const xOf = frameX(plot);
  ctx.fillStyle = theme.red;
  for (let i = 0; i < store.frameCount; i++) {
    if (store.emitted[i] < 0) continue;
    const x = xOf(i);
    ctx.beginPath();
    ctx.arc(x, lane.y + 4, 3.5, 0, Math.PI * 2);
    ctx.fill();
  }
}
