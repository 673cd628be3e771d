import type { Session, SessionFrame } from '../core/session/types';
import { FrameColumns, frameColumnsOf, handednessCode, sessionWithFrameColumns, type FrameColumnArrays } from '../core/session/frameColumns';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readExactly, readJsonHead } from './binaryFileReads';
import { LazyFileColumn } from './lazyFileColumn';
import { HandBlocks } from '../core/session/handBlocks';
import { VALUES_PER_FRAME } from '../core/hand/topology';

/**
 * Binary form of a parsed session, so reopening an hour-long session skips parsing 70 MB of JSON:
 * "LLS1", uint32 JSON byte length, a JSON block (everything but the frames, plus the facts the
 * snapshot was taken of), then typed-array columns, each 8-byte aligned. Landmarks stay float64, so
 * a snapshot gives back exactly the values read from the file.
 */
export const SNAPSHOT_MAGIC = 'LLS1';
/** Hands whose landmarks a snapshot opened from its file reads at a time (1 MB): a frames message's worth. */
const HANDS_PER_READ = 2048;

/** The source file as it was when the snapshot was taken. */
export interface SnapshotSource {
  path: string;
  size: number;
  mtimeMs: number;
  /** SHA-256 of the file's bytes (the results cache key uses it). */
  sha256: string;
}

interface Block {
  source: SnapshotSource;
  count: number;
  hands: number;
  /** Frames' `line` is absent when this is false (sessions not read from a text file). */
  hasLines: boolean;
  rest: Omit<Session, 'frames'>;
}

type ColumnType = Float64ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor;

const align8 = (n: number) => Math.ceil(n / 8) * 8;

function layout(count: number, hands: number): Array<[string, ColumnType, number]> {
  return [
    ['t', Float64Array, count],
    ['landmarks', Float64Array, hands * VALUES_PER_FRAME],
    ['score', Float64Array, hands],
    ['index', Int32Array, count],
    ['line', Int32Array, count],
    ['handStart', Uint32Array, count + 1],
    ['handedness', Uint8Array, hands],
  ];
}

/** Byte offsets of the columns from the first one, and their total size. */
function offsetsOf(count: number, hands: number): { offsets: number[]; size: number } {
  let size = 0;
  const offsets: number[] = [];
  for (const [, type, length] of layout(count, hands)) {
    offsets.push(size);
    size = align8(size + length * type.BYTES_PER_ELEMENT);
  }
  return { offsets, size };
}

/** The snapshot's columns as they lie in it: the landmarks one array. */
type SnapshotViews = Omit<FrameColumnArrays, 'landmarks'> & { landmarks: Float64Array };

/** The columns as views into `buffer` from byte `base` (8-byte aligned). */
function columnViews(buffer: ArrayBuffer, base: number, count: number, hands: number): SnapshotViews {
  const { offsets } = offsetsOf(count, hands);
  const views = layout(count, hands).map(([name, type, length], k) => [name, new type(buffer, base + offsets[k], length)]);
  return Object.fromEntries(views) as SnapshotViews;
}

/** A snapshot's views as a session's columns: the landmarks one block. */
function asColumns(views: SnapshotViews): FrameColumnArrays {
  return { ...views, landmarks: new HandBlocks([views.landmarks]) };
}

/** Everything of a session but its frames, without reading `frames` (that would build a column session's frame objects). */
function withoutFrames(session: Session): Omit<Session, 'frames'> {
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(session)) if (key !== 'frames') rest[key] = (session as unknown as Record<string, unknown>)[key];
  return rest as unknown as Omit<Session, 'frames'>;
}

/** The snapshot's bytes: "LLS1", the JSON block, then the columns (see SNAPSHOT_MAGIC). */
export async function encodeSessionSnapshot(session: Session, source: SnapshotSource, framesPerStep = 8192): Promise<Buffer> {
  const held = frameColumnsOf(session);
  const count = held ? held.count : session.frames.length;
  let hands = held ? held.hands : 0;
  let hasLines = held ? held.hasLines : count > 0;
  if (!held) {
    for (const frame of session.frames) {
      hands += frame.hands.length;
      if (frame.line === undefined) hasLines = false;
    }
  }
  const block: Block = { source, count, hands, hasLines, rest: withoutFrames(session) };
  const json = Buffer.from(JSON.stringify(block), 'utf8');
  const start = align8(8 + json.length);
  const out = Buffer.alloc(start + offsetsOf(count, hands).size);
  out.write(SNAPSHOT_MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  const columns = columnViews(out.buffer as ArrayBuffer, out.byteOffset + start, count, hands);
  held?.loadAllLandmarks();
  if (held) await copyColumns(held.columns, columns, framesPerStep);
  else await fillColumns(session.frames, columns, framesPerStep);
  return out;
}

/** Copies columns the session already holds, a step of `framesPerStep` hands' landmarks at a time. */
async function copyColumns(from: FrameColumnArrays, to: SnapshotViews, framesPerStep: number): Promise<void> {
  to.t.set(from.t);
  to.index.set(from.index);
  to.line.set(from.line);
  to.handStart.set(from.handStart);
  to.score.set(from.score);
  to.handedness.set(from.handedness);
  const hands = from.landmarks.count;
  for (let h = 0; h < hands; h += framesPerStep) {
    if (h > 0) await yieldToEventLoop();
    from.landmarks.copyTo(h, Math.min(framesPerStep, hands - h), to.landmarks, h * VALUES_PER_FRAME);
  }
}

async function fillColumns(frames: readonly SessionFrame[], to: SnapshotViews, framesPerStep: number): Promise<void> {
  const { t, landmarks, score, index, line, handStart, handedness } = to;
  let h = 0;
  for (let i = 0; i < frames.length; i++) {
    if (i > 0 && i % framesPerStep === 0) await yieldToEventLoop();
    const frame = frames[i];
    t[i] = frame.t;
    index[i] = frame.index;
    line[i] = frame.line ?? -1;
    handStart[i] = h;
    for (const hand of frame.hands) {
      landmarks.set(hand.landmarks.subarray(0, VALUES_PER_FRAME), h * VALUES_PER_FRAME);
      score[h] = hand.score ?? Number.NaN;
      handedness[h] = handednessCode(hand.handedness);
      h++;
    }
  }
  handStart[frames.length] = h;
}

/** The source a snapshot was taken of, read from its JSON block alone; undefined when it is not a snapshot. */
export function snapshotSource(bytes: Uint8Array): SnapshotSource | undefined {
  try {
    return readBlock(bytes).block.source;
  } catch {
    return undefined;
  }
}

function readBlock(bytes: Uint8Array): { block: Block; start: number } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || buffer.toString('latin1', 0, 4) !== SNAPSHOT_MAGIC) throw new Error('not a session snapshot');
  const jsonLength = buffer.readUInt32LE(4);
  if (8 + jsonLength > buffer.length) throw new Error('session snapshot is truncated (JSON block)');
  const block = JSON.parse(buffer.toString('utf8', 8, 8 + jsonLength)) as Block;
  if (!block || !Number.isInteger(block.count) || !Number.isInteger(block.hands) || !block.rest || !block.source) {
    throw new Error('session snapshot has an unexpected JSON block');
  }
  return { block, start: align8(8 + jsonLength) };
}

/**
 * The session a snapshot file holds. Its frames stay the snapshot's columns (sessionWithFrameColumns):
 * the pipeline and the webview's frames messages read them, and frame objects are built only if something
 * reads `frames`. Its landmark column is read from the file as it is used (LazyFileColumn), so opening it
 * reads only the small columns; the file stays open until every landmark is read or the session's columns
 * are released (frameColumnsOf(session).release()). Throws an Error naming what is wrong.
 */
export function openSessionSnapshot(file: string): { session: Session; source: SnapshotSource } {
  const fd = openSync(file, 'r');
  try {
    const fileBytes = fstatSync(fd).size;
    const { block, start } = readBlock(readJsonHead(fd, SNAPSHOT_MAGIC));
    const { count, hands } = block;
    const { offsets, size } = offsetsOf(count, hands);
    if (start + size !== fileBytes) throw new Error('session snapshot is truncated (columns)');
    // Untouched pages of a new buffer cost no memory: the landmark column's fill as they are read. Reading
    // the whole file at once would make a reopen wait for its page faults.
    const buffer = new ArrayBuffer(size);
    const columns = columnViews(buffer, 0, count, hands);
    // Every column but the landmarks (the second), now: t before them, the rest after.
    readExactly(fd, new Uint8Array(buffer, 0, offsets[1]), start, `session snapshot ${file}`);
    readExactly(fd, new Uint8Array(buffer, offsets[2], size - offsets[2]), start + offsets[2], `session snapshot ${file}`);
    checkHandStarts(columns, count, hands);
    const landmarks = new LazyFileColumn(fd, `session snapshot ${file}`, 'landmarks', start + offsets[1], new Uint8Array(buffer, offsets[1], hands * VALUES_PER_FRAME * 8), VALUES_PER_FRAME * 8, HANDS_PER_READ);
    return { session: sessionWithFrameColumns(block.rest, new FrameColumns(asColumns(columns), count, block.hasLines, landmarks)), source: block.source };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function checkHandStarts(columns: SnapshotViews, count: number, hands: number): void {
  if (columns.handStart[count] !== hands) throw new Error('session snapshot has inconsistent hand offsets');
  for (let i = 0; i < count; i++) {
    if (columns.handStart[i] > columns.handStart[i + 1]) throw new Error('session snapshot has inconsistent hand offsets');
  }
}
