import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { POINT_COUNT, VALUES_PER_FRAME } from '../../hand/topology';
import { SessionError } from '../sessionError';
import { fileOpenError } from '../sessionFile';

/**
 * The two Parquet layouts of Google's 2023 ASL datasets (MediaPipe Holistic landmarks, x and y already
 * normalized to 0..1 of the image, NaN where a part was not found):
 * - wide (ASL Fingerspelling): one row per frame, the index column `sequence_id` (many sequences a file),
 *   `frame`, and `x_<type>_<i>`, `y_<type>_<i>`, `z_<type>_<i>` for type face, left_hand, pose, right_hand;
 * - long (Isolated Signs): one sequence a file, one row per landmark: `frame`, `row_id`, `type`,
 *   `landmark_index`, `x`, `y`, `z`.
 * Only the hands are read (the wide layout's other 1,500 columns are never loaded).
 */
export type ParquetLayout = 'wide' | 'long';

export type HandSide = 'left' | 'right';

/** One sequence's frames: frame numbers in file order and each hand's 63 values a frame (NaN: not found). */
export interface ParquetSequence {
  /** The sequence_id (a file of the long layout holds one sequence: its id comes from the metadata or the file name). */
  id: string | null;
  frameNumbers: number[];
  hands: Record<HandSide, Float64Array>;
}

const SIDES: readonly HandSide[] = ['left', 'right'];
const AXES = ['x', 'y', 'z'] as const;

function wideColumn(axis: string, side: HandSide, point: number): string {
  return `${axis}_${side}_hand_${point}`;
}

async function openParquet(path: string): Promise<{ file: AsyncBuffer; metadata: FileMetaData; columns: string[] }> {
  let file: AsyncBuffer;
  try {
    file = await asyncBufferFromFile(path);
  } catch (err) {
    throw fileOpenError(path, err);
  }
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (err) {
    throw new SessionError('bad-format', path, `not a Parquet file this reader can read (${oneLine(err)})`);
  }
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  return { file, metadata, columns };
}

function oneLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

export function layoutOf(columns: readonly string[]): ParquetLayout | null {
  const has = new Set(columns);
  if (has.has('frame') && SIDES.some((side) => AXES.every((a) => has.has(wideColumn(a, side, 0))))) return 'wide';
  if (['frame', 'type', 'landmark_index', 'x', 'y', 'z'].every((c) => has.has(c))) return 'long';
  return null;
}

/** A value of a numeric column as a number; null and undefined (a nullable column's missing values) as NaN. */
function toNumber(v: unknown): number {
  return v === null || v === undefined ? NaN : Number(v);
}

interface Columns {
  numbers: Map<string, Float64Array>;
  /** Columns read as they are (strings, ids). */
  values: Map<string, unknown[]>;
}

/** Reads whole columns: `numeric` ones into Float64Arrays (NaN for missing), `asIs` ones as arrays. */
async function readColumns(path: string, file: AsyncBuffer, metadata: FileMetaData, numeric: string[], asIs: string[] = []): Promise<Columns> {
  const rows = Number(metadata.num_rows);
  const numbers = new Map(numeric.map((c) => [c, new Float64Array(rows).fill(NaN)]));
  const values = new Map(asIs.map((c) => [c, new Array<unknown>(rows)]));
  try {
    await parquetRead({
      file,
      metadata,
      columns: [...numeric, ...asIs],
      onChunk: ({ columnName, columnData, rowStart, rowEnd }) => {
        const end = Math.min(rowEnd, rows);
        const target = numbers.get(columnName);
        if (target) for (let r = rowStart; r < end; r++) target[r] = toNumber(columnData[r - rowStart]);
        const list = values.get(columnName);
        if (list) for (let r = rowStart; r < end; r++) list[r] = columnData[r - rowStart];
      },
    });
  } catch (err) {
    throw new SessionError('bad-format', path, `cannot read the Parquet columns ${[...numeric, ...asIs].slice(0, 3).join(', ')}, ...: ${oneLine(err)}`);
  }
  return { numbers, values };
}

/** The sequences of a Parquet landmark file, in the order they first appear; rejects with a SessionError. */
export async function readParquetSequences(path: string): Promise<{ layout: ParquetLayout; sequences: ParquetSequence[] }> {
  const { file, metadata, columns } = await openParquet(path);
  const layout = layoutOf(columns);
  if (layout === null) {
    throw new SessionError(
      'bad-format',
      path,
      `a Parquet file without hand landmarks; expected the columns frame and x_right_hand_0.. (ASL Fingerspelling) or frame, type, landmark_index, x, y, z (Isolated Signs); found ${columns.slice(0, 8).join(', ')}${columns.length > 8 ? ', …' : ''}`,
    );
  }
  if (Number(metadata.num_rows) === 0) throw new SessionError('bad-format', path, 'the Parquet file holds no rows');
  return { layout, sequences: layout === 'wide' ? await readWide(path, file, metadata, columns) : [await readLong(path, file, metadata)] };
}

async function readWide(path: string, file: AsyncBuffer, metadata: FileMetaData, columns: string[]): Promise<ParquetSequence[]> {
  const present = new Set(columns);
  const handColumns = SIDES.flatMap((side) => Array.from({ length: POINT_COUNT }, (_, p) => AXES.map((a) => wideColumn(a, side, p))).flat());
  const data = await readColumns(path, file, metadata, ['frame', ...handColumns.filter((c) => present.has(c))], present.has('sequence_id') ? ['sequence_id'] : []);
  const rows = Number(metadata.num_rows);
  const frame = data.numbers.get('frame')!;
  const ids = data.values.get('sequence_id');
  const order: string[] = [];
  const rowsOf = new Map<string, number[]>();
  for (let r = 0; r < rows; r++) {
    const id = ids ? String(ids[r]) : '';
    let list = rowsOf.get(id);
    if (!list) {
      rowsOf.set(id, (list = []));
      order.push(id);
    }
    list.push(r);
  }
  const values = data.numbers;
  return order.map((id) => {
    const selected = rowsOf.get(id)!;
    const hands = { left: new Float64Array(selected.length * VALUES_PER_FRAME).fill(NaN), right: new Float64Array(selected.length * VALUES_PER_FRAME).fill(NaN) };
    for (const side of SIDES) {
      for (let p = 0; p < POINT_COUNT; p++) {
        AXES.forEach((axis, k) => {
          const column = values.get(wideColumn(axis, side, p));
          if (!column) return;
          selected.forEach((r, i) => (hands[side][i * VALUES_PER_FRAME + p * 3 + k] = column[r]));
        });
      }
    }
    return { id: ids ? id : null, frameNumbers: selected.map((r) => frame[r]), hands };
  });
}

async function readLong(path: string, file: AsyncBuffer, metadata: FileMetaData): Promise<ParquetSequence> {
  const data = await readColumns(path, file, metadata, ['frame', 'landmark_index', 'x', 'y', 'z'], ['type']);
  const rows = Number(metadata.num_rows);
  const frame = data.numbers.get('frame')!;
  const type = data.values.get('type')!;
  const index = data.numbers.get('landmark_index')!;
  const coordinates = AXES.map((a) => data.numbers.get(a)!);
  const frameNumbers: number[] = [];
  const slot = new Map<number, number>();
  for (let r = 0; r < rows; r++) {
    if (!slot.has(frame[r])) {
      slot.set(frame[r], frameNumbers.length);
      frameNumbers.push(frame[r]);
    }
  }
  const hands = { left: new Float64Array(frameNumbers.length * VALUES_PER_FRAME).fill(NaN), right: new Float64Array(frameNumbers.length * VALUES_PER_FRAME).fill(NaN) };
  for (let r = 0; r < rows; r++) {
    const side = type[r] === 'left_hand' ? 'left' : type[r] === 'right_hand' ? 'right' : null;
    const p = index[r];
    if (side === null || !Number.isInteger(p) || p < 0 || p >= POINT_COUNT) continue;
    const at = slot.get(frame[r])! * VALUES_PER_FRAME + p * 3;
    for (let k = 0; k < 3; k++) hands[side][at + k] = coordinates[k][r];
  }
  return { id: null, frameNumbers, hands };
}
