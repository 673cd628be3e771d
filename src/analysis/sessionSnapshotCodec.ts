import type { Session, SessionFrame } from '../core/session/types';
import { FrameColumns, frameColumnsOf, handednessCode, sessionFrames, sessionWithFrameColumns, type FrameColumnArrays } from '../core/session/frameColumns';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import { closeSync, openSync } from 'node:fs';
import { readContainerFileLayout, readExactly } from './binaryFileReads';
import { allocateContainer, columnViews, expectColumns, readContainerHead, type Column, type ColumnKind, type ColumnSpec, type ContainerLayout } from '../core/binary/columnContainer';
import { LazyFileColumn } from './lazyFileColumn';
import { HandBlocks } from '../core/session/handBlocks';
import { VALUES_PER_FRAME } from '../core/hand/topology';

/**
 * Binary form of a parsed session, so reopening an hour-long session skips parsing 70 MB of JSON: a column
 * container (core/binary/columnContainer.ts, magic "LLS2") whose fields are everything but the frames, plus
 * the facts the snapshot was taken of, and whose columns are the frames'. Landmarks stay float64, so a
 * snapshot gives back exactly the values read from the file.
 */
export const SNAPSHOT_MAGIC = 'LLS2';
const WHAT = 'session snapshot';
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

/** The columns in order; the landmarks (second, nine tenths of it) are read lazily from a file. */
function specs(count: number, hands: number): ColumnSpec[] {
  const column = (name: string, kind: ColumnKind, length: number): ColumnSpec => ({ name, kind, length });
  return [
    column('t', 'Float64Array', count),
    column('landmarks', 'Float64Array', hands * VALUES_PER_FRAME),
    column('score', 'Float64Array', hands),
    column('index', 'Int32Array', count),
    column('line', 'Int32Array', count),
    column('handStart', 'Uint32Array', count + 1),
    column('handedness', 'Uint8Array', hands),
  ];
}

/** The snapshot's columns as they lie in it: the landmarks one array. */
type SnapshotViews = Omit<FrameColumnArrays, 'landmarks'> & { landmarks: Float64Array };

function asViews(columns: Record<string, Column>): SnapshotViews {
  return columns as unknown as SnapshotViews;
}

/** A snapshot's views as a session's columns: the landmarks one block. */
function asColumns(views: SnapshotViews): FrameColumnArrays {
  return { ...views, landmarks: new HandBlocks([views.landmarks]) };
}

/** Everything of a session but its frames. */
function withoutFrames(session: Session): Omit<Session, 'frames'> {
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(session)) if (key !== 'frames') rest[key] = (session as unknown as Record<string, unknown>)[key];
  return rest as unknown as Omit<Session, 'frames'>;
}

/** The snapshot's bytes (see SNAPSHOT_MAGIC): its columns are filled where they lie in it. */
export async function encodeSessionSnapshot(session: Session, source: SnapshotSource, framesPerStep = 8192): Promise<Buffer> {
  const held = frameColumnsOf(session);
  const objects = held ? [] : sessionFrames(session);
  const count = held ? held.count : objects.length;
  let hands = held ? held.hands : 0;
  let hasLines = held ? held.hasLines : count > 0;
  if (!held) {
    for (const frame of objects) {
      hands += frame.hands.length;
      if (frame.line === undefined) hasLines = false;
    }
  }
  const block: Block = { source, count, hands, hasLines, rest: withoutFrames(session) };
  const out = allocateContainer(SNAPSHOT_MAGIC, block, specs(count, hands));
  const columns = asViews(out.columns);
  held?.loadAllLandmarks();
  if (held) await copyColumns(held.columns, columns, framesPerStep);
  else await fillColumns(objects, columns, framesPerStep);
  return Buffer.from(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength);
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

/** The source a snapshot was taken of, from its head alone (the file's first bytes); undefined when it is not a snapshot. */
export function snapshotSource(head: Uint8Array): SnapshotSource | undefined {
  try {
    return checkBlock(readContainerHead<Block>(head, SNAPSHOT_MAGIC, WHAT)).source;
  } catch {
    return undefined;
  }
}

/** Checks a snapshot's fields and that its columns are a snapshot's of its counts; throws an Error naming what is wrong. */
function checkBlock(layout: ContainerLayout<Block>): Block {
  const block = layout.fields;
  if (!block || !Number.isInteger(block.count) || !Number.isInteger(block.hands) || !block.rest || !block.source) {
    throw new Error(`${WHAT} has unexpected fields`);
  }
  expectColumns(layout, specs(block.count, block.hands), WHAT);
  return block;
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
    const what = `${WHAT} ${file}`;
    const layout = readContainerFileLayout<Block>(fd, SNAPSHOT_MAGIC, what);
    const block = checkBlock(layout);
    const { count, hands } = block;
    const start = layout.columnsStart;
    const size = layout.byteLength - start;
    const offsets = layout.columns.map((c) => c.offset);
    // Untouched pages of a new buffer cost no memory: the landmark column's fill as they are read. Reading
    // the whole file at once would make a reopen wait for its page faults.
    const buffer = new ArrayBuffer(size);
    const columns = asViews(columnViews(layout, buffer, 0));
    // Every column but the landmarks (the second), now: t before them, the rest after.
    readExactly(fd, new Uint8Array(buffer, 0, offsets[1]), start, what);
    readExactly(fd, new Uint8Array(buffer, offsets[2], size - offsets[2]), start + offsets[2], what);
    checkHandStarts(columns, count, hands);
    const landmarks = new LazyFileColumn(fd, what, 'landmarks', start + offsets[1], new Uint8Array(buffer, offsets[1], hands * VALUES_PER_FRAME * 8), VALUES_PER_FRAME * 8, HANDS_PER_READ);
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
