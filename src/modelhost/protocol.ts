import type { InputLayout } from '../core/model/profile';
import type { ModelSignature } from '../core/model/signature';

/** Messages between a ModelHostClient and the model host process (advanced serialization: typed arrays travel as-is). */

export interface LoadRequest {
  id: number;
  kind: 'load';
  path: string;
  intraOpThreads: number;
}

export interface RunRequest {
  id: number;
  kind: 'run';
  /** [count, windowSize * 63] row-major. */
  windows: Float32Array;
  count: number;
  windowSize: number;
  layout: InputLayout;
  /** Empty: the model's first input / output. */
  inputName: string;
  outputName: string;
}

export type HostRequest = LoadRequest | RunRequest;

/** Why a request failed; 'crashed' and 'timeout' are decided by the client. */
export type HostErrorReason = 'not-found' | 'not-onnx' | 'load-failed' | 'run-failed' | 'no-model' | 'crashed' | 'timeout';

export type HostReply =
  | { id: number; ok: true; kind: 'load'; signature: ModelSignature }
  | { id: number; ok: true; kind: 'run'; output: Float32Array; classCount: number }
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
