import type { ModelRunner } from '../pipeline/types';

interface Waiting {
  windows: Float32Array;
  count: number;
  resolve: (output: Float32Array) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  runner: ModelRunner;
  busy: boolean;
}

export interface CoalescingOptions {
  /** Most windows in one model call (default 32). */
  maxBatch?: number;
  /**
   * Windows that must be waiting before a model other than the first starts them (default 4). An LSTM
   * of the users' size costs about the same for 1 or 2 windows and then grows with each, so tiny batches
   * on a second model would spend a core for little; fewer windows wait for the first model, as they do
   * with one model.
   */
  spareMinBatch?: number;
}

/**
 * Shares the model among live clients: while the model runs, windows from other clients wait, and the
 * next call runs all of them as one batch. An idle model runs a window at once, so batching adds no
 * waiting; under load one batched call replaces many single ones (an LSTM on a batch costs far less
 * than the same windows one by one). With several runners (model hosts), the first works as a single
 * one does, and the others take the waiting windows while it is busy once enough have gathered, so
 * under load the hosts run side by side and a light load stays on the first. Each client has at most one window
 * in flight, so the wait list is bounded by the number of clients.
 */
export class CoalescingRunner implements ModelRunner {
  private waiting: Waiting[] = [];
  private waitingWindows = 0;
  private readonly lanes: Lane[];
  private readonly maxBatch: number;
  private readonly spareMinBatch: number;
  /** Model calls made, and windows they carried (batches = calls; windows / calls = mean batch). */
  calls = 0;
  windows = 0;

  constructor(inner: ModelRunner | readonly ModelRunner[], maxBatchOrOptions: number | CoalescingOptions = {}) {
    const runners = Array.isArray(inner) ? (inner as readonly ModelRunner[]) : [inner as ModelRunner];
    if (runners.length === 0) throw new Error('CoalescingRunner needs at least one model runner');
    this.lanes = runners.map((runner) => ({ runner, busy: false }));
    const options = typeof maxBatchOrOptions === 'number' ? { maxBatch: maxBatchOrOptions } : maxBatchOrOptions;
    this.maxBatch = Math.max(1, options.maxBatch ?? 32);
    this.spareMinBatch = Math.max(1, options.spareMinBatch ?? 4);
  }

  get classCount(): number {
    return this.lanes[0].runner.classCount;
  }

  run(windows: Float32Array, count: number): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      // A copy: the live pipeline reuses its window buffer for the next frame.
      this.waiting.push({ windows: windows.slice(), count, resolve, reject });
      this.waitingWindows += count;
      this.dispatch();
    });
  }

  /** Starts a model call on every free lane that should take the waiting windows now. */
  private dispatch(): void {
    for (const [i, lane] of this.lanes.entries()) {
      if (this.waiting.length === 0) return;
      if (lane.busy) continue;
      if (i > 0 && this.waitingWindows < Math.min(this.spareMinBatch, this.maxBatch)) return;
      const batch: Waiting[] = [];
      let count = 0;
      while (this.waiting.length > 0 && (batch.length === 0 || count + this.waiting[0].count <= this.maxBatch)) {
        const next = this.waiting.shift()!;
        batch.push(next);
        count += next.count;
      }
      this.waitingWindows -= count;
      lane.busy = true;
      void this.runBatch(lane.runner, batch, count).finally(() => {
        lane.busy = false;
        this.dispatch();
      });
    }
  }

  private async runBatch(runner: ModelRunner, batch: Waiting[], count: number): Promise<void> {
    const input = batch.length === 1 ? batch[0].windows : concat(batch.map((w) => w.windows));
    this.calls++;
    this.windows += count;
    let output: Float32Array;
    try {
      output = await runner.run(input, count);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    const classes = runner.classCount;
    let offset = 0;
    for (const w of batch) {
      w.resolve(output.slice(offset * classes, (offset + w.count) * classes));
      offset += w.count;
    }
  }
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
