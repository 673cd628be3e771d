/**
 * When the panel draws: at most once per animation frame however many changes asked for it (a user's
 * knob change at once, in its own task, once between two frames: drawNow), and with what needs
 * redrawing. Playhead moves redraw only the overlays; zoom and choices rebuild the traces; new data
 * rebuilds traces and lanes, at most every STREAM_REBUILD_MS while an analysis streams results in (a
 * rebuild of an hour's traces for every results message would stall playback).
 */

/** While an analysis streams results in, the traces and lanes are rebuilt at most this often. */
export const STREAM_REBUILD_MS = 250;

/** What the next draw rebuilds besides the overlays. */
export interface Rebuilds {
  /** Traces and anything else that depends on the data, the zoom or the view choices. */
  traces: boolean;
  /** The session-wide timeline lanes: they change with the data or the theme, not with zoom. */
  timeline: boolean;
  /**
   * With `traces`: the window distributions, or anything drawn beside them, may have changed. False when
   * only what is computed from them changed (smoothing, replies, transcript: a knob), so the views that
   * draw the window distributions keep their traces.
   */
  windows: boolean;
}

/** The browser's frame and timer functions (a test passes its own clock). */
export interface FrameClock {
  requestFrame(callback: () => void): void;
  setTimeout(callback: () => void, ms: number): void;
  now(): number;
}

const browserClock: FrameClock = {
  requestFrame: (callback) => void requestAnimationFrame(callback),
  setTimeout: (callback, ms) => void setTimeout(callback, ms),
  now: () => performance.now(),
};

export class DrawScheduler {
  private traces = false;
  private timeline = false;
  private windows = false;
  /** New data not yet in the traces and lanes; while results stream in it waits for the next rebuild slot. */
  private dataDirty = false;
  private lastDataRebuildMs = -Infinity;
  private dataTimerSet = false;
  private frameRequested = false;
  /** The requested animation frame draws (request()); it may be requested only to end drawNow()'s interval. */
  private drawInFrame = false;
  /** drawNow() drew since the last animation frame. */
  private drewBetweenFrames = false;
  /** The rebuild take() gave last came from new data alone while results stream in (see spreadable). */
  private dataOnly = false;
  /** The last data rebuild was taken while results streamed in: the next one is the stream's last. */
  private lastDataStreamed = false;

  /**
   * `draw` runs in the animation frame and calls take(); `streaming` says whether more results are on
   * their way (data rebuilds are then spaced out).
   */
  constructor(
    private readonly draw: () => void,
    private readonly streaming: () => boolean,
    private readonly clock: FrameClock = browserClock,
  ) {}

  /**
   * Asks for a draw in the next animation frame: overlays always, traces and lanes when asked;
   * `windows: false` when the window distributions did not change (see Rebuilds).
   */
  request(traces: boolean, timeline = traces, windows = traces): void {
    this.ask(traces, timeline, windows);
    this.drawInFrame = true;
    this.requestFrame();
  }

  /**
   * Draws now, in the task that asks, instead of in the next animation frame: what a user's change
   * asks for is then drawn while the frame is awaited, and the frame only paints it. At most one such
   * draw between two animation frames; a second one in the same interval is left to the next frame,
   * so changes that come faster than frames are still drawn once per frame.
   */
  drawNow(traces: boolean, timeline = traces, windows = traces): void {
    if (this.drewBetweenFrames) {
      this.request(traces, timeline, windows);
      return;
    }
    this.ask(traces, timeline, windows);
    this.drewBetweenFrames = true;
    // The next frame ends the interval; it draws too if something asked for its draw.
    this.requestFrame();
    this.draw();
  }

  private ask(traces: boolean, timeline: boolean, windows: boolean): void {
    if (traces) this.traces = true;
    if (timeline) this.timeline = true;
    if (windows) this.windows = true;
  }

  private requestFrame(): void {
    if (this.frameRequested) return;
    this.frameRequested = true;
    this.clock.requestFrame(() => {
      this.frameRequested = false;
      this.drewBetweenFrames = false;
      if (!this.drawInFrame) return;
      this.drawInFrame = false;
      this.draw();
    });
  }

  /** New frames or results: the traces and lanes need a rebuild, coalesced while the analysis streams. */
  requestData(): void {
    this.dataDirty = true;
    this.request(false);
  }

  /** True while new data waits for its rebuild (the panel is not fully drawn yet). */
  get dataPending(): boolean {
    return this.dataDirty;
  }

  /** A new session: no data waits, and its first data is drawn at once. */
  reset(): void {
    this.dataDirty = false;
    this.lastDataRebuildMs = -Infinity;
    this.lastDataStreamed = false;
  }

  /** Called by the draw: what to rebuild in this frame, with pending data folded in unless it must wait. */
  take(): Rebuilds {
    const asked = this.traces || this.timeline;
    const streaming = this.streaming();
    const data = this.takeData();
    // The stream's last data is spread too: drawn whole, an hour's was the loading's longest task.
    this.dataOnly = data && !asked && (streaming || this.lastDataStreamed);
    if (data) this.lastDataStreamed = streaming;
    const rebuilds = { traces: this.traces, timeline: this.timeline, windows: this.windows };
    this.traces = false;
    this.timeline = false;
    this.windows = false;
    return rebuilds;
  }

  /**
   * True when the rebuild take() gave last is new data's alone while an analysis streams results in, or
   * the stream's last: the panel may spread it over a few animation frames (nothing the user did waits for it).
   */
  get spreadable(): boolean {
    return this.dataOnly;
  }

  /**
   * Folds pending data into this frame's rebuild, unless one ran less than STREAM_REBUILD_MS ago
   * mid-stream; true when it did.
   */
  private takeData(): boolean {
    if (!this.dataDirty) return false;
    const now = this.clock.now();
    const wait = this.lastDataRebuildMs + STREAM_REBUILD_MS - now;
    if (this.streaming() && wait > 0) {
      if (!this.dataTimerSet) {
        this.dataTimerSet = true;
        this.clock.setTimeout(() => {
          this.dataTimerSet = false;
          this.request(false);
        }, wait);
      }
      return false;
    }
    this.dataDirty = false;
    this.lastDataRebuildMs = now;
    this.traces = true;
    this.timeline = true;
    this.windows = true;
    return true;
  }
}
