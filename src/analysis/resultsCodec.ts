import type { FrameResult, FrameStatus, ReplayResult, TargetChangeResult } from '../core/pipeline/types';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import { closeSync, openSync } from 'node:fs';
import { readContainerFileLayout, readExactly } from './binaryFileReads';
import { LazyFileColumn } from './lazyFileColumn';
import { columnViews, expectColumns, openContainer, writeContainer, type Column, type ColumnKind, type ContainerLayout } from '../core/binary/columnContainer';

/**
 * Binary form of a session's replay result for the on-disk cache, laid out in columns so an hour of
 * frames encodes and decodes in tens of milliseconds: a column container (core/binary/columnContainer.ts,
 * magic "LLR3") whose fields are the small part (strings, transcript changes, target changes), with one
 * column per FrameResult field, then the distributions as raw float32 (exact).
 */
export const RESULTS_MAGIC = 'LLR3';
const WHAT = 'results cache entry';
const STATUSES: readonly FrameStatus[] = ['no-hand', 'buffering', 'smoothing', 'ready'];
const HAS_PROBS = 1;
const HAS_SMOOTHED = 2;
const SENT = 4;
const HAS_RESPONSE = 8;

interface Header {
  classCount: number;
  count: number;
  strings: string[];
  /** [frame, transcript] where the transcript changed (it starts as ''). */
  transcripts: Array<[number, string]>;
  targetChanges: TargetChangeResult[];
  windows: number;
  /** [frame, problem] for the few frames whose result has a `problem` (a non-finite model output). */
  problems: Array<[number, string]>;
}

/** Column order and element kinds; `floats` holds count * 2 * classCount values and comes last (read lazily from a file). */
const COLUMNS: Array<[string, ColumnKind]> = [
  ['t', 'Float64Array'],
  ['replyProb', 'Float64Array'],
  ['frame', 'Int32Array'],
  ['replyLetter', 'Int32Array'],
  ['target', 'Int32Array'],
  ['emitted', 'Int32Array'],
  ['bufferFill', 'Uint16Array'],
  ['smoothingFill', 'Uint16Array'],
  ['status', 'Uint8Array'],
  ['flags', 'Uint8Array'],
  ['floats', 'Float32Array'],
];

function columnLength(name: string, count: number, classCount: number): number {
  return name === 'floats' ? count * 2 * classCount : count;
}

/** Node's view of the container's bytes (the callers write it to a file or compare it). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeResultsForCache(replay: ReplayResult, classCount: number): Buffer {
  const encoder = new ResultsEncoder(replay.frames.length, classCount);
  for (const frame of replay.frames) encoder.add(frame);
  return encoder.finish(replay.targetChanges, replay.windows);
}

/** As encodeResultsForCache, yielding to the event loop after every `framesPerStep` frames. */
export async function encodeResultsForCacheInSteps(replay: ReplayResult, classCount: number, framesPerStep = 8192): Promise<Buffer> {
  const encoder = new ResultsEncoder(replay.frames.length, classCount);
  const step = Math.max(1, framesPerStep);
  for (let i = 0; i < replay.frames.length; i++) {
    if (i > 0 && i % step === 0) await yieldToEventLoop();
    encoder.add(replay.frames[i]);
  }
  return encoder.finish(replay.targetChanges, replay.windows);
}

/**
 * Writes results into the entry's columns as they come, in session order, so a caller can drop each
 * FrameResult once it is encoded: an hour's results then never exist as ~100,000 objects at once.
 */
export class ResultsEncoder {
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  private readonly transcripts: Array<[number, string]> = [];
  private readonly problems: Array<[number, string]> = [];
  private transcript = '';
  private next = 0;
  private readonly columns: {
    t: Float64Array;
    replyProb: Float64Array;
    frame: Int32Array;
    replyLetter: Int32Array;
    target: Int32Array;
    emitted: Int32Array;
    bufferFill: Uint16Array;
    smoothingFill: Uint16Array;
    status: Uint8Array;
    flags: Uint8Array;
    floats: Float32Array;
  };

  constructor(
    readonly count: number,
    readonly classCount: number,
  ) {
    this.columns = {
      t: new Float64Array(count),
      replyProb: new Float64Array(count),
      frame: new Int32Array(count),
      replyLetter: new Int32Array(count),
      target: new Int32Array(count),
      emitted: new Int32Array(count),
      bufferFill: new Uint16Array(count),
      smoothingFill: new Uint16Array(count),
      status: new Uint8Array(count),
      flags: new Uint8Array(count),
      floats: new Float32Array(count * 2 * classCount),
    };
  }

  get added(): number {
    return this.next;
  }

  private intern(s: string | null): number {
    if (s === null) return -1;
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  add(r: FrameResult): void {
    const i = this.next;
    if (i >= this.count) throw new Error(`more than the ${this.count} frames this encoder was made for`);
    const c = this.columns;
    const classCount = this.classCount;
    c.t[i] = r.t;
    c.frame[i] = r.frame;
    c.status[i] = STATUSES.indexOf(r.status);
    let f = 0;
    if (r.probs) {
      f |= HAS_PROBS;
      c.floats.set(r.probs.subarray(0, classCount), i * 2 * classCount);
    }
    if (r.smoothed) {
      f |= HAS_SMOOTHED;
      c.floats.set(r.smoothed.subarray(0, classCount), (i * 2 + 1) * classCount);
    }
    if (r.sent) f |= SENT;
    if (r.response) {
      f |= HAS_RESPONSE;
      c.replyLetter[i] = this.intern(r.response.maxarg_letter);
      c.replyProb[i] = r.response.target_arg_prob;
    } else {
      c.replyLetter[i] = -1;
    }
    c.flags[i] = f;
    c.bufferFill[i] = r.bufferFill;
    c.smoothingFill[i] = r.smoothingFill;
    c.target[i] = this.intern(r.target);
    c.emitted[i] = this.intern(r.emitted);
    if (r.transcript !== this.transcript) {
      this.transcript = r.transcript;
      this.transcripts.push([r.frame, r.transcript]);
    }
    if (r.problem !== undefined) this.problems.push([r.frame, r.problem]);
    this.next++;
  }

  /** The entry's bytes; every frame must have been added. */
  finish(targetChanges: TargetChangeResult[], windows: number): Buffer {
    if (this.next !== this.count) throw new Error(`${this.next} of ${this.count} frames were added`);
    const columns = this.columns as unknown as Record<string, ArrayBufferView>;
    const header: Header = { classCount: this.classCount, count: this.count, strings: this.strings, transcripts: this.transcripts, targetChanges, windows, problems: this.problems };
    return asBuffer(writeContainer(RESULTS_MAGIC, header, COLUMNS.map(([name]) => [name, columns[name]] as const)));
  }
}

/** Every frame of an entry as objects (for the CSV export and tests). */
export function replayOfEntry(entry: ResultsEntry): ReplayResult {
  return { frames: entry.frames(0, entry.count), targetChanges: entry.targetChanges, windows: entry.windows };
}

/** Decodes a cache entry; throws an Error naming what is wrong when the bytes are not a valid entry. */
export function decodeResultsFromCache(bytes: Uint8Array): ReplayResult {
  const entry = openResultsEntry(bytes);
  return { frames: entry.frames(0, entry.count), targetChanges: entry.targetChanges, windows: entry.windows };
}

export interface FrameProblem {
  frame: number;
  message: string;
}

/**
 * A cache entry whose columns are checked and mapped but whose frames are built only when asked for,
 * so the frames around the playhead can be shown before the rest of an hour's results exist as objects.
 */
export interface ResultsEntry {
  readonly count: number;
  readonly classCount: number;
  readonly windows: number;
  readonly targetChanges: TargetChangeResult[];
  /** The frames whose result has a `problem` (a non-finite model output), ascending. */
  readonly problems: readonly FrameProblem[];
  /** The results of frames [start, end) (positions in the entry, which are the frame numbers). */
  frames(start: number, end: number): FrameResult[];
  /** The transcript before position `index` ('' at 0). */
  transcriptBefore(index: number): string;
  /** Closes the cache file of an entry opened from it whose distributions are not all read yet. */
  release(): void;
}

/** Checks an entry's fields and that its columns are the entry's, for its count and class count; throws an Error naming what is wrong. */
function checkEntry(layout: ContainerLayout<Header>): Header {
  const header = layout.fields;
  if (!header || typeof header !== 'object') throw new Error(`${WHAT} has no fields`);
  const { classCount, count, strings, transcripts, problems } = header;
  if (
    !Number.isInteger(classCount) ||
    !Number.isInteger(count) ||
    !Array.isArray(strings) ||
    !Array.isArray(transcripts) ||
    !Array.isArray(header.targetChanges) ||
    !Array.isArray(problems) ||
    !problems.every((p) => Array.isArray(p) && Number.isInteger(p[0]) && p[0] >= 0 && p[0] < count && typeof p[1] === 'string')
  ) {
    throw new Error(`${WHAT} has unexpected fields`);
  }
  expectColumns(layout, COLUMNS.map(([name, kind]) => ({ name, kind, length: columnLength(name, count, classCount) })), WHAT);
  return header;
}

/** Checks an entry held whole and maps its columns; throws an Error naming what is wrong. */
export function openResultsEntry(bytes: Uint8Array): ResultsEntry {
  const { layout, columns } = openContainer<Header>(bytes, RESULTS_MAGIC, WHAT);
  return entryOfColumns(checkEntry(layout), columns);
}

/**
 * The entry of a cache file, as openResultsEntry gives it, with its distributions (nine tenths of it)
 * read from the file as frames are asked for (LazyFileColumn), so that the first chunk around the
 * playhead does not wait for the whole file. The file stays open until every distribution is read or
 * the entry is released. Throws an Error naming what is wrong.
 */
export function openResultsEntryFile(file: string): ResultsEntry {
  const fd = openSync(file, 'r');
  try {
    const layout = readContainerFileLayout<Header>(fd, RESULTS_MAGIC, `${WHAT} ${file}`);
    const header = checkEntry(layout);
    // Untouched pages of a new buffer cost no memory: the distributions fill as they are read.
    const block = new ArrayBuffer(layout.byteLength - layout.columnsStart);
    const columns = columnViews(layout, block, 0);
    const floats = layout.columns[layout.columns.length - 1].offset;
    readExactly(fd, new Uint8Array(block, 0, floats), layout.columnsStart, `${WHAT} ${file}`);
    const perFrame = 2 * header.classCount * Float32Array.BYTES_PER_ELEMENT;
    const lazy = new LazyFileColumn(fd, `${WHAT} ${file}`, 'distributions', layout.columnsStart + floats, new Uint8Array(block, floats, header.count * perFrame), perFrame, FRAMES_PER_READ);
    return entryOfColumns(header, columns, lazy);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Frames whose distributions a cache file opened lazily reads at a time (~240 KB for 29 classes). */
const FRAMES_PER_READ = 1024;

function entryOfColumns(header: Header, columns: Record<string, Column>, lazyFloats?: LazyFileColumn): ResultsEntry {
  const { classCount, count, strings, transcripts } = header;
  const t = columns.t as Float64Array;
  const replyProb = columns.replyProb as Float64Array;
  const frame = columns.frame as Int32Array;
  const replyLetter = columns.replyLetter as Int32Array;
  const target = columns.target as Int32Array;
  const emitted = columns.emitted as Int32Array;
  const bufferFill = columns.bufferFill as Uint16Array;
  const smoothingFill = columns.smoothingFill as Uint16Array;
  const status = columns.status as Uint8Array;
  const flags = columns.flags as Uint8Array;
  const floats = columns.floats as Float32Array;
  const text = (i: number): string | null => (i < 0 ? null : strings[i]);
  const problems: FrameProblem[] = header.problems.map(([f, message]) => ({ frame: f, message }));
  const problemAt = new Map(header.problems);
  /** Index of the last transcript change at or before frame number `f`, -1 when none. */
  const lastChangeAtOrBefore = (f: number): number => {
    let lo = 0;
    let hi = transcripts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (transcripts[mid][0] <= f) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const transcriptBefore = (index: number): string => {
    if (index <= 0 || count === 0) return '';
    const change = lastChangeAtOrBefore(frame[Math.min(index, count) - 1]);
    return change < 0 ? '' : transcripts[change][1];
  };

  return {
    count,
    classCount,
    windows: header.windows,
    targetChanges: header.targetChanges,
    problems,
    transcriptBefore,
    release: () => lazyFloats?.release(),
    frames(from: number, to: number): FrameResult[] {
      const first = Math.max(0, from);
      const last = Math.min(count, to);
      const out: FrameResult[] = [];
      if (first >= last) return out;
      lazyFloats?.ensure(first, last);
      let nextChange = first > 0 ? lastChangeAtOrBefore(frame[first - 1]) + 1 : 0;
      let transcript = transcriptBefore(first);
      for (let i = first; i < last; i++) {
        while (nextChange < transcripts.length && transcripts[nextChange][0] <= frame[i]) transcript = transcripts[nextChange++][1];
        const f = flags[i];
        const result: FrameResult = {
          frame: frame[i],
          t: t[i],
          status: STATUSES[status[i]],
          probs: f & HAS_PROBS ? floats.subarray(i * 2 * classCount, (i * 2 + 1) * classCount) : null,
          smoothed: f & HAS_SMOOTHED ? floats.subarray((i * 2 + 1) * classCount, (i * 2 + 2) * classCount) : null,
          response: f & HAS_RESPONSE ? { maxarg_letter: strings[replyLetter[i]], target_arg_prob: replyProb[i] } : null,
          sent: (f & SENT) !== 0,
          bufferFill: bufferFill[i],
          smoothingFill: smoothingFill[i],
          target: text(target[i]),
          transcript,
          emitted: text(emitted[i]),
        };
        const problem = problemAt.get(frame[i]);
        if (problem !== undefined) result.problem = problem;
        out.push(result);
      }
      return out;
    },
  };
}
