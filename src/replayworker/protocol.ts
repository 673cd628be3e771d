import type { AttributionMessage, ExtensionToWebview, ProblemInfo, SessionInfo } from '../protocol/messages';
import type { ModelInfo } from '../model/loadedModel';
import type { HostLayout } from '../model/hostLayouts';

/**
 * Messages between the extension host's main thread and the replay worker (a worker thread that owns the
 * replay panels' sessions, their analyses and the model hosts that run them). The main thread only
 * relays: webview messages come ready-made, with their typed arrays transferred.
 */

/** What the worker is started with (workerData). */
export interface ReplayWorkerData {
  /** The results cache's folder (global storage). */
  resultsCacheDir: string;
  /** The session snapshots' folder; absent: every open parses the file. */
  snapshotDir?: string;
  /** Niceness of the worker's thread (Linux), so the extension host's own thread goes first. */
  niceness?: number;
  /**
   * Where webview messages too large to post go as files (bulk messages), this process's own folder;
   * absent: every message is posted.
   */
  bulkDir?: string;
  /** The replay model hosts: dist/modelhost.js, how many, and their niceness. */
  modelHosts: HostLayout & { script: string };
}

/** A model loaded in the worker's hosts; `key` names it to `analyse`. */
export interface WorkerModel extends ModelInfo {
  key: string;
}

/** What a replay panel is told of a session the worker opened; its frames stay in the worker. */
export interface SessionSummary {
  info: SessionInfo;
  problems: ProblemInfo[];
  fromSnapshot: boolean;
}

export interface AnalyseOptions {
  /** The model to analyse with (WorkerModel.key): the one loaded last. */
  modelKey: string;
  playhead: number;
  /** Windows per model call (ReplayAnalysis's default when absent). */
  batchSize?: number;
  firstBatch?: number;
  /**
   * Posts the session's frames messages too: the one holding this frame first, the others once the first
   * results are out (sendFrames' order), so the frames do not hold up the analysis's start.
   */
  framesFrom?: number;
}

export interface AnalysedOutcome {
  fromCache: boolean;
  modelCalls: number;
  windows: number;
  /** Why the results could not be cached (the analysis itself succeeded). */
  cacheError?: string;
}

/** An `attribute` request's answer: the fields of the webview's `attribution` message but its id. */
export type AttributionOutcome = Omit<AttributionMessage, 'type' | 'id'>;

/** Requests from the main thread; each gets one `reply` with its id. Documents are numbered by the main thread. */
export type WorkerRequest =
  /** Loads a model into the model hosts, replacing the one before (the settings changed); replies a WorkerModel. */
  | { id: number; op: 'loadModel'; path: string; displayName: string; overrides: unknown }
  /**
   * Loads a model to compare with into the comparison's own model hosts (the panel's model stays loaded),
   * its profile from `profileFile` when given (else the sidecar, metadata, signature); replies a WorkerModel.
   */
  | { id: number; op: 'loadCompareModel'; path: string; displayName: string; profileFile?: string }
  | { id: number; op: 'open'; doc: number; path: string }
  /**
   * Posts the session's `frames` messages, the one holding `playhead` first and the rest behind other
   * messages; a later sendFrames of the same document stops an earlier one.
   */
  | { id: number; op: 'sendFrames'; doc: number; playhead: number }
  | { id: number; op: 'analyse'; doc: number; options: AnalyseOptions }
  /** Posts the finished analysis's results again, `chunk` frames a message (a reloaded webview). */
  | { id: number; op: 'resendResults'; doc: number; chunk: number }
  /**
   * Analyses the session with a compare model (after its own analysis finished): its results go as slot-1
   * `results` messages, then its evaluation and the `comparison`; replies an AnalysedOutcome.
   */
  | { id: number; op: 'compare'; doc: number; modelKey: string }
  /** Forgets the document's comparison (a running one stops). */
  | { id: number; op: 'closeCompare'; doc: number }
  /** Writes the finished analysis as `analyze --format csv` does to `file`. */
  | { id: number; op: 'writeCsv'; doc: number; file: string }
  /**
   * The occlusion attribution of the window ending at `frame` (replies an AttributionOutcome); a newer
   * request of the same document replaces one still waiting, which replies `stale`.
   */
  | { id: number; op: 'attribute'; doc: number; frame: number; modelKey: string }
  | { id: number; op: 'close'; doc: number };

export type WorkerRequestOp = WorkerRequest['op'];

/** One-way messages from the main thread. */
export type WorkerNotice =
  | { op: 'playhead'; doc: number; frame: number }
  /** A `post` or `bulk` event's message reached its webview: the worker may send another. */
  | { op: 'posted' }
  /** The webview fetched a bulk message's file (or gave up): it can go. */
  | { op: 'bulkFetched'; file: string };

export type ToWorker = WorkerRequest | WorkerNotice;

export type WorkerReply =
  | { event: 'reply'; id: number; ok: true; value?: unknown }
  /**
   * `modelError`: the error was a ModelLoadError (a model that cannot be loaded or run); `inputFrame`: the
   * session frame whose model input would not be finite (NonFiniteInputError), the session's fault.
   */
  | { event: 'reply'; id: number; ok: false; error: string; modelError?: { modelPath: string | null; reason: string }; inputFrame?: number };

export type WorkerEvent =
  | WorkerReply
  /**
   * For the document's webview, as it is. At most POSTS_IN_FLIGHT are unacknowledged (`posted`), so a
   * burst of results waits in the worker, not in the main thread's memory.
   */
  | { event: 'post'; doc: number; message: ExtensionToWebview }
  /** A webview message in a file (src/protocol/bulkMessage.ts), for the webview to fetch; flow-controlled as `post`. */
  | { event: 'bulk'; doc: number; file: string; bytes: number }
  | { event: 'log'; level: LogLevel; text: string };

export type LogLevel = 'info' | 'warn' | 'error';

export const POSTS_IN_FLIGHT = 4;

/** `frames` and `results` messages with at least this many bytes of typed arrays go as bulk files. */
export const BULK_MIN_BYTES = 64 * 1024;

const REQUEST_OPS: ReadonlySet<string> = new Set<WorkerRequestOp>([
  'loadModel', 'loadCompareModel', 'open', 'sendFrames', 'analyse', 'resendResults', 'compare', 'closeCompare', 'writeCsv', 'attribute', 'close',
]);

export function isWorkerRequest(message: ToWorker): message is WorkerRequest {
  return REQUEST_OPS.has(message.op) && typeof (message as { id?: unknown }).id === 'number';
}

/**
 * The ArrayBuffers behind a message's typed arrays (top-level fields), to transfer instead of copy; a buffer
 * shared with anything else (a view of part of it, or shared memory) is left to be copied.
 */
export function transferListOf(message: object): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const value of Object.values(message)) {
    if (!ArrayBuffer.isView(value)) continue;
    const buffer = value.buffer;
    if (buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength) buffers.add(buffer);
  }
  return [...buffers];
}
