import { join } from 'node:path';
import { findBundle } from '../core/findBundle';

export const REPLAY_WORKER_BUNDLE = 'replayworker.js';

/** dist/replayworker.js, the nearest found walking up from `from` (findBundle). */
export function findReplayWorkerScript(from: string = __dirname): string {
  return findBundle(REPLAY_WORKER_BUNDLE, from) ?? join(from, REPLAY_WORKER_BUNDLE);
}
