import type { ResolvedProfile } from '../../core/model/profile';
import type { ModelSignature } from '../../core/model/signature';
import type { ModelRunner } from '../../core/pipeline/types';

/** The model a replay panel analyses with, resolved from the settings. */
export interface ReplayModel {
  /** Absolute path of the .onnx file. */
  path: string;
  /** What to show: the path, or "bundled demo model (…)". */
  displayName: string;
  resolved: ResolvedProfile;
  signature: ModelSignature | null;
  runner: ModelRunner;
  /** SHA-256 of the model file (results cache key). */
  hash: string;
}

/** Why no model is available; `message` is one line naming the file and the setting to change. */
export class ReplayModelError extends Error {
  constructor(
    message: string,
    readonly modelPath: string | null,
  ) {
    super(message);
    this.name = 'ReplayModelError';
  }
}

export type ReplayModelLoader = () => Promise<ReplayModel>;
