import { promises as fs } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { SessionError } from './sessionError';
import { chooseImporter, IMPORTERS } from './importers/chooseImporter';
import { readParquetSessions } from './importers/parquetImporter';
import { openSessionFile } from './sessionFile';
import type { ImportOptions } from './importers/sessionImporter';
import type { Session } from './types';

/** A session and what reports call it: the path as given (or below the folder given), with `#<sequence_id>` for a Parquet sequence. */
export interface NamedSession {
  name: string;
  session: Session;
}

/** A file of sessions: one session, or a Parquet file's sequences. Read only when asked (a dataset does not fit in memory at once). */
export interface SessionSource {
  name: string;
  file: string;
  /** Rejects with a SessionError naming the file. */
  read(): Promise<NamedSession[]>;
}

export interface FoundSessions {
  sources: SessionSource[];
  /** Files under the folders that no importer recognizes by their content (README, metadata CSVs, ...). */
  ignored: string[];
  /** Files whose format cannot be told (named on the command line), each with its one-line error. */
  unreadable: Array<{ name: string; error: string }>;
}

/**
 * How sure an importer must be of a file found in a folder: by content, not just by its name ending, so
 * a dataset's metadata CSV or a README.json is not taken for a session. A file named on the command line
 * is read by whichever importer fits best.
 */
const FOLDER_CONFIDENCE = 0.6;

/**
 * The sessions of `paths`: each file as one session (a Parquet file as one session per sequence), each
 * folder walked for every file an importer recognizes, in name order. Rejects with a SessionError for a
 * path that does not exist.
 */
export async function findSessions(paths: readonly string[], options: ImportOptions & { nameFrom?: string } = {}): Promise<FoundSessions> {
  // Names relative to `nameFrom` (the working folder) when below it, as a person typed them.
  const nameOf = (file: string) => {
    if (options.nameFrom === undefined) return file;
    const rel = relative(options.nameFrom, file);
    return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
  };
  const found: FoundSessions = { sources: [], ignored: [], unreadable: [] };
  for (const path of paths) {
    let stat;
    try {
      stat = await fs.stat(path);
    } catch {
      throw new SessionError('not-found', path, 'no such file or folder');
    }
    if (stat.isDirectory()) {
      for (const file of await filesUnder(path)) {
        const name = nameOf(file);
        if (await isSessionFile(file)) await addFile(found, file, name, options);
        else found.ignored.push(name);
      }
    } else {
      await addFile(found, path, nameOf(path), options);
    }
  }
  return found;
}

async function addFile(found: FoundSessions, file: string, name: string, options: ImportOptions): Promise<void> {
  let importer;
  try {
    importer = await chooseImporter(file);
  } catch (err) {
    found.unreadable.push({ name, error: err instanceof Error ? err.message : String(err) });
    return;
  }
  const read =
    importer.id === 'parquet'
      ? async () => (await readParquetSessions(file, options)).map(({ sequenceId, session }) => ({ name: `${name}#${sequenceId}`, session }))
      : async () => [{ name, session: await importer.read(file, options) }];
  found.sources.push({ name, file, read });
}

async function isSessionFile(file: string): Promise<boolean> {
  try {
    const { firstBytes } = await openSessionFile(file);
    return IMPORTERS.some((importer) => importer.detect(file, firstBytes) >= FOLDER_CONFIDENCE);
  } catch {
    return false;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
