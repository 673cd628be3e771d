import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * dist/modelhost.js for a bundle in dist/ (the CLI, the extension) or below it (test bundles):
 * the nearest `modelhost.js` found walking up from this bundle's directory.
 */
export function findHostScript(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, 'modelhost.js');
    if (existsSync(candidate)) return candidate;
    const distCandidate = join(dir, 'dist', 'modelhost.js');
    if (existsSync(distCandidate)) return distCandidate;
    const parent = dirname(dir);
    if (parent === dir) return join(from, 'modelhost.js');
    dir = parent;
  }
}
