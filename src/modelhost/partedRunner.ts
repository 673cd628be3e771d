import { basename } from 'node:path';
import { VALUES_PER_FRAME } from '../core/hand/topology';
import type { PipelineProfile } from '../core/model/profile';
import type { ModelRunner } from '../core/pipeline/types';
import { ModelHostError } from './modelHostError';

/** One part of a batch as a model host answers it: [count, classCount] rows, and the model file that gave them. */
export interface PartReply {
  output: Float32Array;
  classCount: number;
  model: string | null;
}

/** Shared by the parts of one batch: set once a part fails, so whoever runs the parts can skip the rest. */
export interface PartedBatch {
  failed: boolean;
}

/**
 * A ModelRunner that cuts each batch into parts of `partSize(count)` windows, sends every part at once
 * with `runPart`, and puts the rows back together in the batch's order. A part whose class count is not
 * the profile's fails the batch.
 */
export function partedRunner(
  profile: PipelineProfile,
  partSize: (count: number) => number,
  runPart: (windows: Float32Array, count: number, batch: PartedBatch) => Promise<PartReply>,
): ModelRunner {
  const classCount = profile.labels.length;
  const perWindow = profile.windowSize * VALUES_PER_FRAME;
  return {
    classCount,
    run: async (windows: Float32Array, count: number): Promise<Float32Array> => {
      const out = new Float32Array(count * classCount);
      const per = Math.max(1, Math.floor(partSize(count)));
      const batch: PartedBatch = { failed: false };
      const parts: Promise<void>[] = [];
      for (let start = 0; start < count; start += per) {
        const n = Math.min(per, count - start);
        parts.push(
          runPart(windows.subarray(start * perWindow, (start + n) * perWindow), n, batch)
            .then((part) => {
              if (part.classCount !== classCount) {
                // Now, not in the catch below: the pool gives out its next request before that runs.
                batch.failed = true;
                const name = part.model ? basename(part.model) : 'model host';
                throw new ModelHostError('run-failed', `${name}: the model outputs ${part.classCount} classes but the profile has ${classCount} labels`, part.model);
              }
              out.set(part.output, start * classCount);
            })
            .catch((err: unknown) => {
              batch.failed = true;
              throw err;
            }),
        );
      }
      await Promise.all(parts);
      return out;
    },
  };
}
