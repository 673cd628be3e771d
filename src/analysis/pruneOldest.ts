import { readdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Removes the least recently written files ending in `suffix` from `directory` beyond the newest `keep`. */
export function pruneOldest(directory: string, suffix: string, keep: number): void {
  const names = readdirSync(directory).filter((n) => n.endsWith(suffix));
  if (names.length <= keep) return;
  const dated = names.map((name) => ({ name, mtime: statSync(join(directory, name)).mtimeMs }));
  dated.sort((a, b) => b.mtime - a.mtime);
  for (const d of dated.slice(keep)) {
    try {
      unlinkSync(join(directory, d.name));
    } catch {
      // Gone already (another window pruned it).
    }
  }
}
