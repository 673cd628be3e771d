import { findBundle } from '../findBundle';

export const SESSION_READER_BUNDLE = 'sessionreader.js';

/** dist/sessionreader.js (the range worker), the nearest found walking up from `from` (findBundle). */
export function findSessionReaderScript(from: string = __dirname): string | undefined {
  return findBundle(SESSION_READER_BUNDLE, from);
}
