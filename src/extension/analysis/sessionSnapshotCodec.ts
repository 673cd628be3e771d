import type { Handedness, HandObservation } from '../../core/hand/types';
import type { Session, SessionFrame } from '../../core/session/types';
import type { FrameSource } from '../../protocol/encode';
import { yieldToEventLoop } from './yieldToEventLoop';
import { alignedBlock } from './alignedBlock';

/**
 * Binary form of a parsed session, so reopening an hour-long session skips parsing 70 MB of JSON:
 * "LLS1", uint32 JSON byte length, a JSON block (everything but the frames, plus the facts the
 * snapshot was taken of), then typed-array columns, each 8-byte aligned. Landmarks stay float64, so
 * a snapshot gives back exactly the values read from the file.
 */
export const SNAPSHOT_MAGIC = 'LLS1';
const VALUES_PER_HAND = 63;
const HANDEDNESS: ReadonlyArray<Handedness | undefined> = [undefined, 'Left', 'Right'];

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
    ['landmarks', Float64Array, hands * VALUES_PER_HAND],
    ['score', Float64Array, hands],
    ['index', Int32Array, count],
    ['line', Int32Array, count],
    ['handStart', Uint32Array, count + 1],
    ['handedness', Uint8Array, hands],
  ];
}

interface Columns {
  t: Float64Array;
  landmarks: Float64Array;
  score: Float64Array;
  index: Int32Array;
  line: Int32Array;
  handStart: Uint32Array;
  handedness: Uint8Array;
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

/** The columns as views into `buffer` from byte `base` (8-byte aligned). */
function columnViews(buffer: ArrayBuffer, base: number, count: number, hands: number): Columns {
  const { offsets } = offsetsOf(count, hands);
  const views = layout(count, hands).map(([name, type, length], k) => [name, new type(buffer, base + offsets[k], length)]);
  return Object.fromEntries(views) as Columns;
}

export async function encodeSessionSnapshot(session: Session, source: SnapshotSource, framesPerStep = 8192): Promise<Buffer> {
  const frames = session.frames;
  const count = frames.length;
  let hands = 0;
  let hasLines = count > 0;
  for (const frame of frames) {
    hands += frame.hands.length;
    if (frame.line === undefined) hasLines = false;
  }
  const { frames: _frames, ...rest } = session;
  const block: Block = { source, count, hands, hasLines, rest };
  const json = Buffer.from(JSON.stringify(block), 'utf8');
  const start = align8(8 + json.length);
  const out = Buffer.alloc(start + offsetsOf(count, hands).size);
  out.write(SNAPSHOT_MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  const { t, landmarks, score, index, line, handStart, handedness } = columnViews(out.buffer as ArrayBuffer, out.byteOffset + start, count, hands);
  let h = 0;
  for (let i = 0; i < count; i++) {
    if (i > 0 && i % framesPerStep === 0) await yieldToEventLoop();
    const frame = frames[i];
    t[i] = frame.t;
    index[i] = frame.index;
    line[i] = frame.line ?? -1;
    handStart[i] = h;
    for (const hand of frame.hands) {
      landmarks.set(hand.landmarks.subarray(0, VALUES_PER_HAND), h * VALUES_PER_HAND);
      score[h] = hand.score ?? Number.NaN;
      handedness[h] = hand.handedness === 'Left' ? 1 : hand.handedness === 'Right' ? 2 : 0;
      h++;
    }
  }
  handStart[count] = h;
  return out;
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
 * A snapshot's frames held as its columns. Frame objects are built only when asked for: building an
 * hour's (~430,000 objects, all surviving) filled the extension host's young generation, and its
 * scavenges paused the event loop for 55-105 ms on a reopen, which needs only the frame count, the
 * times and the first hands (a FrameSource for `encodeFrameRange`).
 */
export class SnapshotFrames implements FrameSource {
  constructor(
    private readonly columns: Columns,
    readonly count: number,
    private readonly hasLines: boolean,
  ) {}

  /** Session time of frame `i`, ms. */
  t(i: number): number {
    return this.columns.t[i];
  }

  /** Frames [from, to) as the session holds them; landmarks are views into the snapshot's block. */
  build(from: number, to: number): SessionFrame[] {
    const { t, landmarks, score, index, line, handStart, handedness } = this.columns;
    const frames: SessionFrame[] = new Array(to - from);
    for (let i = from; i < to; i++) {
      const frameHands: HandObservation[] = [];
      for (let h = handStart[i]; h < handStart[i + 1]; h++) {
        const hand: HandObservation = { landmarks: landmarks.subarray(h * VALUES_PER_HAND, (h + 1) * VALUES_PER_HAND) };
        const side = HANDEDNESS[handedness[h]];
        if (side) hand.handedness = side;
        if (!Number.isNaN(score[h])) hand.score = score[h];
        frameHands.push(hand);
      }
      const frame: SessionFrame = { index: index[i], t: t[i], hands: frameHands };
      if (this.hasLines) frame.line = line[i];
      frames[i - from] = frame;
    }
    return frames;
  }

  /** Frame `i`'s first hand, a view into the snapshot's block, or null when it has none. */
  firstHand(i: number): Float64Array | null {
    const { landmarks, handStart } = this.columns;
    const first = handStart[i];
    return first === handStart[i + 1] ? null : landmarks.subarray(first * VALUES_PER_HAND, (first + 1) * VALUES_PER_HAND);
  }
}

const snapshotFrames = new WeakMap<object, SnapshotFrames>();

/** The columns behind a session decoded from a snapshot, or undefined for any other session. */
export function snapshotFramesOf(session: object): SnapshotFrames | undefined {
  return snapshotFrames.get(session);
}

/** Whether a snapshot session's frame objects exist yet (tests; always true for other sessions). */
export function framesBuilt(session: object): boolean {
  return !snapshotFrames.has(session) || Object.getOwnPropertyDescriptor(session, 'frames')?.get === undefined;
}

/**
 * Builds a snapshot session's frame objects `framesPerStep` at a time with the event loop turning in
 * between, before code that walks them all (an analysis); a no-op when they exist.
 */
export async function buildFramesInSteps(session: Pick<Session, 'frames'>, framesPerStep = 8192): Promise<void> {
  const columns = snapshotFrames.get(session);
  if (!columns || framesBuilt(session)) return;
  const frames: SessionFrame[] = [];
  for (let from = 0; from < columns.count; from += framesPerStep) {
    if (from > 0) await yieldToEventLoop();
    if (framesBuilt(session)) return;
    for (const frame of columns.build(from, Math.min(columns.count, from + framesPerStep))) frames.push(frame);
  }
  if (!framesBuilt(session)) session.frames = frames;
}

/**
 * The session a snapshot holds. Its `frames` are built on first access (all at once); SnapshotFrames
 * answers the frame count, times and the webview's frames messages without them. Landmarks are views
 * into one aligned block. Throws an Error naming what is wrong.
 */
export async function decodeSessionSnapshot(bytes: Uint8Array): Promise<{ session: Session; source: SnapshotSource }> {
  const { block, start } = readBlock(bytes);
  const { count, hands } = block;
  const { size } = offsetsOf(count, hands);
  if (start + size !== bytes.byteLength) throw new Error('session snapshot is truncated (columns)');
  const { buffer, base } = alignedBlock(bytes, start, size);
  const columns = columnViews(buffer, base, count, hands);
  if (columns.handStart[count] !== hands) throw new Error('session snapshot has inconsistent hand offsets');
  for (let i = 0; i < count; i++) {
    if (columns.handStart[i] > columns.handStart[i + 1]) throw new Error('session snapshot has inconsistent hand offsets');
  }
  const frames = new SnapshotFrames(columns, count, block.hasLines);
  const session = { ...block.rest } as Session;
  // The first read, or an assignment (buildFramesInSteps), replaces the lazy property with a plain one.
  const settle = (value: SessionFrame[]) => {
    Object.defineProperty(session, 'frames', { value, enumerable: true, configurable: true, writable: true });
    return value;
  };
  Object.defineProperty(session, 'frames', {
    enumerable: true,
    configurable: true,
    get: () => settle(frames.build(0, count)),
    set: settle,
  });
  snapshotFrames.set(session, frames);
  return { session, source: block.source };
}
