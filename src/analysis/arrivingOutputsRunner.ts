import type { ModelRunner } from '../core/pipeline/types';
import { yieldToEventLoop } from '../core/yieldToEventLoop';

/**
 * Serves model outputs to the pipeline's sequential pass while they are still being inferred: the pass
 * asks for windows in session order and waits until every output it asked for has arrived. So the
 * sequential pass (and whatever its caller does with the final results) runs beside the inference instead
 * of after it.
 */
export class ArrivingOutputsRunner implements ModelRunner {
  readonly ignoresWindows = true;
  private next = 0;
  /** Leading windows whose outputs have all arrived. */
  private known = 0;
  private readonly arrivedAt: Uint8Array;
  private waiting: Array<{ end: number; resolve: () => void; reject: (error: unknown) => void }> = [];
  private failure: { error: unknown } | null = null;

  constructor(
    readonly classCount: number,
    /** Output rows, `classCount` values per window, in the order the window pass recorded the windows; filled by the caller. */
    private readonly outputs: Float32Array,
  ) {
    this.arrivedAt = new Uint8Array(classCount > 0 ? outputs.length / classCount : 0);
  }

  /** The outputs of these windows (window-pass indices) are in `outputs` now. */
  arrived(windows: Iterable<number>): void {
    for (const k of windows) this.arrivedAt[k] = 1;
    while (this.known < this.arrivedAt.length && this.arrivedAt[this.known]) this.known++;
    if (this.waiting.length === 0) return;
    const ready = this.waiting.filter((w) => w.end <= this.known);
    this.waiting = this.waiting.filter((w) => w.end > this.known);
    for (const w of ready) w.resolve();
  }

  /** No more outputs will arrive: every call waiting, and every later one, rejects with `error`. */
  fail(error: unknown): void {
    this.failure ??= { error };
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w.reject(error);
  }

  async run(_windows: Float32Array, count: number): Promise<Float32Array> {
    const start = this.next;
    const end = start + count;
    if (end > this.arrivedAt.length) {
      throw new Error(`the pipeline asked for window ${end} but the window pass listed ${this.arrivedAt.length}`);
    }
    this.next = end;
    if (this.failure) throw this.failure.error;
    if (this.known < end) await new Promise<void>((resolve, reject) => this.waiting.push({ end, resolve, reject }));
    // Each batch of final results is handed on at once: let the inference's own steps run between them.
    else await yieldToEventLoop();
    return this.outputs.slice(start * this.classCount, end * this.classCount);
  }
}
