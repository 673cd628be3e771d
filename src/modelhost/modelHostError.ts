import type { HostErrorReason } from './protocol';

/** A model host failure, with a one-line message that names the model file and the reason. */
export class ModelHostError extends Error {
  constructor(
    readonly reason: HostErrorReason,
    message: string,
    readonly modelPath: string | null,
  ) {
    super(message);
    this.name = 'ModelHostError';
  }
}
