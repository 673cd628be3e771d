import { readLandmarksSession, type ReadLandmarksOptions } from './readLandmarksSession';
import type { Session } from './types';

export type ReadSessionOptions = ReadLandmarksOptions;

/**
 * A whole session for replay or analysis: the valid part plus `problems` for invalid lines.
 * Rejects only with a SessionError, for whole-file problems (missing, empty, binary, unknown format).
 */
export async function readSession(path: string, options: ReadSessionOptions = {}): Promise<Session> {
  return readLandmarksSession(path, options);
}
