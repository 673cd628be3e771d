import { POINT_COUNT, POINT_NAMES } from '../../hand/topology';
import { VALUES_PER_FRAME } from '../../hand/topology';

/** Where each of the 63 coordinates and the optional columns are in a CSV header. */
export interface CsvColumns {
  /** Column of value k (x0, y0, z0, x1, ...), 63 entries. */
  coordinates: number[];
  time?: { column: number; unit: 'ms' | 's' | 'frame' };
  label?: number;
  target?: number;
  handedness?: number;
  score?: number;
}

const AXES = ['x', 'y', 'z'];
const TIME_MS = ['t', 't_ms', 'time_ms', 'timestamp', 'timestamp_ms', 'time', 'ms'];
const TIME_S = ['t_s', 'time_s', 'seconds', 'timestamp_s', 'sec'];
const FRAME = ['frame', 'frame_index', 'frame_idx'];

/** Coordinate index (0..62) named by a header cell, or undefined. */
function coordinateIndex(name: string): number | undefined {
  const n = name.toLowerCase().replace(/[\s.-]+/g, '_');
  let m = /^(?:lm_?|landmark_?|point_?|p)?([xyz])_?(\d+)$/.exec(n);
  if (m) return index(Number(m[2]), m[1]);
  m = /^(?:lm_?|landmark_?|point_?|p)?(\d+)_?([xyz])$/.exec(n);
  if (m) return index(Number(m[1]), m[2]);
  m = /^([a-z_]+?)_([xyz])$/.exec(n);
  if (m) {
    const point = POINT_NAMES.findIndex((p) => p.toLowerCase() === m![1]);
    if (point >= 0) return index(point, m[2]);
  }
  return undefined;
}

function index(point: number, axis: string): number | undefined {
  return point < POINT_COUNT ? point * 3 + AXES.indexOf(axis) : undefined;
}

export function coordinateName(k: number): string {
  return `${AXES[k % 3]}${Math.floor(k / 3)}`;
}

/** Maps a header row; returns a one-line reason when the 63 coordinates are not all there. */
export function mapCsvColumns(header: string[]): CsvColumns | { error: string } {
  const coordinates: number[] = new Array(VALUES_PER_FRAME).fill(-1);
  const columns: CsvColumns = { coordinates };
  const duplicates: string[] = [];
  header.forEach((raw, column) => {
    const name = raw.trim().toLowerCase();
    const k = coordinateIndex(name);
    if (k !== undefined) {
      if (coordinates[k] >= 0) duplicates.push(raw);
      else coordinates[k] = column;
      return;
    }
    if (columns.time === undefined && TIME_MS.includes(name)) columns.time = { column, unit: 'ms' };
    else if (columns.time === undefined && TIME_S.includes(name)) columns.time = { column, unit: 's' };
    else if (columns.time === undefined && FRAME.includes(name)) columns.time = { column, unit: 'frame' };
    else if (columns.label === undefined && ['label', 'letter', 'text', 'gt'].includes(name)) columns.label = column;
    else if (columns.target === undefined && ['target', 'target_letter', 'new_word_letter'].includes(name)) columns.target = column;
    else if (columns.handedness === undefined && ['handedness', 'hand'].includes(name)) columns.handedness = column;
    else if (columns.score === undefined && ['score', 'confidence'].includes(name)) columns.score = column;
  });
  if (duplicates.length) return { error: `columns ${duplicates.join(', ')} name a coordinate twice` };
  const missing = coordinates.map((c, k) => (c < 0 ? coordinateName(k) : '')).filter(Boolean);
  if (missing.length === VALUES_PER_FRAME) {
    return { error: 'no coordinate columns; expected 63 named x0,y0,z0,...,x20,y20,z20 or WRIST_x,WRIST_y,...,PINKY_TIP_z' };
  }
  if (missing.length) return { error: `missing coordinate columns ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ` and ${missing.length - 8} more` : ''}; expected all 63 (x0..z20)` };
  return columns;
}
