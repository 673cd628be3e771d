import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository root: the nearest folder up from this bundle whose package.json is landmark-lens. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'landmark-lens') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the repository root above ' + __dirname);
    dir = up;
  }
}

export const fixture = (name: string): string => join(repoRoot(), 'test/fixtures/sessions', name);
export const sharedData = (...parts: string[]): string => join(repoRoot(), '..', 'shared', 'data', ...parts);

/** A temporary folder removed when the process exits. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'landmark-lens-session-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let counter = 0;
/** Writes `content` to a new file in `dir` and returns its path. */
export function writeTemp(dir: string, content: string | Uint8Array, name = `s${counter++}.landmarks.jsonl`): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
