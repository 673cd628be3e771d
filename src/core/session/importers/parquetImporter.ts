import { basename } from 'node:path';
import { VALUES_PER_FRAME } from '../../hand/topology';
import { SessionError } from '../sessionError';
import { openSessionFile } from '../sessionFile';
import type { Session, SessionFrame, SessionProblem } from '../types';
import { readParquetSequences, type HandSide, type ParquetLayout, type ParquetSequence } from './parquetLandmarks';
import { labelsForLandmarkFile, type SequenceLabel } from './parquetLabels';
import { hasExtension, type ImportOptions, type SessionImporter } from './sessionImporter';

/** The datasets give frame numbers, not times; their phone videos are taken as 30 fps unless told otherwise. */
const DEFAULT_FPS = 30;

const DATASET: Record<ParquetLayout, string> = { wide: 'ASL Fingerspelling Parquet', long: 'Isolated Signs Parquet' };

/** A session of a Parquet landmark file, named by its sequence. */
export interface ParquetSession {
  sequenceId: string;
  session: Session;
}

function present(hand: Float64Array, frame: number): boolean {
  for (let v = 0; v < VALUES_PER_FRAME; v++) if (!Number.isFinite(hand[frame * VALUES_PER_FRAME + v])) return false;
  return true;
}

/**
 * One sequence as a session: the hand asked for, else the one found in more frames (as for .pose; the
 * right one on a tie); a frame whose hand has a NaN is a frame without a hand; the metadata's phrase or
 * sign, if any, labels the whole sequence.
 */
function sessionOf(path: string, layout: ParquetLayout, sequence: ParquetSequence, id: string, label: SequenceLabel | undefined, options: ImportOptions): Session {
  const fps = options.fps ?? DEFAULT_FPS;
  const notes: SessionProblem[] = [];
  const note = (message: string) => notes.push({ file: path, message });
  if (options.fps === undefined) note(`the file has frame numbers, not times; ${DEFAULT_FPS} fps assumed (pass an fps to choose)`);
  const count = sequence.frameNumbers.length;
  const found: Record<HandSide, number> = { left: 0, right: 0 };
  for (const side of ['left', 'right'] as const) for (let f = 0; f < count; f++) if (present(sequence.hands[side], f)) found[side]++;
  const side: HandSide = options.hand ?? (found.left > found.right ? 'left' : 'right');
  note(`hand: ${side}, found in ${found[side]} of ${count} frames (left ${found.left}, right ${found.right})`);
  const order = sequence.frameNumbers.map((_, i) => i).sort((a, b) => sequence.frameNumbers[a] - sequence.frameNumbers[b] || a - b);
  const hand = sequence.hands[side];
  const timeOf = (frameNumber: number) => Math.round((frameNumber * 1e6) / fps) / 1000;
  const frames: SessionFrame[] = order.map((f, index) => {
    const t = timeOf(sequence.frameNumbers[f]);
    if (!present(hand, f)) return { index, t, hands: [] };
    const landmarks = hand.slice(f * VALUES_PER_FRAME, (f + 1) * VALUES_PER_FRAME);
    return { index, t, hands: [{ landmarks, handedness: side === 'left' ? 'Left' : 'Right' }] };
  });
  const labels = [];
  if (label && frames.length > 0) {
    labels.push({ t0: frames[0].t, t1: timeOf(sequence.frameNumbers[order[order.length - 1]] + 1), text: label.text });
  } else if (!label) {
    note(`no metadata CSV (train.csv) in the folders above names sequence ${id} of this file; the session has no label`);
  }
  return {
    header: {
      type: 'header',
      format: 'landmark-session',
      version: 1,
      fps,
      source: `${basename(path)} (${DATASET[layout]}, sequence ${id}, ${side} hand)`,
      sequenceId: id,
      ...(label?.participantId ? { participantId: label.participantId } : {}),
    },
    frames,
    targets: [],
    labels,
    problems: [],
    notes,
  };
}

/** Every sequence of a Parquet landmark file as a session, in file order; rejects with a SessionError. */
export async function readParquetSessions(path: string, options: ImportOptions = {}): Promise<ParquetSession[]> {
  await openSessionFile(path);
  const [{ layout, sequences }, labels] = await Promise.all([readParquetSequences(path), labelsForLandmarkFile(path)]);
  const byId = new Map(labels.map((l) => [l.sequenceId, l]));
  return sequences.map((sequence) => {
    // A long-layout file is one sequence: the metadata row naming the file gives its id, else the file name.
    const id = sequence.id ?? labels[0]?.sequenceId ?? basename(path).replace(/\.parquet$/i, '');
    return { sequenceId: id, session: sessionOf(path, layout, sequence, id, byId.get(id) ?? (sequence.id === null ? labels[0] : undefined), options) };
  });
}

/** One session of the file: the sequence asked for (ImportOptions.sequence), else the first. */
async function readParquet(path: string, options: ImportOptions = {}): Promise<Session> {
  const all = await readParquetSessions(path, options);
  if (all.length === 0) throw new SessionError('bad-format', path, 'the Parquet file holds no rows');
  const wanted = options.sequence;
  const chosen = wanted === undefined ? all[0] : all.find((s) => s.sequenceId === wanted);
  if (!chosen) {
    const ids = all.slice(0, 5).map((s) => s.sequenceId).join(', ');
    throw new SessionError('bad-format', path, `no sequence ${wanted}; the file holds ${all.length} (${ids}${all.length > 5 ? ', ...' : ''})`);
  }
  if (all.length > 1) chosen.session.notes!.push({ file: path, message: `the file holds ${all.length} sequences; this is sequence ${chosen.sequenceId}` });
  return chosen.session;
}

const MAGIC = [0x50, 0x41, 0x52, 0x31]; // "PAR1"

export const parquetImporter: SessionImporter = {
  id: 'parquet',
  label: 'Parquet landmarks (ASL Fingerspelling, Isolated Signs)',
  extensions: ['.parquet'],
  detect(path, firstBytes) {
    if (MAGIC.every((b, i) => firstBytes[i] === b)) return 1;
    return hasExtension(path, this.extensions) ? 0.6 : 0;
  },
  read: readParquet,
};
