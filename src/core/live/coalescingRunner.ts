import type { ModelRunner } from '../pipeline/types';

interface Waiting {
  windows: Float32Array;
  count: number;
  resolve: (output: Float32Array) => void;
  reject: (error: unknown) => void;
}

/**
 * Shares one model among live clients: while the model runs, windows from other clients wait, and the
 * next call runs all of them as one batch. An idle model runs a window at once, so batching adds no
 * waiting; under load one batched call replaces many single ones (an LSTM on a batch costs far less
 * than the same windows one by one). Each client has at most one window in flight, so the wait list is
 * bounded by the number of clients.
 */
export class CoalescingRunner implements ModelRunner {
  private waiting: Waiting[] = [];
  private busy = false;
  /** Model calls made, and windows they carried (batches = calls; windows / calls = mean batch). */
  calls = 0;
  windows = 0;

  constructor(
    private readonly inner: ModelRunner,
    private readonly maxBatch = 32,
  ) {}

  get classCount(): number {
    return this.inner.classCount;
  }

  run(windows: Float32Array, count: number): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      // A copy: the live pipeline reuses its window buffer for the next frame.
      this.waiting.push({ windows: windows.slice(), count, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.waiting.length > 0) {
        const batch: Waiting[] = [];
        let count = 0;
        while (this.waiting.length > 0 && (batch.length === 0 || count + this.waiting[0].count <= this.maxBatch)) {
          const next = this.waiting.shift()!;
          batch.push(next);
          count += next.count;
        }
        await this.runBatch(batch, count);
      }
    } finally {
      this.busy = false;
    }
  }

  private async runBatch(batch: Waiting[], count: number): Promise<void> {
    const input = batch.length === 1 ? batch[0].windows : concat(batch.map((w) => w.windows));
    this.calls++;
    this.windows += count;
    let output: Float32Array;
    try {
      output = await this.inner.run(input, count);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    const classes = this.inner.classCount;
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
