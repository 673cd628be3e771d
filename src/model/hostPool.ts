import type { PipelineProfile } from '../core/model/profile';
import type { ModelSignature } from '../core/model/signature';
import type { ModelRunner } from '../core/pipeline/types';
import { ModelHostClient, type ModelHostClientOptions } from '../modelhost/client';
import { ModelHostError } from '../modelhost/modelHostError';
import { partedRunner, type PartedBatch, type PartReply } from '../modelhost/partedRunner';

export interface ModelHostPoolOptions extends ModelHostClientOptions {
  /** Model host processes (default 2: one per core of a two-core machine). */
  hosts?: number;
  /**
   * Niceness of every host but the first (default: the parent's). A batch of one window (live frames)
   * runs on the first host whenever it has room, so live replies keep their priority, while the other hosts give way
   * to the parent's own threads (its event loop and garbage collector) when the cores are all busy.
   */
  backgroundNiceness?: number;
}

/** Requests a host holds at once: the one it runs and the next, already sent, so it never waits for input. */
const REQUESTS_PER_HOST = 2;

interface Job {
  batch: PartedBatch;
  run: (client: ModelHostClient) => Promise<PartReply>;
  resolve: (reply: PartReply) => void;
  reject: (err: unknown) => void;
}

/**
 * Several model host processes with the same model, used as one runner: each batch is cut into requests
 * that the hosts take from one queue, so single-threaded hosts keep every core busy. Rows come back in
 * the batch's order, so the pipeline cannot tell it from one host.
 */
export class ModelHostPool {
  readonly clients: ModelHostClient[];
  private readonly queue: Job[] = [];
  private readonly inFlight: number[];
  /** Whether each host takes requests: false while loadBehind loads its model. */
  private readonly ready: boolean[];
  /** The first failure of a loadBehind load: every request from then on fails with it. */
  private loadFailure: unknown = null;

  constructor(options: ModelHostPoolOptions) {
    const hosts = Math.max(1, Math.floor(options.hosts ?? 2));
    this.clients = Array.from(
      { length: hosts },
      (_, i) => new ModelHostClient(i > 0 && options.backgroundNiceness !== undefined ? { ...options, niceness: options.backgroundNiceness } : options),
    );
    this.inFlight = this.clients.map(() => 0);
    this.ready = this.clients.map(() => true);
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
   * Loads the model in the hosts from `from` on without holding up the others: each takes requests once its
   * model is loaded, so the first hosts can work while the rest still start. A failed load fails the
   * requests from then on (and those queued) with its error, as a failed load of every host would have; it
   * is also `loadBehindFailure`. Resolves when every load has settled.
   */
  loadBehind(modelPath: string, from = 1): Promise<void> {
    const loads = this.clients.slice(from).map((client, k) => {
      const i = from + k;
      this.ready[i] = false;
      return client.load(modelPath).then(
        () => {
          this.ready[i] = true;
          this.dispatch();
        },
        (err: unknown) => {
          this.loadFailure ??= err;
          this.dispatch();
        },
      );
    });
    return Promise.all(loads).then(() => undefined);
  }

  /** The first failed load of loadBehind, or null. */
  get loadBehindFailure(): unknown {
    return this.loadFailure;
  }

  /**
   * A ModelRunner whose batches are cut into requests of at most `batchSize` windows (at least one per host
   * when the batch has that many) that go into one queue shared by every runner of the pool; each host
   * takes the next request whenever it has fewer than REQUESTS_PER_HOST of them, so a host that is
   * given less of a core (another process, niceness) takes fewer requests instead of the other waiting
   * for it, and each host has its next request before it finishes the one it runs.
   */
  createRunner(profile: PipelineProfile, batchSize = 64): ModelRunner {
    const size = Math.max(1, Math.floor(batchSize));
    return partedRunner(
      profile,
      (count) => Math.min(size, Math.ceil(count / this.clients.length)),
      (windows, count, batch) =>
        new Promise<PartReply>((resolve, reject) => {
          this.queue.push({
            batch,
            run: async (client) => ({ ...(await client.run(windows, count, profile)), model: client.currentModel }),
            resolve,
            reject: (err) => {
              batch.failed = true;
              reject(err);
            },
          });
          this.dispatch();
        }),
    );
  }

  /** Gives queued requests to hosts with room for them and their model loaded, the first host first. */
  private dispatch(): void {
    if (this.loadFailure !== null) {
      for (const job of this.queue.splice(0)) job.reject(this.loadFailure);
      return;
    }
    this.clients.forEach((client, i) => {
      while (this.ready[i] && this.inFlight[i] < REQUESTS_PER_HOST && this.queue.length) {
        const job = this.queue.shift()!;
        // The rest of a batch that failed is not run.
        if (job.batch.failed) {
          job.reject(new ModelHostError('run-failed', 'another part of the batch failed', client.currentModel));
          continue;
        }
        this.inFlight[i]++;
        job.run(client).then(job.resolve, job.reject).finally(() => {
          this.inFlight[i]--;
          this.dispatch();
        });
      }
    });
  }

  /** Stops every host (ModelHostClient.dispose). */
  async dispose(options: { waitForExit?: boolean } = {}): Promise<void> {
    await Promise.all(this.clients.map((c) => c.dispose(options)));
  }
}
