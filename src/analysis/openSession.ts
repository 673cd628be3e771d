import { statSync } from 'node:fs';
import { readSession } from '../core/session/readSession';
import type { Session } from '../core/session/types';
import { hashFile } from '../core/fileHash';
import type { SessionSnapshotCache } from './sessionSnapshotCache';

/**
 * Niceness of the threads parsing a large file. On a 2-core machine, parser threads at normal priority
 * plus the webview's first paint leave the extension host's own thread waiting for a core.
 */
const PARSER_NICENESS = 10;

/** Files smaller than this are parsed every time: their snapshot would save little. */
export const SNAPSHOT_MIN_BYTES = 1 << 20;

export interface OpenedSession {
  session: Session;
  /** SHA-256 of the file's bytes (known at once from a snapshot, else hashed alongside the read). */
  sha256: Promise<string>;
  fromSnapshot: boolean;
  /** Stores the snapshot for the next open (call it when the machine is not busy); a no-op when not worth it. */
  saveSnapshot(): Promise<void>;
}

/**
 * A session for the replay panel: from its snapshot when the file is unchanged since it was last read,
 * else parsed (readSession, whose SessionError names what is wrong with the file).
 */
export async function openSession(
  path: string,
  snapshots: SessionSnapshotCache | undefined,
  minBytes = SNAPSHOT_MIN_BYTES,
): Promise<OpenedSession> {
  const before = statOrUndefined(path);
  if (before && snapshots && before.size >= minBytes) {
    const hit = await snapshots.get(path, before);
    if (hit) {
      return { session: hit.session, sha256: Promise.resolve(hit.source.sha256), fromSnapshot: true, saveSnapshot: async () => undefined };
    }
  }
  const sha256 = hashFile(path);
  // Read errors are readSession's to report; the hash's own rejection must not go unhandled meanwhile.
  sha256.catch(() => undefined);
  const session = await readSession(path, { parserNiceness: PARSER_NICENESS });
  return {
    session,
    sha256,
    fromSnapshot: false,
    saveSnapshot: async () => {
      if (!snapshots || !before || before.size < minBytes) return;
      const hash = await sha256;
      const after = statSync(path);
      // Changed while it was read: the snapshot could mix two versions.
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) return;
      await snapshots.put(session, { path, size: before.size, mtimeMs: before.mtimeMs, sha256: hash });
    },
  };
}

function statOrUndefined(path: string): { size: number; mtimeMs: number } | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
