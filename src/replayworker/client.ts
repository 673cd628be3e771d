import { Worker } from 'node:worker_threads';
import type { ModelRunner } from '../core/pipeline/types';
import type { ExtensionToWebview } from '../protocol/messages';
import type { AnalyseOptions, AnalysedOutcome, ReplayWorkerData, SessionSummary, ToWorker, WorkerEvent, WorkerNotice, WorkerRequest } from './protocol';

/** Distributes a request body over the request union (so each op keeps its own fields). */
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

export interface ReplayWorkerOptions extends ReplayWorkerData {
  /** Path of dist/replayworker.js (findReplayWorkerScript). */
  script: string;
  /** Told when the worker stopped unexpectedly (the next open starts a new one). */
  onStop?: (reason: string) => void;
  /** Told what the worker logs (a snapshot it could not save, ...). */
  onLog?: (level: 'info' | 'warn', text: string) => void;
}

/**
 * A webview message from the worker. Call `posted` once it has gone to the webview (or been dropped): the
 * worker sends more only as earlier ones are acknowledged.
 */
export type Relay = (message: ExtensionToWebview, posted: () => void) => void;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The extension host's side of the replay worker: starts it on first use, numbers the documents, answers
 * its model runs with the panels' runners, and relays its webview messages. A worker that stops fails
 * what was in flight with an error saying so; the next open starts a new one.
 */
export class ReplayWorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private nextDoc = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly sessions = new Map<number, RemoteSession>();
  private disposed = false;

  constructor(private readonly options: ReplayWorkerOptions) {}

  /** Reads the session in the worker; rejects with a message naming the file (and line) when it cannot be read. */
  async open(path: string, relay: Relay): Promise<RemoteSession> {
    const doc = this.nextDoc++;
    const session = new RemoteSession(this, doc, relay);
    this.sessions.set(doc, session);
    try {
      session.summary = (await this.request({ op: 'open', doc, path })) as SessionSummary;
      return session;
    } catch (error) {
      this.sessions.delete(doc);
      throw error;
    }
  }

  /** Stops the worker; what was in flight fails. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const worker = this.worker;
    this.stopped('the replay worker was disposed');
    await worker?.terminate();
  }

  /** @internal */
  request(body: RequestBody): Promise<unknown> {
    if (this.disposed) return Promise.reject(new Error('the replay worker was disposed'));
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (error) {
      return Promise.reject(new Error(`the replay worker could not start: ${error instanceof Error ? error.message : String(error)}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  /** @internal */
  notify(notice: WorkerNotice, transfer: ArrayBuffer[] = []): void {
    this.worker?.postMessage(notice satisfies ToWorker, transfer);
  }

  /** @internal */
  close(doc: number): void {
    this.sessions.delete(doc);
    // A worker that stopped took the document with it.
    if (this.worker) this.request({ op: 'close', doc }).catch(() => undefined);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const { script, onStop: _onStop, onLog: _onLog, ...data } = this.options;
    const worker = new Worker(script, { workerData: data satisfies ReplayWorkerData });
    worker.on('message', (event: WorkerEvent) => this.onEvent(event));
    worker.on('error', (error) => {
      if (this.worker === worker) this.stopped(`the replay worker failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.stopped(`the replay worker exited (code ${code})`);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private onEvent(event: WorkerEvent): void {
    switch (event.event) {
      case 'reply': {
        const pending = this.pending.get(event.id);
        if (!pending) return;
        this.pending.delete(event.id);
        if (this.pending.size === 0) this.worker?.unref();
        if (event.ok) pending.resolve(event.value);
        else pending.reject(new Error(event.error));
        return;
      }
      case 'post': {
        const posted = () => this.notify({ op: 'posted', seq: event.seq });
        const session = this.sessions.get(event.doc);
        if (session) session.deliver(event.message, posted);
        else posted();
        return;
      }
      case 'run':
        this.run(event.doc, event.call, new Float32Array(event.block, 0, event.length), event.count);
        return;
      case 'log':
        this.options.onLog?.(event.level, event.text);
        return;
    }
  }

  private run(doc: number, call: number, windows: Float32Array, count: number): void {
    const runner = this.sessions.get(doc)?.runner;
    if (!runner) {
      this.notify({ op: 'runFailed', doc, call, error: 'the replay panel has no model to run' });
      return;
    }
    runner.run(windows, count).then(
      (rows) => {
        const whole = rows.buffer instanceof ArrayBuffer && rows.byteOffset === 0 && rows.byteLength === rows.buffer.byteLength;
        this.notify({ op: 'ran', doc, call, rows }, whole ? [rows.buffer as ArrayBuffer] : []);
      },
      (error: unknown) => this.notify({ op: 'runFailed', doc, call, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  private stopped(reason: string): void {
    const worker = this.worker;
    this.worker = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const session of this.sessions.values()) session.lost = reason;
    this.sessions.clear();
    for (const p of pending) p.reject(new Error(reason));
    if (worker && !this.disposed) this.options.onStop?.(reason);
  }
}

/** A replay panel's session, held in the replay worker. */
export class RemoteSession {
  summary!: SessionSummary;
  /** The model runner of the analysis in progress. */
  runner: ModelRunner | null = null;
  /** Why the session is gone (its worker stopped); its requests then fail with this. */
  lost: string | undefined;

  constructor(
    private readonly client: ReplayWorkerClient,
    readonly doc: number,
    private readonly relay: Relay,
  ) {}

  /** @internal */
  deliver(message: ExtensionToWebview, posted: () => void): void {
    this.relay(message, posted);
  }

  /** Posts the session's `frames` messages; true once all are posted, false when a newer sendFrames or a close stopped it. */
  async sendFrames(): Promise<boolean> {
    return (await this.request({ op: 'sendFrames', doc: this.doc })) as boolean;
  }

  /**
   * Analyses the session (ReplayAnalysis in the worker, its results posted as they come), running the
   * model with `runner`. One analysis at a time.
   */
  async analyse(options: AnalyseOptions, runner: ModelRunner): Promise<AnalysedOutcome> {
    this.runner = runner;
    try {
      return (await this.request({ op: 'analyse', doc: this.doc, options })) as AnalysedOutcome;
    } finally {
      if (this.runner === runner) this.runner = null;
    }
  }

  setPlayhead(frame: number): void {
    this.client.notify({ op: 'playhead', doc: this.doc, frame });
  }

  cancel(): void {
    this.client.notify({ op: 'cancel', doc: this.doc });
  }

  /** Posts the finished analysis's results again, `chunk` frames a message. */
  async resendResults(chunk: number): Promise<void> {
    await this.request({ op: 'resendResults', doc: this.doc, chunk });
  }

  /** Writes what `analyze --format csv` writes for the finished analysis to `file`. */
  async writeCsv(file: string): Promise<void> {
    await this.request({ op: 'writeCsv', doc: this.doc, file });
  }

  /** Frees the session in the worker (an analysis in progress stops). */
  close(): void {
    if (this.lost === undefined) this.client.close(this.doc);
  }

  private request(body: RequestBody): Promise<unknown> {
    return this.lost === undefined ? this.client.request(body) : Promise.reject(new Error(this.lost));
  }
}
