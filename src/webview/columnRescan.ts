/**
 * What a view that keeps per pixel column summaries of the session between draws (the heatmap, the
 * decimated lines) must compute again: every column when the time view, the width or the series changed,
 * or when the store changed more than some frames' results (SessionStore.changedSince); otherwise only
 * the columns of the frames whose results arrived since, which keeps a rebuild while an hour's results
 * stream in proportional to what arrived rather than to the hour.
 */
import type { SessionStore } from './sessionStore';

export interface Rescan {
  /** Every column: what was kept is stale. */
  all: boolean;
  /** The columns [fromColumn, toColumn) to compute again... */
  fromColumn: number;
  toColumn: number;
  /** ...from the frames [fromFrame, toFrame) (a superset: frames outside the columns are skipped). */
  fromFrame: number;
  toFrame: number;
}

/** The frames a view shows and how they map to columns: column = floor((t - startMs) / msPerColumn). */
export interface ColumnLayout {
  /** Frames [first, end) are drawn. */
  first: number;
  end: number;
  startMs: number;
  msPerColumn: number;
  /** Columns [minColumn, maxColumn) exist; frames beyond them count in the edge columns. */
  minColumn: number;
  maxColumn: number;
}

export class ColumnRescan {
  private key = '';
  private version = -1;

  constructor(private readonly store: SessionStore) {}

  /** Forgets what was computed: the next call rescans every column. */
  reset(): void {
    this.key = '';
  }

  /**
   * What to compute for the summaries of `key` (everything they depend on besides the store's results:
   * view, width, series, theme) laid out as `layout`; null when nothing changed since the last call.
   */
  next(key: string, layout: ColumnLayout): Rescan | null {
    const changed = key === this.key ? this.store.changedSince(this.version) : null;
    this.key = key;
    this.version = this.store.version;
    const { first, end, startMs, msPerColumn, minColumn, maxColumn } = layout;
    if (!changed) return { all: true, fromColumn: minColumn, toColumn: maxColumn, fromFrame: first, toFrame: end };
    const from = Math.max(first, changed[0]);
    const to = Math.min(end, changed[1]);
    if (from >= to) return null;
    // timeOf: a frame not received yet (the one after a message's frames, say) is placed by the fps.
    const column = (i: number): number => Math.floor((this.store.timeOf(i) - startMs) / msPerColumn);
    // A column more on each side: a frame's span reaches the next frame's column, and the views' own
    // arithmetic may round a frame into its neighbour.
    const fromColumn = Math.max(minColumn, column(from) - 1);
    const toColumn = Math.min(maxColumn, (to < end ? column(to) : column(to - 1)) + 2);
    if (fromColumn >= toColumn) return null;
    const fromFrame = Math.max(first, this.store.frameAtTime(startMs + fromColumn * msPerColumn) - 1);
    const toFrame = Math.min(end, this.store.frameAtTime(startMs + toColumn * msPerColumn) + 2);
    return { all: false, fromColumn, toColumn, fromFrame, toFrame };
  }
}
