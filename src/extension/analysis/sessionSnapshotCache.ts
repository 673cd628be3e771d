import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Session } from '../../core/session/types';
import { pruneOldest } from './pruneOldest';
import { decodeSessionSnapshot, encodeSessionSnapshot, type SnapshotSource } from './sessionSnapshotCodec';

/** Snapshots kept; the least recently written beyond this are removed (an hour's session is ~60 MB). */
const MAX_ENTRIES = 8;

/**
 * Parsed sessions on disk (the extension's global storage), one per session file, valid while the file
 * keeps the size and modification time it had when it was read: reopening an hour-long session then
 * costs a binary read instead of parsing its JSON again, and its content hash comes with it.
 */
export class SessionSnapshotCache {
  constructor(private readonly directory: string) {}

  private file(path: string): string {
    return join(this.directory, `${createHash('sha256').update(path).digest('hex')}.lls`);
  }

  /** The snapshot of `path` when it matches the file's current size and mtime; undefined otherwise. */
  async get(path: string, current: { size: number; mtimeMs: number }): Promise<{ session: Session; source: SnapshotSource } | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file(path));
    } catch {
      return undefined;
    }
    try {
      const decoded = await decodeSessionSnapshot(bytes);
      const { source } = decoded;
      if (source.path !== path || source.size !== current.size || source.mtimeMs !== current.mtimeMs) return undefined;
      return decoded;
    } catch {
      await unlink(this.file(path)).catch(() => undefined);
      return undefined;
    }
  }

  async put(session: Session, source: SnapshotSource): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    const target = this.file(source.path);
    // Write then rename, so a reader never sees half a snapshot.
    const temporary = `${target}.${process.pid}.tmp`;
    await writeFile(temporary, await encodeSessionSnapshot(session, source));
    await rename(temporary, target);
    await pruneOldest(this.directory, '.lls', MAX_ENTRIES);
  }
}
