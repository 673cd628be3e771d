import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SESSION_READER_BUNDLE = 'sessionreader.js';

/**
 * dist/sessionreader.js (the range worker) for a bundle in dist/ (the extension, the CLI) or below it
 * (test and bench bundles): the nearest one found walking up from `from`; undefined when there is none.
 */
export function findSessionReaderScript(from: string = __dirname): string | undefined {
  for (let dir = from; ; ) {
    const candidate = join(dir, SESSION_READER_BUNDLE);
    if (existsSync(candidate)) return candidate;
    const distCandidate = join(dir, 'dist', SESSION_READER_BUNDLE);
    if (existsSync(distCandidate)) return distCandidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
