import type { PipelineProfile } from '../core/model/profile';
import type { ModelSignature } from '../core/model/signature';
import type { ModelRunner } from '../core/pipeline/types';
import { ModelHostClient, type ModelHostClientOptions } from '../modelhost/client';
import { ModelHostError } from '../modelhost/modelHostError';
import { VALUES_PER_FRAME } from '../core/hand/topology';

export interface ModelHostPoolOptions extends ModelHostClientOptions {
  /** Model host processes (default 2: one per core of a two-core machine). */
  hosts?: number;
  /**
   * Niceness of every host but the first (default: the parent's). A batch of one window (live frames)
   * runs on the first host alone, so live replies keep their priority, while the other hosts give way
   * to the parent's own threads (its event loop and garbage collector) when the cores are all busy.
   */
  backgroundNiceness?: number;
}

/**
 * Several model host processes with the same model, used as one runner: each batch is split into
 * contiguous parts run at once, one per host, so single-threaded hosts keep every core busy.
 * Rows come back in the batch's order, so the pipeline cannot tell it from one host.
 */
export class ModelHostPool {
  readonly clients: ModelHostClient[];

  constructor(options: ModelHostPoolOptions) {
    const hosts = Math.max(1, Math.floor(options.hosts ?? 2));
    this.clients = Array.from(
      { length: hosts },
      (_, i) => new ModelHostClient(i > 0 && options.backgroundNiceness !== undefined ? { ...options, niceness: options.backgroundNiceness } : options),
    );
  }

  get size(): number {
    return this.clients.length;
  }

  /** Loads the model in every host; returns the first host's signature. */
  async load(modelPath: string): Promise<ModelSignature> {
    const signatures = await Promise.all(this.clients.map((c) => c.load(modelPath)));
    return signatures[0];
  }

  /**
   * A ModelRunner whose batches are split evenly across the hosts; each host's part is further split
   * into requests of at most `batchSize` windows.
   */
  createRunner(profile: PipelineProfile, batchSize = 64): ModelRunner {
    const runners = this.clients.map((c) => c.createRunner(profile, batchSize));
    const classCount = profile.labels.length;
    const perWindow = profile.windowSize * VALUES_PER_FRAME;
    return {
      classCount,
      run: async (windows: Float32Array, count: number): Promise<Float32Array> => {
        const parts = Math.min(runners.length, count);
        const out = new Float32Array(count * classCount);
        let start = 0;
        const runs: Promise<void>[] = [];
        for (let p = 0; p < parts; p++) {
          const n = Math.floor(count / parts) + (p < count % parts ? 1 : 0);
          const from = start;
          runs.push(
            runners[p].run(windows.subarray(from * perWindow, (from + n) * perWindow), n).then((rows) => {
              if (rows.length !== n * classCount) {
                throw new ModelHostError('run-failed', `host ${p + 1} returned ${rows.length} values for ${n} windows`, null);
              }
              out.set(rows, from * classCount);
            }),
          );
          start += n;
        }
        await Promise.all(runs);
        return out;
      },
    };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.dispose()));
  }
}
