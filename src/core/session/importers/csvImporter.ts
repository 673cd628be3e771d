import { basename } from 'node:path';
import { VALUES_PER_FRAME } from '../../hand/topology';
import type { HandObservation } from '../../hand/types';
import { readFileLines } from '../lineSource';
import { DEFAULT_MAX_PROBLEMS } from '../readLandmarksSession';
import { SessionError } from '../sessionError';
import { assertText, openSessionFile } from '../sessionFile';
import type { FrameObjectsSession, Session, SessionProblem } from '../types';
import { coordinateName, mapCsvColumns, type CsvColumns } from './csvColumns';
import { guessDelimiter, splitCsvLine } from './csvLine';
import { hasExtension, sniffText, type ImportOptions, type SessionImporter } from './sessionImporter';

const DEFAULT_FPS = 30;

class RowIssue {
  constructor(readonly field: string | undefined, readonly message: string) {}
}

function cellNumber(cell: string, field: string): number {
  if (/^[+-]?(nan|inf|infinity)$/i.test(cell)) throw new RowIssue(field, `expected a number, found ${cell} (write a finite number, or leave all 63 coordinates empty for no hand)`);
  const v = Number(cell);
  if (cell === '' || !Number.isFinite(v)) throw new RowIssue(field, `expected a number, found ${JSON.stringify(cell)}`);
  return v;
}

interface Row {
  t?: number;
  hand?: HandObservation;
  label?: string;
  target?: string | null;
}

function parseRow(fields: string[], columns: CsvColumns, width: number): Row {
  if (fields.length !== width) throw new RowIssue(undefined, `expected ${width} fields as in the header, found ${fields.length}`);
  const row: Row = {};
  if (columns.time) row.t = cellNumber(fields[columns.time.column], 'time');
  const cells = columns.coordinates.map((c) => fields[c]);
  const empty = cells.filter((c) => c === '').length;
  if (empty > 0 && empty < VALUES_PER_FRAME) {
    const k = cells.findIndex((c) => c === '');
    throw new RowIssue(coordinateName(k), 'missing coordinate; expected all 63 coordinates, or all empty for a frame without a hand');
  }
  if (empty === 0) {
    const landmarks = new Float64Array(VALUES_PER_FRAME);
    cells.forEach((c, k) => (landmarks[k] = cellNumber(c, coordinateName(k))));
    const hand: HandObservation = { landmarks };
    if (columns.handedness !== undefined) {
      const h = fields[columns.handedness].toLowerCase();
      if (h === 'left' || h === 'right') hand.handedness = h === 'left' ? 'Left' : 'Right';
      else if (h !== '') throw new RowIssue('handedness', `expected Left or Right, found ${JSON.stringify(fields[columns.handedness])}`);
    }
    if (columns.score !== undefined && fields[columns.score] !== '') hand.score = cellNumber(fields[columns.score], 'score');
    row.hand = hand;
  }
  if (columns.label !== undefined) row.label = fields[columns.label];
  if (columns.target !== undefined) row.target = fields[columns.target] === '' ? null : fields[columns.target];
  return row;
}

/**
 * A CSV with a header row naming 63 coordinate columns (x0,y0,z0,...,z20 or WRIST_x,...,PINKY_TIP_z),
 * one row per frame. Optional columns: time (t/time/timestamp in ms, t_s/seconds in s, frame),
 * label (runs of equal labels become label spans), target (a change is a target change),
 * handedness, score. A row whose 63 coordinates are all empty is a frame without a hand.
 */
async function readCsv(path: string, options: ImportOptions = {}): Promise<Session> {
  const { firstBytes } = await openSessionFile(path);
  assertText(path, firstBytes);
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const fps = options.fps ?? DEFAULT_FPS;
  const session: FrameObjectsSession = {
    header: { type: 'header', format: 'landmark-session', version: 1, source: `${basename(path)} (CSV)` },
    frames: [],
    targets: [],
    labels: [],
    problems: [],
    notes: [],
  };
  const problem = (line: number, message: string, field?: string) => {
    const p: SessionProblem = { file: path, line, message };
    if (field) p.field = field;
    session.problems.push(p);
  };

  let columns: CsvColumns | undefined;
  let width = 0;
  let delimiter = ',';
  let lastT = -Infinity;
  let rowIndex = 0;
  let openLabel: { text: string; t0: number; t1: number; line: number } | undefined;
  let currentTarget: string | null | undefined;
  const closeLabel = () => {
    if (openLabel && openLabel.text !== '') session.labels.push({ t0: openLabel.t0, t1: openLabel.t1, text: openLabel.text, line: openLabel.line });
    openLabel = undefined;
  };

  for await (const source of readFileLines(path, options)) {
    if (session.problems.length >= maxProblems) {
      session.notes!.push({ file: path, line: source.line, message: `stopped checking after ${maxProblems} problems` });
      break;
    }
    if (source.text === undefined) {
      if (!columns) throw new SessionError('bad-format', path, `the header row: ${source.error}`, source.line);
      problem(source.line, source.error ?? 'unreadable line');
      continue;
    }
    if (source.text.trim() === '') continue;
    if (!columns) {
      delimiter = guessDelimiter(source.text);
      const { fields, error } = splitCsvLine(source.text, delimiter);
      if (error) throw new SessionError('bad-format', path, `header row: ${error}`, source.line);
      const mapped = mapCsvColumns(fields);
      if ('error' in mapped) throw new SessionError('bad-format', path, `header row: ${mapped.error}`, source.line);
      columns = mapped;
      width = fields.length;
      if (!columns.time) session.notes!.push({ file: path, message: `no time column; frames are ${fps} fps apart${options.fps === undefined ? ' (pass an fps to change)' : ''}` });
      session.header.fps = columns.time?.unit === 'frame' || !columns.time ? fps : undefined;
      continue;
    }
    const { fields, error } = splitCsvLine(source.text, delimiter);
    if (error) {
      problem(source.line, error);
      continue;
    }
    let row: Row;
    try {
      row = parseRow(fields, columns, width);
    } catch (err) {
      if (!(err instanceof RowIssue)) throw err;
      problem(source.line, source.unterminated && fields.length < width ? `the file ends in the middle of this row (was it cut short?); ${err.message}` : err.message, err.field);
      continue;
    }
    const t = row.t === undefined ? Math.round((rowIndex * 1e6) / fps) / 1000 : columns.time!.unit === 's' ? Math.round(row.t * 1e6) / 1000 : columns.time!.unit === 'frame' ? Math.round((row.t * 1e6) / fps) / 1000 : row.t;
    rowIndex++;
    if (t < lastT) {
      problem(source.line, `time goes backwards: ${t} ms is before ${lastT} ms`, 'time');
      continue;
    }
    lastT = t;
    if (session.problems.length > 0) continue; // keep checking, but the session holds only the valid part
    if (row.target !== undefined && row.target !== currentTarget) {
      if (currentTarget !== undefined || row.target !== null) session.targets.push({ t, letter: row.target, beforeFrame: session.frames.length, line: source.line });
      currentTarget = row.target;
    }
    if (row.label !== undefined) {
      if (openLabel && openLabel.text === row.label) openLabel.t1 = t;
      else {
        closeLabel();
        openLabel = { text: row.label, t0: t, t1: t, line: source.line };
      }
    }
    session.frames.push({ index: session.frames.length, t, hands: row.hand ? [row.hand] : [], line: source.line });
  }
  closeLabel();
  if (!columns) throw new SessionError('empty', path, 'the file holds only blank lines');
  if (options.hand) {
    const wanted = options.hand === 'left' ? 'Left' : 'Right';
    for (const f of session.frames) f.hands = f.hands.filter((h) => h.handedness === undefined || h.handedness === wanted);
  }
  return session;
}

export const csvImporter: SessionImporter = {
  id: 'csv',
  label: 'CSV with 63 coordinate columns',
  extensions: ['.csv', '.tsv'],
  detect(path, firstBytes) {
    const firstLine = sniffText(firstBytes).split('\n', 1)[0];
    const complete = sniffText(firstBytes).includes('\n');
    if (complete && !firstLine.trim().startsWith('{') && !firstLine.trim().startsWith('[')) {
      const mapped = mapCsvColumns(splitCsvLine(firstLine.replace(/\r$/, ''), guessDelimiter(firstLine)).fields);
      if (!('error' in mapped)) return 0.95;
    }
    // A long header may not fit in the first KB: count coordinate-like names.
    if (/(^|[,;\t])\s*"?(x_?0|wrist_x)"?\s*([,;\t]|$)/i.test(firstLine)) return 0.8;
    return hasExtension(path, this.extensions) ? 0.5 : 0;
  },
  read: readCsv,
};
