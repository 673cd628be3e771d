import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { csvLines } from '../core/pipeline/formatAnalysis';
import { replayOfEntry, type ResultsEntry } from '../analysis/resultsCodec';

/** Lines of the CSV export written at a time. */
const CSV_LINES_PER_WRITE = 4096;

/** Writes a finished analysis's per-frame results to `file` as `analyze --format csv` does, streaming. */
export async function writeResultsCsv(result: ResultsEntry, labels: readonly string[], file: string): Promise<void> {
  const out = createWriteStream(file);
  const failed = once(out, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => undefined);
  let lines: string[] = [];
  const flush = async () => {
    if (!out.write(`${lines.join('\n')}\n`)) await Promise.race([once(out, 'drain'), failed]);
    lines = [];
  };
  for (const line of csvLines(replayOfEntry(result), labels)) {
    lines.push(line);
    if (lines.length === CSV_LINES_PER_WRITE) await flush();
  }
  if (lines.length) await flush();
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
}
