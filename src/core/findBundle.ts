import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A bundle of dist/ (`name`, such as modelhost.js) for code running from a bundle in dist/ (the extension,
 * the CLI) or below it (test and bench bundles): the nearest one found walking up from `from`, looking in
 * each folder and its dist/; undefined when there is none.
 */
export function findBundle(name: string, from: string): string | undefined {
  for (let dir = from; ; ) {
    for (const candidate of [join(dir, name), join(dir, 'dist', name)]) {
      if (existsSync(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
