// Small files in the exact layouts of Google's 2023 ASL datasets, made with a Parquet writer (not a test file itself).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';

/** Landmark types and counts of MediaPipe Holistic as the datasets order them. */
const TYPES: ReadonlyArray<[string, number]> = [['face', 468], ['left_hand', 21], ['pose', 33], ['right_hand', 21]];

/** A hand's 63 values for one frame: wrist at (0.5 + s, 0.6, 0), the rest spread from it. */
export function handValues(s: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < 21; p++) out.push(p === 0 ? 0.5 + s : 0.5 + s + 0.01 * p, p === 0 ? 0.6 : 0.6 - 0.008 * p, p === 0 ? 0 : -0.002 * p);
  return out;
}

export interface WideRow {
  sequenceId: bigint;
  frame: number;
  left: number[] | null;
  right: number[] | null;
}

/**
 * An ASL Fingerspelling landmark file: one row per frame, `frame`, then x_, y_, z_ columns of every one of
 * the 543 landmarks (float32, NaN where not found), and the pandas index `sequence_id` (int64).
 */
export function writeWideParquet(file: string, rows: WideRow[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const columnData: Array<{ name: string; data: ArrayLike<unknown>; type: 'INT32' | 'INT64' | 'FLOAT' }> = [
    { name: 'frame', data: Int32Array.from(rows, (r) => r.frame), type: 'INT32' },
  ];
  ['x', 'y', 'z'].forEach((axis, k) => {
    for (const [type, count] of TYPES) {
      for (let i = 0; i < count; i++) {
        const values = rows.map((r) => {
          const hand = type === 'left_hand' ? r.left : type === 'right_hand' ? r.right : null;
          if (type === 'left_hand' || type === 'right_hand') return hand ? hand[i * 3 + k] : NaN;
          return 0.3 + 0.0001 * i;
        });
        columnData.push({ name: `${axis}_${type}_${i}`, data: Float32Array.from(values), type: 'FLOAT' });
      }
    }
  });
  columnData.push({ name: 'sequence_id', data: BigInt64Array.from(rows, (r) => r.sequenceId), type: 'INT64' });
  parquetWriteFile({ filename: file, columnData: columnData as never });
}

/**
 * An Isolated Signs landmark file: one sequence, one row per landmark of each frame: frame (int16 in the
 * dataset, INT32 here), row_id "<frame>-<type>-<index>", type, landmark_index, x, y, z (float64, NaN where not found).
 */
export function writeLongParquet(file: string, frames: Array<{ frame: number; left: number[] | null; right: number[] | null }>): void {
  mkdirSync(dirname(file), { recursive: true });
  const frame: number[] = [];
  const rowId: string[] = [];
  const type: string[] = [];
  const index: number[] = [];
  const xyz: number[][] = [[], [], []];
  for (const f of frames) {
    for (const [t, count] of TYPES) {
      for (let i = 0; i < count; i++) {
        frame.push(f.frame);
        rowId.push(`${f.frame}-${t}-${i}`);
        type.push(t);
        index.push(i);
        const hand = t === 'left_hand' ? f.left : t === 'right_hand' ? f.right : undefined;
        for (let k = 0; k < 3; k++) xyz[k].push(hand === undefined ? 0.4 : hand === null ? NaN : hand[i * 3 + k]);
      }
    }
  }
  parquetWriteFile({
    filename: file,
    columnData: [
      { name: 'frame', data: Int32Array.from(frame), type: 'INT32' },
      { name: 'row_id', data: rowId, type: 'STRING' },
      { name: 'type', data: type, type: 'STRING' },
      { name: 'landmark_index', data: Int32Array.from(index), type: 'INT32' },
      { name: 'x', data: Float64Array.from(xyz[0]), type: 'DOUBLE' },
      { name: 'y', data: Float64Array.from(xyz[1]), type: 'DOUBLE' },
      { name: 'z', data: Float64Array.from(xyz[2]), type: 'DOUBLE' },
    ] as never,
  });
}

export function writeCsv(file: string, header: string[], rows: Array<Array<string | number | bigint>>): void {
  mkdirSync(dirname(file), { recursive: true });
  const cell = (v: string | number | bigint) => (typeof v === 'string' && /[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  writeFileSync(file, [header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\n') + '\n');
}

/**
 * A folder shaped like the ASL Fingerspelling download: train.csv and train_landmarks/5414471.parquet
 * with two sequences: 1001 signed with the right hand (frames 0-5, none at frame 2), "3 creekhouse";
 * 1002 with the left (frames 10-13; the right hand found once), "hi, you".
 */
export function writeFingerspellingDataset(root: string): { parquet: string } {
  const parquet = join(root, 'train_landmarks', '5414471.parquet');
  const rows: WideRow[] = [];
  for (let f = 0; f < 6; f++) rows.push({ sequenceId: 1001n, frame: f, left: null, right: f === 2 ? null : handValues(f * 0.01) });
  for (let f = 10; f < 14; f++) rows.push({ sequenceId: 1002n, frame: f, left: handValues(-0.1 - f * 0.01), right: f === 11 ? handValues(0.2) : null });
  writeWideParquet(parquet, rows);
  writeCsv(join(root, 'train.csv'), ['path', 'file_id', 'sequence_id', 'participant_id', 'phrase'], [
    ['train_landmarks/5414471.parquet', 5414471, 1001, 37, '3 creekhouse'],
    ['train_landmarks/5414471.parquet', 5414471, 1002, 38, 'hi, you'],
  ]);
  return { parquet };
}

/** A folder shaped like the Isolated Signs download: train.csv and train_landmark_files/26734/1000035562.parquet ("blow"). */
export function writeIsolatedSignsDataset(root: string): { parquet: string } {
  const parquet = join(root, 'train_landmark_files', '26734', '1000035562.parquet');
  writeLongParquet(parquet, [20, 21, 22].map((frame) => ({ frame, left: null, right: frame === 21 ? null : handValues(frame * 0.001) })));
  writeCsv(join(root, 'train.csv'), ['path', 'participant_id', 'sequence_id', 'sign'], [['train_landmark_files/26734/1000035562.parquet', 26734, 1000035562, 'blow']]);
  return { parquet };
}
