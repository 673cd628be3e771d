import { COORDS_PER_POINT, POINT_COUNT, VALUES_PER_FRAME } from '../hand/topology';
import type { Handedness, HandObservation } from '../hand/types';
import { nonFiniteToken } from './jsonWithNonFinite';
import type { SessionHeader } from './types';
import { isTargetLetter, TARGET_LETTER_RULE } from '../pipeline/targetLetter';
import { excerpt } from '../excerpt';

/**
 * Checks of one parsed line of a `*.landmarks.jsonl` file. They mirror
 * schemas/landmark-session.schema.json (a test holds the two in agreement) and say, for the first
 * thing wrong, which field and what was expected.
 */
export type CheckedLine =
  | { kind: 'header'; header: SessionHeader }
  | { kind: 'frame'; t: number; hands: HandObservation[] }
  | { kind: 'target'; t: number; letter: string | null }
  | { kind: 'label'; t0: number; t1: number; text: string }
  | { kind: 'reply'; t: number; reply: Record<string, unknown> }
  | { kind: 'invalid'; field?: string; message: string };

export const LINE_TYPES = ['header', 'frame', 'target', 'label', 'reply'] as const;

class LineIssue {
  constructor(
    readonly field: string | undefined,
    readonly message: string,
  ) {}
}

function fail(field: string | undefined, message: string): never {
  throw new LineIssue(field, message);
}

/** A short description of a JSON value for "found ..." messages. */
export function describeValue(value: unknown): string {
  const token = nonFiniteToken(value);
  if (token) return `${token} (not valid JSON; write a finite number)`;
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return excerpt(value, 20);
  return String(value);
}

/** Nesting kept in a header's or a reply's free-form fields: deeper values overflowed the stack when written. */
export const MAX_NESTING = 64;

/** The first field of `obj` nested deeper than MAX_NESTING, or null; iterative, so any depth is safe. */
function tooDeep(obj: Record<string, unknown>): string | null {
  for (const [field, value] of Object.entries(obj)) {
    const stack: [unknown, number][] = [[value, 1]];
    while (stack.length) {
      const [v, depth] = stack.pop()!;
      if (typeof v !== 'object' || v === null) continue;
      if (depth > MAX_NESTING) return field;
      for (const child of Object.values(v)) stack.push([child, depth + 1]);
    }
  }
  return null;
}

function checkNesting(obj: Record<string, unknown>, path = ''): void {
  const field = tooDeep(obj);
  if (field !== null) fail(`${path}${field}`, `nested more than ${MAX_NESTING} levels deep; expected a flatter value`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function number(obj: Record<string, unknown>, field: string, what: string, path = field): number {
  const value = obj[field];
  if (value === undefined) fail(path, `missing; expected ${what}`);
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, `expected ${what}, found ${describeValue(value)}`);
  return value;
}

/** 21 points of [x, y, z] into 63 values. */
export function checkPoints(value: unknown, path: string): Float64Array {
  if (!Array.isArray(value)) fail(path, `expected an array of ${POINT_COUNT} points [x, y, z], found ${describeValue(value)}`);
  if (value.length !== POINT_COUNT) fail(path, `expected ${POINT_COUNT} points [x, y, z], found ${value.length}`);
  const out = new Float64Array(VALUES_PER_FRAME);
  for (let p = 0; p < POINT_COUNT; p++) {
    const point = value[p];
    if (!Array.isArray(point)) fail(`${path}[${p}]`, `expected a point [x, y, z], found ${describeValue(point)}`);
    if (point.length !== COORDS_PER_POINT) fail(`${path}[${p}]`, `expected 3 coordinates [x, y, z], found ${point.length}`);
    for (let c = 0; c < COORDS_PER_POINT; c++) {
      const v = point[c];
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}[${p}][${c}]`, `expected a number, found ${describeValue(v)}`);
      out[p * COORDS_PER_POINT + c] = v;
    }
  }
  return out;
}

function checkHand(value: unknown, path: string): HandObservation {
  if (!isObject(value)) fail(path, `expected a hand object {"landmarks": [...]}, found ${describeValue(value)}`);
  const hand: HandObservation = { landmarks: checkPoints(value.landmarks, `${path}.landmarks`) };
  if (value.handedness !== undefined) {
    if (value.handedness !== 'Left' && value.handedness !== 'Right') {
      fail(`${path}.handedness`, `expected "Left" or "Right", found ${describeValue(value.handedness)}`);
    }
    hand.handedness = value.handedness as Handedness;
  }
  if (value.score !== undefined) hand.score = number(value, 'score', 'a number', `${path}.score`);
  return hand;
}

function checkHeader(obj: Record<string, unknown>): CheckedLine {
  if (obj.format !== 'landmark-session') fail('format', `expected "landmark-session", found ${describeValue(obj.format)}`);
  if (obj.version !== 1) fail('version', `expected 1 (the version this reader knows), found ${describeValue(obj.version)}`);
  if (obj.fps !== undefined) {
    const fps = number(obj, 'fps', 'a positive number of frames per second');
    if (fps <= 0) fail('fps', `expected a positive number of frames per second, found ${fps}`);
  }
  for (const field of ['source', 'created', 'images']) {
    if (obj[field] !== undefined && typeof obj[field] !== 'string') fail(field, `expected a string, found ${describeValue(obj[field])}`);
  }
  checkNesting(obj);
  return { kind: 'header', header: obj as SessionHeader };
}

function checkFrame(obj: Record<string, unknown>): CheckedLine {
  const t = number(obj, 't', 'a time in milliseconds');
  if (obj.hands === undefined && 'landmarks' in obj) {
    if (obj.landmarks === null) return { kind: 'frame', t, hands: [] };
    return { kind: 'frame', t, hands: [{ landmarks: checkPoints(obj.landmarks, 'landmarks') }] };
  }
  if (!Array.isArray(obj.hands)) {
    fail('hands', `expected an array of hands ([] when no hand was detected), found ${describeValue(obj.hands)}`);
  }
  return { kind: 'frame', t, hands: obj.hands.map((h, i) => checkHand(h, `hands[${i}]`)) };
}

function checkTarget(obj: Record<string, unknown>): CheckedLine {
  const t = number(obj, 't', 'a time in milliseconds');
  if (!('letter' in obj)) fail('letter', 'missing; expected the target letter, or null for free mode');
  const letter = obj.letter;
  if (letter !== null && !isTargetLetter(letter)) {
    fail('letter', `expected ${TARGET_LETTER_RULE} or null, found ${describeValue(letter)}`);
  }
  return { kind: 'target', t, letter: letter as string | null };
}

function checkLabel(obj: Record<string, unknown>): CheckedLine {
  const t0 = number(obj, 't0', 'a start time in milliseconds');
  const t1 = number(obj, 't1', 'an end time in milliseconds');
  if (t1 < t0) fail('t1', `expected an end time >= t0 (${t0}), found ${t1}`);
  if (typeof obj.text !== 'string') fail('text', `expected a string, found ${describeValue(obj.text)}`);
  return { kind: 'label', t0, t1, text: obj.text };
}

function checkReply(obj: Record<string, unknown>): CheckedLine {
  const t = number(obj, 't', 'a time in milliseconds');
  if (!isObject(obj.reply)) fail('reply', `expected the reply object as sent, found ${describeValue(obj.reply)}`);
  checkNesting(obj.reply, 'reply.');
  return { kind: 'reply', t, reply: obj.reply };
}

/** Checks one parsed JSON value as a line of a session file. */
export function checkSessionLine(value: unknown): CheckedLine {
  try {
    if (!isObject(value)) fail(undefined, `expected a JSON object, found ${describeValue(value)}`);
    const type = value.type;
    if (type === undefined) {
      // The short frame form has no type: {"t", "landmarks"}.
      if ('landmarks' in value && value.hands === undefined) return checkFrame(value);
      fail('type', 'missing; expected "type" (header, frame, target, label, reply) or a short frame {"t", "landmarks"}');
    }
    switch (type) {
      case 'header':
        return checkHeader(value);
      case 'frame':
        return checkFrame(value);
      case 'target':
        return checkTarget(value);
      case 'label':
        return checkLabel(value);
      case 'reply':
        return checkReply(value);
      default:
        return fail('type', `unknown line type ${describeValue(type)}; expected one of ${LINE_TYPES.join(', ')}`);
    }
  } catch (err) {
    if (err instanceof LineIssue) return { kind: 'invalid', field: err.field, message: err.message };
    throw err;
  }
}
