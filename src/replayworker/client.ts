import { Worker } from 'node:worker_threads';
import type { ExtensionToWebview } from '../protocol/messages';
import { ModelLoadError } from '../model/loadedModel';
import type {
  AnalyseOptions,
  AnalysedOutcome,
  AttributionOutcome,
  LogLevel,
  ReplayWorkerData,
  SessionSummary,
  ToWorker,
  WorkerEvent,
  WorkerModel,
  WorkerNotice,
  WorkerRequest,
} from './protocol';
import { errorText } from '../core/errorText';

/** Distributes a request body over the request union (so each op keeps its own fields). */
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** An analysis stopped at a session frame whose model input would not be finite: the session's problem, not the model's. */
export class FrameInputError extends Error {
  constructor(
    message: string,
    readonly frame: number,
  ) {
    super(message);
    this.name = 'FrameInputError';
  }
}

export interface ReplayWorkerOptions extends ReplayWorkerData {
  /** Path of dist/replayworker.js (findReplayWorkerScript). */
  script: string;
  /** Told when the worker stopped unexpectedly (the next open starts a new one). */
  onStop?: (reason: string) => void;
  /** Told what the worker logs (a snapshot it could not save, a model host that crashed, ...). */
  onLog?: (level: LogLevel, text: string) => void;
}

/** A webview message the worker wrote to `file` (a bulk message), for the webview to fetch. */
export interface BulkFile {
  type: 'bulkFile';
  file: string;
  bytes: number;
}

/**
 * A webview message from the worker, or the file of one. Call `posted` once it has gone to the webview (or
 * been dropped): the worker sends more only as earlier ones are acknowledged.
 */
export type Relay = (message: ExtensionToWebview | BulkFile, posted: () => void) => void;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The extension host's side of the replay worker: starts it on first use, numbers the documents and
 * relays their webview messages. A worker that stops fails what was in flight with an error saying so
 * (its model hosts exit with it); the next request starts a new one.
 */
export class ReplayWorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private nextDoc = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly sessions = new Map<number, RemoteSession>();
  private disposed = false;

  constructor(private readonly options: ReplayWorkerOptions) {}

  /**
   * Loads a model into the worker's model hosts, replacing the one before; rejects with a ModelLoadError
   * naming the file and the setting when it cannot be loaded.
   */
  async loadModel(path: string, displayName: string, overrides: unknown): Promise<WorkerModel> {
    // Settings are JSON, but VS Code hands them over as proxies, which a worker message cannot carry.
    const plain: unknown = overrides === undefined ? undefined : JSON.parse(JSON.stringify(overrides));
    return (await this.request({ op: 'loadModel', path, displayName, overrides: plain })) as WorkerModel;
  }

  /** Loads a model to compare with into the comparison's model hosts; rejects with a ModelLoadError. */
  async loadCompareModel(path: string, displayName: string, profileFile?: string): Promise<WorkerModel> {
    return (await this.request({ op: 'loadCompareModel', path, displayName, profileFile })) as WorkerModel;
  }

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
      return Promise.reject(new Error(`the replay worker could not start: ${errorText(error)}`));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  /** @internal */
  notify(notice: WorkerNotice): void {
    this.worker?.postMessage(notice satisfies ToWorker);
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
        else if (event.modelError) pending.reject(new ModelLoadError(event.error, event.modelError.modelPath, event.modelError.reason));
        else if (event.inputFrame !== undefined) pending.reject(new FrameInputError(event.error, event.inputFrame));
        else pending.reject(new Error(event.error));
        return;
      }
      case 'post':
      case 'bulk': {
        const posted = () => this.notify({ op: 'posted' });
        const session = this.sessions.get(event.doc);
        const message: ExtensionToWebview | BulkFile = event.event === 'post' ? event.message : { type: 'bulkFile', file: event.file, bytes: event.bytes };
        if (session) session.deliver(message, posted);
        else {
          posted();
          if (event.event === 'bulk') this.notify({ op: 'bulkFetched', file: event.file });
        }
        return;
      }
      case 'log':
        this.options.onLog?.(event.level, event.text);
        return;
    }
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
  /** Why the session is gone (its worker stopped); its requests then fail with this. */
  lost: string | undefined;

  constructor(
    private readonly client: ReplayWorkerClient,
    readonly doc: number,
    private readonly relay: Relay,
  ) {}

  /** @internal */
  deliver(message: ExtensionToWebview | BulkFile, posted: () => void): void {
    this.relay(message, posted);
  }

  /** The webview fetched a bulk message's file (or gave up on it): the worker deletes it. */
  bulkFetched(file: string): void {
    if (this.lost === undefined) this.client.notify({ op: 'bulkFetched', file });
  }

  /**
   * Posts the session's `frames` messages: the one holding frame `playhead` at once, the others outwards
   * from it whenever the worker has nothing else waiting to post (results go first). True once all are
   * posted, false when a newer sendFrames or a close stopped it.
   */
  async sendFrames(playhead = 0): Promise<boolean> {
    return (await this.request({ op: 'sendFrames', doc: this.doc, playhead })) as boolean;
  }

  /**
   * Analyses the session with the model `options.modelKey` names (ReplayAnalysis in the worker, its
   * results posted as they come). One analysis at a time.
   */
  async analyse(options: AnalyseOptions): Promise<AnalysedOutcome> {
    return (await this.request({ op: 'analyse', doc: this.doc, options })) as AnalysedOutcome;
  }

  setPlayhead(frame: number): void {
    this.client.notify({ op: 'playhead', doc: this.doc, frame });
  }

  /**
   * The occlusion attribution of the window ending at `frame` with the model `modelKey` names; a newer
   * request replaces one still waiting, which resolves `stale`. Never rejects for a frame without a window
   * or a model error: the outcome's `reason` says why.
   */
  async attribute(frame: number, modelKey: string): Promise<AttributionOutcome> {
    return (await this.request({ op: 'attribute', doc: this.doc, frame, modelKey })) as AttributionOutcome;
  }

  /** Posts the finished analysis's results again, `chunk` frames a message. */
  async resendResults(chunk: number): Promise<void> {
    await this.request({ op: 'resendResults', doc: this.doc, chunk });
  }

  /** Analyses the session with a compare model; its results, evaluation and comparison are posted (slot 1). */
  async compare(modelKey: string): Promise<AnalysedOutcome> {
    return (await this.request({ op: 'compare', doc: this.doc, modelKey })) as AnalysedOutcome;
  }

  /** Forgets the comparison (stops it when it runs). */
  async closeCompare(): Promise<void> {
    await this.request({ op: 'closeCompare', doc: this.doc });
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
