/**
 * A reply pass over a whole session run as passes over stretches of it, one stretch a call, for a page that
 * must not hold its main thread for a whole pass (the caller sizes each stretch): each stretch's smoothing (status, fill, smoothed rows and
 * each frame's argmax) is copied into columns of the session's size, whose `smoothing` is at the end what
 * replyPass over the whole session gives, so the next replyPass into them with the same distributions and
 * smoothing window reuses it. The replies, throttle and decoder run over each stretch too (their code meets
 * the session's data) but are not kept: they depend on everything before, and the next pass runs them again.
 */
import { replyColumns, replyPass, STEP_WINDOW, type ReplyColumns, type ReplyKnobs, type TargetChoice, type WindowOutputs } from './replyPass';

export class ReplyPassInStretches {
  private next = 0;
  private readonly best: Int16Array;
  private readonly bestProb: Float64Array;
  private readonly bestStored: Int16Array;

  /**
   * `distributions`: distributionsFor(outputs, knobs.softmax). `into`: columns of the session's size, whose
   * status, smoothingFill, smoothed and smoothing the stretches write.
   */
  constructor(
    private readonly outputs: WindowOutputs,
    private readonly knobs: ReplyKnobs,
    private readonly distributions: Float32Array,
    private readonly into: ReplyColumns,
    private readonly target: TargetChoice = 'session',
  ) {
    if (into.frameCount !== outputs.frameCount || into.classCount !== outputs.classCount) {
      throw new Error(`columns for ${into.frameCount} x ${into.classCount} given for ${outputs.frameCount} x ${outputs.classCount}`);
    }
    this.best = new Int16Array(outputs.frameCount);
    this.bestProb = new Float64Array(outputs.frameCount);
    this.bestStored = new Int16Array(outputs.frameCount);
    // Until the last stretch, the columns hold no whole smoothing a pass could reuse.
    into.smoothing = null;
    if (outputs.frameCount === 0) this.finish();
  }

  get done(): boolean {
    return this.next >= this.outputs.frameCount && this.into.smoothing?.best === this.best;
  }

  /** Passes over the next `frames` frames (and the few before them its smoothing needs); true once the whole session is done. */
  step(frames: number): boolean {
    if (!(Number.isInteger(frames) && frames >= 1)) throw new Error(`a stretch must be a positive integer of frames, got ${frames}`);
    if (this.done) return true;
    const { outputs, into } = this;
    const c = outputs.classCount;
    const from = this.next;
    const to = Math.min(outputs.frameCount, from + frames);
    const start = this.stretchStart(from);
    const stretch: WindowOutputs = {
      ...outputs,
      frameCount: to - start,
      t: sliceOf(outputs.t, start, to),
      step: sliceOf(outputs.step, start, to),
      rows: outputs.rows.subarray(start * c, to * c),
      targetChanges: outputs.targetChanges.filter((change) => change.beforeFrame >= start && change.beforeFrame < to).map((change) => ({ ...change, beforeFrame: change.beforeFrame - start })),
    };
    const columns = replyPass(stretch, this.knobs, { target: this.target, distributions: this.distributions.subarray(start * c, to * c), into: replyColumns(to - start, c) });
    const skip = from - start;
    const smoothing = columns.smoothing!;
    into.status.set(columns.status.subarray(skip), from);
    into.smoothingFill.set(columns.smoothingFill.subarray(skip), from);
    into.smoothed.set(columns.smoothed.subarray(skip * c), from * c);
    this.best.set(smoothing.best.subarray(skip), from);
    this.bestProb.set(smoothing.bestProb.subarray(skip), from);
    this.bestStored.set(smoothing.bestStored.subarray(skip), from);
    this.next = to;
    if (to >= outputs.frameCount) this.finish();
    return this.done;
  }

  /**
   * Where a stretch beginning at `from` must start so that its smoothing buffer at `from` holds what the whole
   * session's does: the buffer's last reset (a target change, or the session's start), or the frame `window`
   * window rows back, whichever is later (the buffer holds at most `window` rows, and is then full).
   */
  private stretchStart(from: number): number {
    const { step, targetChanges } = this.outputs;
    let reset = 0;
    for (const change of targetChanges) if (change.beforeFrame <= from && change.beforeFrame > reset) reset = change.beforeFrame;
    const window = this.knobs.smoothingWindow;
    let start = from;
    for (let rows = 0; start > reset && rows < window; ) if (step[--start] === STEP_WINDOW) rows++;
    return start;
  }

  private finish(): void {
    this.into.smoothing = {
      rows: this.distributions,
      window: this.knobs.smoothingWindow,
      targetChanges: this.outputs.targetChanges,
      best: this.best,
      bestProb: this.bestProb,
      bestStored: this.bestStored,
    };
  }
}

/** Values [from, to) of a column: a view when it is a typed array. */
function sliceOf(values: ArrayLike<number>, from: number, to: number): ArrayLike<number> {
  const typed = values as ArrayLike<number> & { subarray?: (from: number, to: number) => ArrayLike<number> };
  return typeof typed.subarray === 'function' ? typed.subarray(from, to) : Array.prototype.slice.call(values, from, to);
}
