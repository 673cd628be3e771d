import type { InputLayout } from '../core/model/profile';
import type { ModelSignature } from '../core/model/signature';

/** Messages between a ModelHostClient and the model host process (advanced serialization: typed arrays travel as-is). */

export interface LoadRequest {
  id: number;
  kind: 'load';
  path: string;
  intraOpThreads: number;
}

/**
 * A run request goes over IPC without its windows; their bytes follow on the window channel (the host's
 * fd WINDOW_CHANNEL_FD) as a WINDOW_HEADER_BYTES header (uint32 LE request id, uint32 LE byte length) and the
 * float32 values. Over IPC, each request's windows would be serialized into new buffers, and that
 * external memory makes V8 run full collections in the sending thread every few batches.
 */
export interface RunRequest {
  id: number;
  kind: 'run';
  /** Bytes of the windows ([count, windowSize * 63] float32, row-major). */
  bytes: number;
  /** The windows themselves when they come in this message instead (a client without the window channel). */
  windows?: Float32Array;
  count: number;
  windowSize: number;
  layout: InputLayout;
  /** Empty: the model's first input / output. */
  inputName: string;
  outputName: string;
}

export type HostRequest = LoadRequest | RunRequest;

/** The host's file descriptor of the window channel: after stdin, stdout, stderr and IPC. */
export const WINDOW_CHANNEL_FD = 4;
export const WINDOW_HEADER_BYTES = 8;

/** Why a request failed; 'crashed' and 'timeout' are decided by the client. */
export type HostErrorReason = 'not-found' | 'not-onnx' | 'load-failed' | 'run-failed' | 'no-model' | 'crashed' | 'timeout';

/**
 * When the host got through its start and the model's load: ms since the host process started
 * (`performance.timeOrigin`, given as epoch ms so that the client can place them on its own clock).
 */
export interface HostStartTimes {
  originEpochMs: number;
  /** Node's own start done, before the host's script. */
  nodeReadyMs: number;
  /** The host's script and onnxruntime loaded, listening. */
  listeningMs: number;
  loadStartMs: number;
  loadedMs: number;
}

export type HostReply =
  | { id: number; ok: true; kind: 'load'; signature: ModelSignature; times?: HostStartTimes }
  | { id: number; ok: true; kind: 'run'; output: Float32Array; classCount: number; /** Time the host spent in onnxruntime on it, ms. */ runMs: number }
  | { id: number; ok: false; reason: HostErrorReason; error: string };

/** Sent once by the host when it is up and listening. */
export interface HostReady {
  ready: true;
}

export function isHostReady(value: unknown): value is HostReady {
  return typeof value === 'object' && value !== null && (value as { ready?: unknown }).ready === true;
}

export function isHostReply(value: unknown): value is HostReply {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { id?: unknown; ok?: unknown };
  return typeof v.id === 'number' && typeof v.ok === 'boolean';
}
