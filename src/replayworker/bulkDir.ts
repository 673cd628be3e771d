import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/**
 * Makes `dir` (`<root>/<this process's pid>`) empty and ready for bulk files, and removes the folders
 * beside it that processes no longer running left (windows that closed or crashed; each window's
 * extension host has its own).
 */
export function prepareBulkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const root = dirname(dir);
  for (const name of readdirSync(root)) {
    if (name !== basename(dir) && /^\d+$/.test(name) && !alive(Number(name))) rmSync(join(root, name), { recursive: true, force: true });
  }
}
