import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { basename } from 'node:path';
import type { PipelineProfile } from '../core/model/profile';
import type { ModelSignature } from '../core/model/signature';
import type { ModelRunner } from '../core/pipeline/types';
import { ModelHostError } from './modelHostError';
import { WINDOW_CHANNEL_FD, isHostReady, isHostReply, type HostReply, type HostRequest, type HostStartTimes, type LoadRequest, type RunRequest } from './protocol';
import { writeWindows } from './windowChannel';
import { partedRunner } from './partedRunner';
import { hostEnvironment } from './hostEnvironment';
import type { Writable } from 'node:stream';

export interface ModelHostClientOptions {
  /** Path of dist/modelhost.js. */
  hostScript: string;
  /** onnxruntime intra-op threads; 0 lets onnxruntime decide (default 1). */
  intraOpThreads?: number;
  /** Default 60 s. */
  loadTimeoutMs?: number;
  /** Per run request; default 30 s plus 50 ms per window. */
  runTimeoutMs?: number;
  /** Called when the host process stops unexpectedly (it is restarted on the next request). */
  onCrash?: (message: string) => void;
  /** Scheduling niceness of the host process (os.setPriority; default: the parent's). */
  niceness?: number;
  /**
   * Windows go on the window channel (default everywhere but Windows, where they go in the IPC message as
   * before: the channel is a file descriptor the host opens as a socket, which is only tested on Linux).
   */
  windowChannel?: boolean;
}

/** A run request as the client keeps it: the IPC message's fields and the windows for the window channel. */
type RunBody = Omit<RunRequest, 'id' | 'bytes'> & { windows: Float32Array };
type RequestBody = Omit<LoadRequest, 'id'> | RunBody;
type ClientRequest = LoadRequest | (RunBody & { id: number });

/** A host's start and model load on this process's clock (`performance.now()`, ms). */
export interface HostStart {
  forkedMs: number;
  nodeReadyMs: number;
  listeningMs: number;
  loadStartMs: number;
  loadedMs: number;
}

interface Pending {
  message: ClientRequest;
  resolve: (reply: HostReply) => void;
  reject: (err: ModelHostError) => void;
  timer: NodeJS.Timeout;
}

/**
 * Talks to the model host child process. A crash or a timeout rejects the requests in flight with a
 * ModelHostError; the next request starts a new host and reloads the model. Callers never hang.
 */
export class ModelHostClient {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private modelPath: string | null = null;
  private loaded = false;
  private disposed = false;
  private restartCount = 0;
  private ready = false;
  private startFailures = 0;
  private busy = 0;
  private forkedMs = 0;
  private start: HostStart | null = null;

  private readonly windowChannel: boolean;

  constructor(private readonly options: ModelHostClientOptions) {
    this.windowChannel = options.windowChannel ?? process.platform !== 'win32';
  }

  /** Times the host process had to be started again after a crash or timeout. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Time the host has spent running the model on this client's requests, ms (to see how much of a run it waited). */
  get busyMs(): number {
    return this.busy;
  }

  /** When the running host was started and loaded its model, as its last load reply said (null before). */
  get startTimes(): HostStart | null {
    return this.start;
  }

  /** The host's process id, or null when it is not running. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get currentModel(): string | null {
    return this.modelPath;
  }

  /** Loads a model (replacing the previous one) and returns its signature. */
  async load(modelPath: string): Promise<ModelSignature> {
    this.modelPath = modelPath;
    this.loaded = false;
    const reply = await this.request({ kind: 'load', path: modelPath, intraOpThreads: this.options.intraOpThreads ?? 1 });
    if (reply.ok && reply.kind === 'load') {
      this.loaded = true;
      if (reply.times) this.start = this.onOwnClock(reply.times);
      return reply.signature;
    }
    throw this.unexpected(reply);
  }

  /**
   * Runs `count` windows ([count, windowSize * 63]); returns the model's first (or named) output as
   * [count, classCount] before any softmax.
   */
  async run(
    windows: Float32Array,
    count: number,
    shape: Pick<PipelineProfile, 'windowSize' | 'inputLayout' | 'inputName' | 'outputName'>,
  ): Promise<{ output: Float32Array; classCount: number }> {
    if (this.modelPath === null) throw new ModelHostError('no-model', 'no model is loaded', null);
    if (!this.loaded) await this.load(this.modelPath);
    // Sent as it is: the caller keeps it unchanged until the request settles (ModelRunner).
    const body: RunBody = {
      kind: 'run',
      windows,
      count,
      windowSize: shape.windowSize,
      layout: shape.inputLayout,
      inputName: shape.inputName,
      outputName: shape.outputName,
    };
    const reply = await this.request(body);
    if (reply.ok && reply.kind === 'run') {
      this.busy += reply.runMs;
      return { output: reply.output, classCount: reply.classCount };
    }
    throw this.unexpected(reply);
  }

  /** A ModelRunner for the pipeline: splits into batches of `batchSize` and checks the class count. */
  createRunner(profile: PipelineProfile, batchSize = 64): ModelRunner {
    // Every request at once: the host runs them one after the other without waiting for the next.
    return partedRunner(
      profile,
      () => batchSize,
      async (windows, count) => ({ ...(await this.run(windows, count, profile)), model: this.modelPath }),
    );
  }

  private onOwnClock(times: HostStartTimes): HostStart {
    const shift = times.originEpochMs - performance.timeOrigin;
    return {
      forkedMs: this.forkedMs,
      nodeReadyMs: shift + times.nodeReadyMs,
      listeningMs: shift + times.listeningMs,
      loadStartMs: shift + times.loadStartMs,
      loadedMs: shift + times.loadedMs,
    };
  }

  /**
   * Stops the host; requests in flight are rejected. Resolves once it has exited, unless `waitForExit` is
   * false: then as soon as it is told to stop (an idle host exits by itself when its channel closes; one that
   * does not within 2 s is killed while this process lives), for a command whose own exit should not wait.
   */
  async dispose(options: { waitForExit?: boolean } = {}): Promise<void> {
    this.disposed = true;
    const child = this.child;
    this.child = null;
    this.failAll('crashed', 'the model host was shut down');
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect?.();
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      if (options.waitForExit === false) {
        timer.unref();
        child.unref();
        void exited.then(() => clearTimeout(timer));
        return;
      }
      await exited;
      clearTimeout(timer);
    }
  }

  private request(body: RequestBody): Promise<HostReply> {
    if (this.disposed) return Promise.reject(new ModelHostError('crashed', 'the model host was shut down', this.modelPath));
    const child = this.ensureChild();
    const id = this.nextId++;
    const timeoutMs =
      body.kind === 'load'
        ? (this.options.loadTimeoutMs ?? 60_000)
        : (this.options.runTimeoutMs ?? 30_000 + 50 * body.count);
    return new Promise<HostReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new ModelHostError(
            'timeout',
            // What happened, and no more: the host is stopped; only a caller that asks again gets a new one.
            `${this.modelName()}: the model host did not answer within ${timeoutMs} ms (suspended, or too slow for this model on this machine), so it was stopped`,
            this.modelPath,
          ),
        );
        this.kill(child);
      }, timeoutMs);
      const message = { ...body, id } as ClientRequest;
      this.pending.set(id, { message, resolve, reject, timer });
      this.send(child, message);
    });
  }

  private send(child: ChildProcess, message: ClientRequest): void {
    let ipc: HostRequest;
    if (message.kind === 'run') {
      const { windows, ...fields } = message;
      ipc = { ...fields, bytes: windows.byteLength, ...(this.windowChannel ? {} : { windows }) };
      if (this.windowChannel) writeWindows(child.stdio[WINDOW_CHANNEL_FD] as Writable, message.id, windows);
    } else ipc = message;
    child.send(ipc, (err) => {
      // A host that died is handled by its exit event; this is for a channel that could not take the message.
      if (err && this.child === child && child.connected) {
        this.settle(message.id, null, new ModelHostError('crashed', `cannot reach the model host: ${err.message}`, this.modelPath));
      }
    });
  }

  private ensureChild(): ChildProcess {
    if (this.child) return this.child;
    this.forkedMs = performance.now();
    const child = fork(this.options.hostScript, [], {
      serialization: 'advanced',
      env: hostEnvironment(),
      stdio: this.windowChannel ? ['ignore', 'ignore', 'pipe', 'ipc', 'pipe'] : ['ignore', 'ignore', 'pipe', 'ipc'],
      // Linux: a session of its own, so that where the kernel groups CPU time by session (autogroup), the
      // host's inference competes with other sessions and not with the extension host's own threads
      // (its event loop and V8's garbage-collector helpers). It still exits when the channel closes.
      detached: process.platform === 'linux',
    });
    if (this.options.niceness !== undefined && child.pid !== undefined) {
      try {
        setPriority(child.pid, this.options.niceness);
      } catch {
        // Not permitted here (or not supported): the host runs at the parent's priority, which is only slower for others.
      }
      // Between sessions the kernel weighs a session's group by the group's niceness, not its processes'.
      if (process.platform === 'linux') {
        try {
          writeFileSync(`/proc/${child.pid}/autogroup`, String(this.options.niceness));
        } catch {
          // No autogroup scheduling in this kernel, or not permitted: the process niceness above still holds within the group.
        }
      }
    }
    // A host that dies breaks its window channel too; its exit event says so, once.
    child.stdio[WINDOW_CHANNEL_FD]?.on('error', () => undefined);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    child.on('message', (message: unknown) => {
      if (isHostReady(message) && this.child === child) {
        this.ready = true;
        this.startFailures = 0;
      } else if (isHostReply(message)) this.settle(message.id, message, null);
    });
    child.on('error', (err) => this.onExit(child, `the model host failed: ${err.message}`));
    child.on('exit', (code, signal) => {
      const detail = stderr.trim().split('\n').pop() ?? '';
      this.onExit(
        child,
        `the model host stopped (${signal ? `signal ${signal}` : `exit code ${code}`})${detail ? `: ${detail}` : ''}`,
      );
    });
    this.child = child;
    this.ready = false;
    return child;
  }

  private onExit(child: ChildProcess, message: string): void {
    if (this.child !== child) return;
    this.child = null;
    this.loaded = false;
    if (this.disposed) return;
    // A host that stops before it is up (e.g. its script was being rewritten by a build) is started
    // again and given the same requests, twice at most; the load is among them when it was pending.
    if (!this.ready && this.startFailures < 2 && this.pending.size > 0) {
      this.startFailures++;
      const next = this.ensureChild();
      for (const p of this.pending.values()) this.send(next, p.message);
      return;
    }
    this.restartCount++;
    const text = this.modelPath ? `${this.modelName()}: ${message}` : message;
    this.failAll('crashed', text);
    this.options.onCrash?.(text);
  }

  private kill(child: ChildProcess): void {
    if (this.child === child) {
      this.child = null;
      this.loaded = false;
      this.restartCount++;
      this.failAll('timeout', `${this.modelName()}: the model host was stopped after another request timed out`);
    }
    child.kill('SIGKILL');
  }

  private settle(id: number, reply: HostReply | null, error: ModelHostError | null): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (error) p.reject(error);
    else p.resolve(reply!);
  }

  private failAll(reason: 'crashed' | 'timeout', message: string): void {
    for (const [id] of [...this.pending]) this.settle(id, null, new ModelHostError(reason, message, this.modelPath));
  }

  private modelName(): string {
    return this.modelPath ? basename(this.modelPath) : 'model host';
  }

  private unexpected(reply: HostReply): ModelHostError {
    if (!reply.ok) return new ModelHostError(reply.reason, `${this.modelPath ?? 'model'}: ${reply.error}`, this.modelPath);
    return new ModelHostError('run-failed', `${this.modelName()}: unexpected reply from the model host`, this.modelPath);
  }
}
