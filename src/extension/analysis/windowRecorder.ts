import type { ModelRunner } from '../../core/pipeline/types';
import { yieldToEventLoop } from './yieldToEventLoop';

/**
 * A stand-in model for a dry run of the pipeline: keeps a copy of every window it is given, in order,
 * and answers zeros. The window stage does not depend on model outputs, so a dry run lists exactly the
 * windows the real run will ask for, and they can then be inferred in any order.
 */
export class WindowRecorder implements ModelRunner {
  readonly windows: Float32Array[] = [];

  constructor(readonly classCount: number) {}

  async run(windows: Float32Array, count: number): Promise<Float32Array> {
    const length = windows.length / count;
    for (let i = 0; i < count; i++) this.windows.push(windows.slice(i * length, (i + 1) * length));
    await yieldToEventLoop();
    return new Float32Array(count * this.classCount);
  }
}
