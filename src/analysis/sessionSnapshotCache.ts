import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { readContainerHeadBytes } from './binaryFileReads';
import { join } from 'node:path';
import type { Session } from '../core/session/types';
import { pruneOldest } from './pruneOldest';
import { SNAPSHOT_MAGIC, encodeSessionSnapshot, openSessionSnapshot, snapshotSource, type SnapshotSource } from './sessionSnapshotCodec';

/** Snapshots kept; the least recently written beyond this are removed (an hour's session is ~60 MB). */
const MAX_ENTRIES = 8;

/** The source a snapshot file was taken of, reading only its head: 'missing' when there is no file, 'damaged' when it is not a snapshot. */
function readSnapshotSource(file: string): SnapshotSource | 'missing' | 'damaged' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 'missing';
  }
  try {
    return snapshotSource(readContainerHeadBytes(fd, SNAPSHOT_MAGIC)) ?? 'damaged';
  } catch {
    return 'damaged';
  } finally {
    closeSync(fd);
  }
}

function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Gone already.
  }
}

/**
 * Parsed sessions on disk (the extension's global storage), one per session file, valid while the file
 * keeps the size and modification time it had when it was read: reopening an hour-long session then
 * costs a binary read instead of parsing its JSON again, and its content hash comes with it. File access
 * is synchronous, as the results cache's (it runs in the replay worker).
 */
export class SessionSnapshotCache {
  constructor(private readonly directory: string) {}

  private file(path: string): string {
    return join(this.directory, `${createHash('sha256').update(path).digest('hex')}.lls`);
  }

  /** The snapshot of `path` when it matches the file's current size and mtime; undefined otherwise. */
  async get(path: string, current: { size: number; mtimeMs: number }): Promise<{ session: Session; source: SnapshotSource } | undefined> {
    const file = this.file(path);
    // The source first, from the snapshot's small JSON block: a stale snapshot of an hour (~57 MB) is not read.
    const source = readSnapshotSource(file);
    if (source === 'missing') return undefined;
    if (source !== 'damaged' && (source.path !== path || source.size !== current.size || source.mtimeMs !== current.mtimeMs)) return undefined;
    try {
      if (source === 'damaged') throw new Error('not a session snapshot');
      return openSessionSnapshot(file);
    } catch {
      removeFile(file);
      return undefined;
    }
  }

  async put(session: Session, source: SnapshotSource): Promise<void> {
    mkdirSync(this.directory, { recursive: true });
    const target = this.file(source.path);
    // Write then rename, so a reader never sees half a snapshot.
    const temporary = `${target}.${process.pid}.tmp`;
    writeFileSync(temporary, await encodeSessionSnapshot(session, source));
    renameSync(temporary, target);
    pruneOldest(this.directory, '.lls', MAX_ENTRIES);
  }
}
