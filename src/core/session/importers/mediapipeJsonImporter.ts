import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import { parseJsonLine } from '../jsonWithNonFinite';
import { readFileLines } from '../lineSource';
import { DEFAULT_MAX_PROBLEMS } from '../readLandmarksSession';
import { SessionError } from '../sessionError';
import { assertText, fileOpenError, openSessionFile } from '../sessionFile';
import type { FrameObjectsSession, Session, SessionProblem } from '../types';
import { looksLikeMediapipeResult, parseMediapipeResult, ResultIssue } from './mediapipeResult';
import { hasExtension, sniffText, type ImportOptions, type SessionImporter } from './sessionImporter';

const DEFAULT_FPS = 30;
/** A whole-file JSON document is parsed in one piece; beyond this size, JSONL is the way. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;

interface Item {
  value: unknown;
  /** 1-based line for JSONL, else undefined. */
  line?: number;
  /** Index in a JSON array. */
  index: number;
  parseError?: string;
  unterminated?: boolean;
}

/** Whether the first non-blank line is a JSON value on its own (JSONL), read whole however long. */
async function firstLineIsJson(path: string, options: ImportOptions): Promise<boolean> {
  for await (const source of readFileLines(path, options)) {
    if (source.text === undefined) return false;
    if (source.text.trim() !== '') return parseJsonLine(source.text).ok;
  }
  return false;
}

/** One JSON document (an array of results, {"frames": [...]}, or one result) or JSONL of results. */
async function* items(path: string, size: number, firstText: string, options: ImportOptions): AsyncGenerator<Item> {
  const jsonl = firstText.trimStart()[0] === '{' && (await firstLineIsJson(path, options));
  if (!jsonl) {
    if (size > MAX_DOCUMENT_BYTES) throw new SessionError('bad-format', path, `a ${Math.round(size / 1048576)} MB JSON document is too large to read in one piece; write one result per line (JSONL)`);
    let text: string;
    try {
      text = await fs.readFile(path, 'utf8');
    } catch (err) {
      throw fileOpenError(path, err);
    }
    const parsed = parseJsonLine(text);
    if (!parsed.ok) throw new SessionError('bad-format', path, `not valid JSON (${parsed.message})`);
    let list: unknown = parsed.value;
    if (typeof list === 'object' && list !== null && !Array.isArray(list) && Array.isArray((list as { frames?: unknown }).frames)) list = (list as { frames: unknown[] }).frames;
    const values = Array.isArray(list) ? list : [list];
    for (let index = 0; index < values.length; index++) yield { value: values[index], index };
    return;
  }
  let index = 0;
  for await (const source of readFileLines(path, options)) {
    if (source.text === undefined) {
      yield { value: undefined, line: source.line, index: index++, parseError: source.error };
      continue;
    }
    if (source.text.trim() === '') continue;
    const parsed = parseJsonLine(source.text);
    yield parsed.ok
      ? { value: parsed.value, line: source.line, index: index++ }
      : { value: undefined, line: source.line, index: index++, parseError: `invalid JSON (${parsed.message})`, unterminated: source.unterminated };
  }
}

async function readMediapipeJson(path: string, options: ImportOptions = {}): Promise<Session> {
  const { size, firstBytes } = await openSessionFile(path);
  assertText(path, firstBytes);
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const fps = options.fps ?? DEFAULT_FPS;
  const session: FrameObjectsSession = {
    header: { type: 'header', format: 'landmark-session', version: 1, source: `${basename(path)} (MediaPipe results)` },
    frames: [],
    targets: [],
    labels: [],
    problems: [],
    notes: [],
  };
  const problem = (item: Item, field: string, message: string) => {
    const where = item.line === undefined ? `[${item.index}]${field ? '.' : ''}` : '';
    const p: SessionProblem = { file: path, message };
    if (item.line !== undefined) p.line = item.line;
    if (where || field) p.field = `${where}${field}`;
    session.problems.push(p);
  };
  let timed = 0;
  let untimed = 0;
  let lastT = -Infinity;
  const wanted = options.hand === 'left' ? 'Left' : options.hand === 'right' ? 'Right' : undefined;
  for await (const item of items(path, size, sniffText(firstBytes), options)) {
    if (session.problems.length >= maxProblems) {
      session.notes!.push({ file: path, line: item.line, message: `stopped checking after ${maxProblems} problems` });
      break;
    }
    if (item.parseError) {
      problem(item, '', item.unterminated ? 'truncated JSON: the file ends in the middle of this line (was it cut short?)' : item.parseError);
      continue;
    }
    let frame;
    try {
      frame = parseMediapipeResult(item.value);
    } catch (err) {
      if (!(err instanceof ResultIssue)) throw err;
      problem(item, err.field, err.message);
      continue;
    }
    if (frame.t !== undefined) timed++;
    else untimed++;
    const t = frame.t ?? Math.round((item.index * 1e6) / fps) / 1000;
    if (t < lastT) {
      problem(item, 't', `time goes backwards: ${t} ms is before ${lastT} ms`);
      continue;
    }
    lastT = t;
    if (session.problems.length > 0) continue;
    if (frame.target !== undefined) session.targets.push({ t, letter: frame.target, beforeFrame: session.frames.length, line: item.line });
    const hands = wanted ? frame.hands.filter((h) => h.handedness === undefined || h.handedness === wanted) : frame.hands;
    session.frames.push({ index: session.frames.length, t, hands, ...(item.line !== undefined ? { line: item.line } : {}) });
  }
  if (timed === 0) {
    session.header.fps = fps;
    session.notes!.push({ file: path, message: `no times in the results; frames are ${fps} fps apart${options.fps === undefined ? ' (pass an fps to change)' : ''}` });
  } else if (untimed > 0) {
    session.notes!.push({ file: path, message: `${untimed} results without a time were placed at index x ${1000 / fps} ms` });
  }
  return session;
}

export const mediapipeJsonImporter: SessionImporter = {
  id: 'mediapipe-json',
  label: 'MediaPipe results JSON (Tasks API or multiHandLandmarks)',
  extensions: ['.json', '.jsonl', '.ndjson'],
  detect(path, firstBytes) {
    const text = sniffText(firstBytes);
    const firstLine = text.trimStart().split('\n', 1)[0];
    const parsed = parseJsonLine(firstLine);
    if (parsed.ok && looksLikeMediapipeResult(parsed.value)) return 0.95;
    if (/"(multiHandLandmarks|multi_hand_landmarks)"/.test(text)) return 0.9;
    if (/"landmarks"\s*:\s*\[\s*\[\s*\{\s*"[xyz]"/.test(text)) return 0.9;
    return hasExtension(path, ['.json']) ? 0.4 : 0;
  },
  read: readMediapipeJson,
};
