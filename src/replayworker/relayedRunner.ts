import type { ModelRunner } from '../core/pipeline/types';
import type { WorkerEvent } from './protocol';

interface PendingCall {
  resolve(rows: Float32Array): void;
  reject(error: Error): void;
}

/**
 * The worker's ModelRunner: the model hosts belong to the main thread, so each call is sent there as a
 * `run` event whose windows sit in shared memory, and answered with `ran` or `runFailed`. A block of
 * shared memory is reused once its call is answered.
 */
export class RelayedRunner implements ModelRunner {
  private nextCall = 1;
  private readonly pending = new Map<number, PendingCall>();
  private readonly freeBlocks: SharedArrayBuffer[] = [];

  constructor(
    readonly classCount: number,
    private readonly doc: number,
    private readonly send: (event: WorkerEvent) => void,
  ) {}

  run(windows: Float32Array, count: number): Promise<Float32Array> {
    const block = this.takeBlock(windows.byteLength);
    new Float32Array(block, 0, windows.length).set(windows);
    const call = this.nextCall++;
    return new Promise<Float32Array>((resolve, reject) => {
      const settle = () => {
        this.pending.delete(call);
        this.freeBlocks.push(block);
      };
      this.pending.set(call, {
        resolve: (rows) => {
          settle();
          resolve(rows);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      });
      this.send({ event: 'run', doc: this.doc, call, block, length: windows.length, count });
    });
  }

  answer(call: number, rows: Float32Array): void {
    this.pending.get(call)?.resolve(rows);
  }

  fail(call: number, error: string): void {
    this.pending.get(call)?.reject(new Error(error));
  }

  /** Rejects every call in flight (the document was closed). */
  failAll(error: string): void {
    for (const call of [...this.pending.keys()]) this.fail(call, error);
  }

  private takeBlock(bytes: number): SharedArrayBuffer {
    const i = this.freeBlocks.findIndex((b) => b.byteLength >= bytes);
    return i >= 0 ? this.freeBlocks.splice(i, 1)[0] : new SharedArrayBuffer(bytes);
  }
}
