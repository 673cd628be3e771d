import type { FrameResult, FrameStatus, ReplayResult, TargetChangeResult } from '../core/pipeline/types';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readExactly, readJsonHead } from './binaryFileReads';
import { alignedBlock } from './alignedBlock';
import { LazyFileColumn } from './lazyFileColumn';

/**
 * Binary form of a session's replay result for the on-disk cache, laid out in columns so an hour of
 * frames encodes and decodes in tens of milliseconds: a small JSON block (strings, transcript changes,
 * target changes), then one typed-array column per FrameResult field, then the distributions as raw
 * float32 (exact). Layout: "LLR2", uint32 JSON byte length, JSON, then the columns, each 8-byte aligned.
 */
const MAGIC = 'LLR2';
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
}

type ColumnType = Float64ArrayConstructor | Float32ArrayConstructor | Int32ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor;

/** Column order and element types; `floats` holds count * 2 * classCount values. */
const COLUMNS: Array<[string, ColumnType]> = [
  ['t', Float64Array],
  ['replyProb', Float64Array],
  ['frame', Int32Array],
  ['replyLetter', Int32Array],
  ['target', Int32Array],
  ['emitted', Int32Array],
  ['bufferFill', Uint16Array],
  ['smoothingFill', Uint16Array],
  ['status', Uint8Array],
  ['flags', Uint8Array],
  ['floats', Float32Array],
];

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

function columnLength(name: string, count: number, classCount: number): number {
  return name === 'floats' ? count * 2 * classCount : count;
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
    this.next++;
  }

  /** The entry's bytes; every frame must have been added. */
  finish(targetChanges: TargetChangeResult[], windows: number): Buffer {
    if (this.next !== this.count) throw new Error(`${this.next} of ${this.count} frames were added`);
    const columns = this.columns as unknown as Record<string, ArrayBufferView>;
    const header: Header = { classCount: this.classCount, count: this.count, strings: this.strings, transcripts: this.transcripts, targetChanges, windows };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    let size = align8(8 + json.length);
    for (const [name] of COLUMNS) size = align8(size + columns[name].byteLength);
    const out = Buffer.alloc(size);
    out.write(MAGIC, 0, 'latin1');
    out.writeUInt32LE(json.length, 4);
    json.copy(out, 8);
    let offset = align8(8 + json.length);
    for (const [name] of COLUMNS) {
      const column = columns[name];
      out.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), offset);
      offset = align8(offset + column.byteLength);
    }
    return out;
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

/**
 * A cache entry whose columns are checked and mapped but whose frames are built only when asked for,
 * so the frames around the playhead can be shown before the rest of an hour's results exist as objects.
 */
export interface ResultsEntry {
  readonly count: number;
  readonly classCount: number;
  readonly windows: number;
  readonly targetChanges: TargetChangeResult[];
  /** The results of frames [start, end) (positions in the entry, which are the frame numbers). */
  frames(start: number, end: number): FrameResult[];
  /** The transcript before position `index` ('' at 0). */
  transcriptBefore(index: number): string;
  /** Closes the cache file of an entry opened from it whose distributions are not all read yet. */
  release(): void;
}

/** An entry's JSON block and where its columns lie (offsets from `start`), checked against its size. */
function entryLayout(head: Buffer, totalBytes: number): { header: Header; start: number; offsets: number[]; size: number } {
  if (head.length < 8 || head.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a results cache entry');
  const jsonLength = head.readUInt32LE(4);
  if (8 + jsonLength > head.length) throw new Error('results cache entry is truncated (JSON block)');
  const header = JSON.parse(head.toString('utf8', 8, 8 + jsonLength)) as Header;
  const { classCount, count, strings, transcripts } = header;
  if (!Number.isInteger(classCount) || !Number.isInteger(count) || !Array.isArray(strings) || !Array.isArray(transcripts) || !Array.isArray(header.targetChanges)) {
    throw new Error('results cache entry has an unexpected JSON block');
  }
  const start = align8(8 + jsonLength);
  let size = 0;
  const offsets: number[] = [];
  for (const [name, type] of COLUMNS) {
    offsets.push(size);
    size = align8(size + columnLength(name, count, classCount) * type.BYTES_PER_ELEMENT);
  }
  if (start + size !== totalBytes) throw new Error('results cache entry is truncated (columns)');
  return { header, start, offsets, size };
}

/** Checks an entry's layout and maps its columns; throws an Error naming what is wrong. */
export function openResultsEntry(bytes: Uint8Array): ResultsEntry {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { header, start, offsets, size } = entryLayout(buffer, buffer.length);
  const { buffer: block, base } = alignedBlock(buffer, start, size);
  return entryOfColumns(header, block, base, offsets);
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
    const { header, start, offsets, size } = entryLayout(readJsonHead(fd, MAGIC), fstatSync(fd).size);
    // Untouched pages of a new buffer cost no memory: the distributions fill as they are read.
    const block = new ArrayBuffer(size);
    const floats = offsets[offsets.length - 1];
    const small = new Uint8Array(block, 0, floats);
    readExactly(fd, small, start, `results cache entry ${file}`);
    const perFrame = 2 * header.classCount * Float32Array.BYTES_PER_ELEMENT;
    const lazy = new LazyFileColumn(fd, `results cache entry ${file}`, 'distributions', start + floats, new Uint8Array(block, floats, header.count * perFrame), perFrame, FRAMES_PER_READ);
    return entryOfColumns(header, block, 0, offsets, lazy);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** Frames whose distributions a cache file opened lazily reads at a time (~240 KB for 29 classes). */
const FRAMES_PER_READ = 1024;

function entryOfColumns(header: Header, block: ArrayBuffer, base: number, offsets: number[], lazyFloats?: LazyFileColumn): ResultsEntry {
  const { classCount, count, strings, transcripts } = header;
  const column = <T extends ColumnType>(k: number): InstanceType<T> => {
    const [name, type] = COLUMNS[k];
    return new type(block, base + offsets[k], columnLength(name, count, classCount)) as InstanceType<T>;
  };
  const t = column<Float64ArrayConstructor>(0);
  const replyProb = column<Float64ArrayConstructor>(1);
  const frame = column<Int32ArrayConstructor>(2);
  const replyLetter = column<Int32ArrayConstructor>(3);
  const target = column<Int32ArrayConstructor>(4);
  const emitted = column<Int32ArrayConstructor>(5);
  const bufferFill = column<Uint16ArrayConstructor>(6);
  const smoothingFill = column<Uint16ArrayConstructor>(7);
  const status = column<Uint8ArrayConstructor>(8);
  const flags = column<Uint8ArrayConstructor>(9);
  const floats = column<Float32ArrayConstructor>(10);
  const text = (i: number): string | null => (i < 0 ? null : strings[i]);
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
        out.push({
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
        });
      }
      return out;
    },
  };
}
