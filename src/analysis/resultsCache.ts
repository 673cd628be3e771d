import { existsSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReplayResult } from '../core/pipeline/types';
import { pruneOldest } from './pruneOldest';
import { encodeResultsForCacheInSteps, openResultsEntryFile, type ResultsEntry } from './resultsCodec';

/** Entries kept; the least recently written beyond this are removed. */
const MAX_ENTRIES = 64;

/**
 * Pipeline results on disk (the extension's global storage), keyed by `resultsCacheKey`, so reopening
 * a session with the same model and profile shows its results at once. Its file access is synchronous:
 * it runs in the replay worker, whose thread can wait for the disk, while asynchronous calls would queue
 * in libuv's thread pool, which the extension host's own thread shares.
 */
export class ResultsCache {
  constructor(private readonly directory: string) {}

  private file(key: string): string {
    return join(this.directory, `${key}.llr`);
  }

  /**
   * The cached entry with its frames not built yet (see ResultsEntry), or undefined when there is no
   * usable entry (a damaged entry is removed). Release the entry when done with it before every frame
   * was read (it may hold the file open).
   */
  async open(key: string): Promise<ResultsEntry | undefined> {
    if (!existsSync(this.file(key))) return undefined;
    try {
      // Its distributions are read as frames are asked for: the first chunk need not wait for an hour's 25 MB.
      return openResultsEntryFile(this.file(key));
    } catch {
      try {
        unlinkSync(this.file(key));
      } catch {
        // Gone already.
      }
      return undefined;
    }
  }

  async put(key: string, replay: ReplayResult, classCount: number): Promise<void> {
    await this.putBytes(key, await encodeResultsForCacheInSteps(replay, classCount));
  }

  /** Stores an entry already encoded (ResultsEncoder). */
  async putBytes(key: string, bytes: Uint8Array): Promise<void> {
    mkdirSync(this.directory, { recursive: true });
    // Write then rename, so a reader never sees half an entry.
    const temporary = `${this.file(key)}.${process.pid}.tmp`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, this.file(key));
    pruneOldest(this.directory, '.llr', MAX_ENTRIES);
  }
}
