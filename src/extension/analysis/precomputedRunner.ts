import type { ModelRunner } from '../../core/pipeline/types';
import { yieldToEventLoop } from './yieldToEventLoop';

/**
 * Serves model outputs computed earlier (out of order, around the playhead) to the pipeline's
 * sequential pass, which asks for the same windows in session order.
 */
export class PrecomputedRunner implements ModelRunner {
  private next = 0;

  constructor(
    readonly classCount: number,
    /** Output row per window, in the order the dry run recorded the windows. */
    private readonly outputs: readonly Float32Array[],
  ) {}

  async run(_windows: Float32Array, count: number): Promise<Float32Array> {
    if (this.next + count > this.outputs.length) {
      throw new Error(`the pipeline asked for window ${this.next + count} but only ${this.outputs.length} were inferred`);
    }
    const out = new Float32Array(count * this.classCount);
    for (let i = 0; i < count; i++) out.set(this.outputs[this.next + i], i * this.classCount);
    this.next += count;
    await yieldToEventLoop();
    return out;
  }
}
