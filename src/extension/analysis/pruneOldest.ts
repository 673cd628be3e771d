import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/** Removes the least recently written files ending in `suffix` from `directory` beyond the newest `keep`. */
export async function pruneOldest(directory: string, suffix: string, keep: number): Promise<void> {
  const names = (await readdir(directory)).filter((n) => n.endsWith(suffix));
  if (names.length <= keep) return;
  const dated = await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(join(directory, name))).mtimeMs })));
  dated.sort((a, b) => b.mtime - a.mtime);
  await Promise.all(dated.slice(keep).map((d) => unlink(join(directory, d.name)).catch(() => undefined)));
}
