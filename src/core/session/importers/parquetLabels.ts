import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { guessDelimiter, splitCsvLine } from './csvLine';

/** One metadata row: a sequence of a landmark file and its whole-sequence label. */
export interface SequenceLabel {
  sequenceId: string;
  /** The phrase (ASL Fingerspelling) or the sign (Isolated Signs). */
  text: string;
  participantId: string | null;
  /** The metadata file it came from. */
  csv: string;
}

/** Metadata tables read so far, by path, with the size and time they were read at. */
const tables = new Map<string, { size: number; mtimeMs: number; byFile: Map<string, SequenceLabel[]> }>();

/** How many folders up from a landmark file its dataset's metadata is looked for (train_landmark_files/<participant>/<id>.parquet is two deep). */
const LEVELS_UP = 3;

/**
 * The labels of a Parquet landmark file's sequences from its dataset's metadata: a CSV in one of the
 * folders above it (train.csv, supplemental_metadata.csv, ...) with the columns `path` (relative to the
 * CSV's folder), `sequence_id` and `phrase` or `sign`, and `participant_id`. Empty when none names the file.
 */
export async function labelsForLandmarkFile(parquetPath: string): Promise<SequenceLabel[]> {
  const target = resolve(parquetPath);
  let dir = dirname(target);
  for (let level = 0; level < LEVELS_UP; level++) {
    for (const csv of await csvFilesIn(dir)) {
      const byFile = await readTable(csv);
      const found = byFile?.get(target);
      if (found) return found;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return [];
}

async function csvFilesIn(dir: string): Promise<string[]> {
  try {
    const names = await fs.readdir(dir);
    return names.filter((n) => n.toLowerCase().endsWith('.csv')).sort().map((n) => join(dir, n));
  } catch {
    return [];
  }
}

/** The rows of a metadata CSV by the absolute path of the file they name; null when it is not such a table. */
async function readTable(csv: string): Promise<Map<string, SequenceLabel[]> | null> {
  let stat;
  try {
    stat = await fs.stat(csv);
  } catch {
    return null;
  }
  const cached = tables.get(csv);
  if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.byFile;
  const handle = await fs.open(csv, 'r').catch(() => null);
  if (!handle) return null;
  let head: string;
  try {
    const buffer = new Uint8Array(Math.min(4096, stat.size));
    await handle.read(buffer, 0, buffer.length, 0);
    head = new TextDecoder().decode(buffer).replace(/^\ufeff/, '').split(/\r?\n/, 1)[0];
  } finally {
    await handle.close();
  }
  const delimiter = guessDelimiter(head);
  const columns = splitCsvLine(head, delimiter).fields.map((f) => f.trim().toLowerCase());
  const at = (name: string) => columns.indexOf(name);
  const textColumn = at('phrase') >= 0 ? at('phrase') : at('sign');
  if (at('path') < 0 || at('sequence_id') < 0 || textColumn < 0) return null;
  const text = (await fs.readFile(csv, 'utf8')).replace(/^\ufeff/, '');
  const base = dirname(csv);
  const byFile = new Map<string, SequenceLabel[]>();
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const { fields } = splitCsvLine(lines[i], delimiter);
    const file = resolve(base, fields[at('path')] ?? '');
    const participant = at('participant_id') >= 0 ? (fields[at('participant_id')] ?? null) : null;
    const row: SequenceLabel = { sequenceId: fields[at('sequence_id')] ?? '', text: fields[textColumn] ?? '', participantId: participant, csv };
    const list = byFile.get(file);
    if (list) list.push(row);
    else byFile.set(file, [row]);
  }
  tables.set(csv, { size: stat.size, mtimeMs: stat.mtimeMs, byFile });
  return byFile;
}
