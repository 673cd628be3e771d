import type { ResolvedProfile } from '../core/model/profile';
import type { ModelSignature } from '../core/model/signature';
import type { ModelRunner } from '../core/pipeline/types';

/** A model resolved from the settings: what a panel shows of it, and what keys its results. */
export interface ModelInfo {
  /** Absolute path of the .onnx file. */
  path: string;
  /** What to show: the path, or "bundled demo model (…)". */
  displayName: string;
  resolved: ResolvedProfile;
  signature: ModelSignature | null;
  /** SHA-256 of the model file (results cache key). */
  hash: string;
}

/** A model loaded in model hosts of this thread, with its runner (the live server's). */
export interface LoadedModel extends ModelInfo {
  runner: ModelRunner;
}

/**
 * Why no model is available. `message` is one line naming the file and the setting to change;
 * `reason` is the same without them, for places that show the file and setting apart (the problems list).
 */
export class ModelLoadError extends Error {
  readonly reason: string;

  constructor(
    message: string,
    readonly modelPath: string | null,
    reason?: string,
  ) {
    super(message);
    this.name = 'ModelLoadError';
    this.reason = reason ?? message;
  }
}

/** A model error text without the leading "<model path>: " the model host and profile errors carry. */
export function withoutPathPrefix(text: string, modelPath: string): string {
  let rest = text;
  while (rest.startsWith(`${modelPath}: `)) rest = rest.slice(modelPath.length + 2);
  return rest;
}

export type ModelLoader = () => Promise<LoadedModel>;
