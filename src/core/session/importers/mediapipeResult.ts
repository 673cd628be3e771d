import { POINT_COUNT, VALUES_PER_FRAME } from '../../hand/topology';
import type { Handedness, HandObservation } from '../../hand/types';
import { describeValue } from '../sessionLineChecks';

/**
 * One frame of MediaPipe hand results as JSON, in the shapes MediaPipe's APIs produce:
 * - Tasks API (HandLandmarkerResult): {"landmarks": [[{x,y,z} x 21], ...], "handedness": [[{categoryName, score}], ...]}
 * - legacy JS solution: {"multiHandLandmarks": [[{x,y,z} x 21]], "multiHandedness": [{label, score}]}
 * - legacy Python solution dumped to JSON: {"multi_hand_landmarks": [{"landmark": [{x,y,z}]}], "multi_handedness": [{"classification": [{label, score}]}]}
 * An optional time (t, timestamp, timestampMs, timestamp_ms, in ms) and new_word_letter are kept.
 */
export interface MediapipeFrame {
  t?: number;
  hands: HandObservation[];
  /** Present when the object set a target letter (new_word_letter). */
  target?: string | null;
}

export class ResultIssue {
  constructor(readonly field: string, readonly message: string) {}
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const LANDMARK_KEYS = ['landmarks', 'multiHandLandmarks', 'multi_hand_landmarks'] as const;
const HANDEDNESS_KEYS = ['handedness', 'handednesses', 'multiHandedness', 'multi_handedness'] as const;
const TIME_KEYS = ['t', 'timestamp', 'timestampMs', 'timestamp_ms'] as const;

/** Whether a value looks like one MediaPipe result (used to detect the format). */
export function looksLikeMediapipeResult(v: unknown): boolean {
  if (!isObject(v)) return false;
  if ('multiHandLandmarks' in v || 'multi_hand_landmarks' in v) return true;
  const l = v.landmarks;
  return Array.isArray(l) && (l.length === 0 ? 'handedness' in v : Array.isArray(l[0]) && (l[0].length === 0 || isObject(l[0][0])));
}

function points(value: unknown, field: string): Float64Array {
  const list = isObject(value) && Array.isArray(value.landmark) ? value.landmark : value;
  if (!Array.isArray(list)) throw new ResultIssue(field, `expected a list of 21 points {x, y, z}, found ${describeValue(list)}`);
  if (list.length !== POINT_COUNT) throw new ResultIssue(field, `expected 21 points {x, y, z}, found ${list.length}`);
  const out = new Float64Array(VALUES_PER_FRAME);
  list.forEach((p, i) => {
    if (!isObject(p)) throw new ResultIssue(`${field}[${i}]`, `expected a point {x, y, z}, found ${describeValue(p)}`);
    (['x', 'y', 'z'] as const).forEach((axis, c) => {
      const v = p[axis];
      if (axis === 'z' && v === undefined) return; // 2D results: z stays 0
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ResultIssue(`${field}[${i}].${axis}`, `expected a number, found ${describeValue(v)}`);
      out[i * 3 + c] = v;
    });
  });
  return out;
}

function category(value: unknown): { side?: Handedness; score?: number } {
  let c: unknown = value;
  if (Array.isArray(c)) c = c[0];
  if (isObject(c) && Array.isArray(c.classification)) c = c.classification[0];
  if (!isObject(c)) return {};
  const name = [c.categoryName, c.category_name, c.label, c.displayName, c.display_name].find((n) => typeof n === 'string') as string | undefined;
  const side = name?.toLowerCase() === 'left' ? 'Left' : name?.toLowerCase() === 'right' ? 'Right' : undefined;
  return { side, score: typeof c.score === 'number' && Number.isFinite(c.score) ? c.score : undefined };
}

export function parseMediapipeResult(value: unknown): MediapipeFrame {
  if (!isObject(value)) throw new ResultIssue('', `expected a MediaPipe result object, found ${describeValue(value)}`);
  const key = LANDMARK_KEYS.find((k) => k in value);
  if (!key) throw new ResultIssue('', `expected one of ${LANDMARK_KEYS.join(', ')}`);
  const frame: MediapipeFrame = { hands: [] };
  const list = value[key];
  if (list !== null && list !== undefined) {
    if (!Array.isArray(list)) throw new ResultIssue(key, `expected a list of hands, found ${describeValue(list)}`);
    const sides = HANDEDNESS_KEYS.map((k) => value[k]).find((v) => Array.isArray(v)) as unknown[] | undefined;
    list.forEach((hand, i) => {
      const observation: HandObservation = { landmarks: points(hand, `${key}[${i}]`) };
      const { side, score } = category(sides?.[i]);
      if (side) observation.handedness = side;
      if (score !== undefined) observation.score = score;
      frame.hands.push(observation);
    });
  }
  const timeKey = TIME_KEYS.find((k) => value[k] !== undefined);
  if (timeKey) {
    const t = value[timeKey];
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new ResultIssue(timeKey, `expected a time in milliseconds, found ${describeValue(t)}`);
    frame.t = t;
  }
  if ('new_word_letter' in value) {
    const letter = value.new_word_letter;
    if (letter !== null && (typeof letter !== 'string' || letter === '')) throw new ResultIssue('new_word_letter', `expected a letter or null, found ${describeValue(letter)}`);
    frame.target = letter as string | null;
  }
  return frame;
}
