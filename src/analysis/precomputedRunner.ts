import type { ModelRunner } from '../core/pipeline/types';
import { yieldToEventLoop } from '../core/yieldToEventLoop';

/**
 * Serves model outputs computed earlier (out of order, around the playhead) to the pipeline's
 * sequential pass, which asks for the same windows in session order.
 */
export class PrecomputedRunner implements ModelRunner {
  readonly ignoresWindows = true;
  private next = 0;

  constructor(
    readonly classCount: number,
    /** Output rows, `classCount` values per window, in the order the window pass recorded the windows. */
    private readonly outputs: Float32Array,
  ) {}

  async run(_windows: Float32Array, count: number): Promise<Float32Array> {
    const inferred = this.outputs.length / this.classCount;
    if (this.next + count > inferred) {
      throw new Error(`the pipeline asked for window ${this.next + count} but only ${inferred} were inferred`);
    }
    const out = this.outputs.slice(this.next * this.classCount, (this.next + count) * this.classCount);
    this.next += count;
    await yieldToEventLoop();
    return out;
  }
}
