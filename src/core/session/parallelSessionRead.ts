import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { assembleRanges } from './assembleRanges';
import { DEFAULT_MAX_LINE_BYTES } from './lineSource';
import { readLandmarksSession, type ReadLandmarksOptions } from './readLandmarksSession';
import { splitAtLineStarts, type ByteRange } from './sessionByteRanges';
import { assertText, openSessionFile } from './sessionFile';
import type { ParsedRange, UnusualRange } from './sessionRangeParse';
import type { RangeWorkerData } from './sessionRangeWorker';
import { readSessionRange } from './readSessionRange';
import { findSessionReaderScript } from './sessionReaderScript';
import type { Session } from './types';
import { errorText } from '../errorText';

/**
 * Below this size a file is read sequentially: starting workers costs more than it saves. Around this size
 * a parallel read takes about as long as a sequential one but frees the calling thread for most of it;
 * well above it, it is faster too. Smaller files gain too little, and under load from other processes the
 * workers start slower, so they lose.
 */
export const DEFAULT_MIN_PARALLEL_BYTES = 4 * 1024 * 1024;
const MAX_WORKERS = 4;
/** Bytes a worker reads at a time unless `chunkBytes` says otherwise. */
const DEFAULT_WORKER_CHUNK_BYTES = 4 * 1024 * 1024;
/**
 * A worker's garbage is short-lived (each line's parsed JSON), so a small young generation costs no time
 * and lowers the peak memory of a long session's read.
 */
const WORKER_YOUNG_GENERATION_MB = 4;

/** How a read went: in parallel over `ranges` byte ranges (1: in the calling thread), or sequentially and why. */
export type SessionReadPath = { parallel: true; ranges: number; inThread?: true } | { parallel: false; reason: string };

export interface ParallelReadOptions extends ReadLandmarksOptions {
  /** Niceness of the parser threads (Linux), so the calling thread keeps a core on a small machine. */
  parserNiceness?: number;
  /** Worker threads (default: the available parallelism, at most 4). */
  workers?: number;
  /** Files smaller than this are read sequentially (default DEFAULT_MIN_PARALLEL_BYTES); 0 reads every file in parallel. */
  minParallelBytes?: number;
  /** Files from minParallelBytes up to this size are parsed in the calling thread as one range (default 0: none). */
  inThreadBytes?: number;
  /** The worker bundle (default: dist/sessionreader.js, found from this bundle's folder). */
  workerScript?: string;
  /** Told which way the file was read (tests and benchmarks). */
  onReadPath?: (path: SessionReadPath) => void;
}

/**
 * The same Session as `readLandmarksSession`, with the lines parsed in worker threads so that the
 * calling thread stays free: the file is cut into byte ranges at line starts, each worker reads and
 * parses its range with the sequential reader's per-line code, and this thread joins the ranges in
 * steps that yield to the event loop. Only ordinary files take that path: when any range holds
 * anything the sequential reader would report (a problem, a note, a BOM...), or the workers cannot
 * run, the file is read again by `readLandmarksSession`, so its result and messages are exactly the sequential reader's.
 */
export async function readLandmarksSessionInParallel(path: string, options: ParallelReadOptions = {}): Promise<Session> {
  const sequential = (reason: string): Promise<Session> => {
    options.onReadPath?.({ parallel: false, reason });
    return readLandmarksSession(path, options);
  };
  // The sequential reader's whole-file checks first, so missing, empty and binary files fail as they do there.
  const { size, firstBytes } = await openSessionFile(path);
  assertText(path, firstBytes);
  if (size < (options.minParallelBytes ?? DEFAULT_MIN_PARALLEL_BYTES)) return sequential('small file');
  if (size <= (options.inThreadBytes ?? 0)) {
    const outcome = await readInThread(path, size, options);
    if ('unusual' in outcome) return sequential(outcome.unusual);
    options.onReadPath?.({ parallel: true, ranges: 1, inThread: true });
    return outcome;
  }
  const script = options.workerScript ?? findSessionReaderScript();
  if (!script || !existsSync(script)) return sequential(`the worker script ${script ?? 'sessionreader.js'} was not found`);

  const workers = Math.max(1, Math.floor(options.workers ?? Math.min(availableParallelism(), MAX_WORKERS)));
  let outcome: { session: Session; ranges: number } | UnusualRange;
  try {
    outcome = await readInWorkers(script, path, size, workers, options);
  } catch (err) {
    // The parallel machinery never fails a read that the sequential reader can do.
    outcome = { unusual: `the parallel read failed (${errorText(err)})` };
  }
  if ('unusual' in outcome) return sequential(outcome.unusual);
  options.onReadPath?.({ parallel: true, ranges: outcome.ranges });
  return outcome.session;
}

/** The whole file as one range, parsed by the workers' code in this thread: the same session, no worker to start. */
async function readInThread(path: string, size: number, options: ParallelReadOptions): Promise<Session | UnusualRange> {
  const parsed = readSessionRange({
    path,
    start: 0,
    end: size,
    first: true,
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    chunkBytes: options.chunkBytes ?? DEFAULT_WORKER_CHUNK_BYTES,
  });
  return 'unusual' in parsed ? parsed : assembleRanges([parsed]);
}

async function readInWorkers(
  script: string,
  path: string,
  size: number,
  workers: number,
  options: ParallelReadOptions,
): Promise<{ session: Session; ranges: number } | UnusualRange> {
  const ranges = await splitAtLineStarts(path, size, workers);
  const parsed = await parseRangesInWorkers(script, path, ranges, {
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    chunkBytes: options.chunkBytes ?? DEFAULT_WORKER_CHUNK_BYTES,
    niceness: options.parserNiceness,
  });
  if ('unusual' in parsed) return parsed;
  const session = await assembleRanges(parsed);
  return 'unusual' in session ? session : { session, ranges: ranges.length };
}

/** Every range parsed, in order; the first UnusualRange ends the others' workers early. */
function parseRangesInWorkers(
  script: string,
  path: string,
  ranges: readonly ByteRange[],
  reading: Pick<RangeWorkerData, 'maxLineBytes' | 'chunkBytes' | 'niceness'>,
): Promise<ParsedRange[] | UnusualRange> {
  return new Promise((resolve) => {
    const workers: Worker[] = [];
    const results: ParsedRange[] = [];
    let pending = ranges.length;
    let settled = false;
    const fail = (unusual: string) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      resolve({ unusual });
    };
    ranges.forEach((range, k) => {
      if (settled) return;
      const workerData: RangeWorkerData = { path, start: range.start, end: range.end, first: k === 0, ...reading };
      let worker: Worker;
      try {
        worker = new Worker(script, { workerData, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
      } catch (err) {
        fail(`a worker did not start (${errorText(err)})`);
        return;
      }
      workers.push(worker);
      let answered = false;
      worker.on('message', (result: ParsedRange | UnusualRange) => {
        answered = true;
        if ('unusual' in result) return fail(`range ${k + 1}: ${result.unusual}`);
        results[k] = result;
        if (--pending === 0 && !settled) {
          settled = true;
          resolve(results);
        }
      });
      worker.on('error', (err) => fail(`worker ${k + 1} failed (${errorText(err)})`));
      worker.on('exit', (code) => {
        if (!answered) fail(`worker ${k + 1} exited with code ${code} before answering`);
      });
    });
  });
}
