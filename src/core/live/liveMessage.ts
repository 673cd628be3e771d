import { COORDS_PER_POINT, POINT_COUNT, VALUES_PER_FRAME } from '../hand/topology';
import type { Landmarks } from '../hand/types';
import { errorText } from '../errorText';
import { excerpt, oneLine } from '../excerpt';
import { isTargetLetter, TARGET_LETTER_RULE } from '../pipeline/targetLetter';

/** What a live message carries for the pipeline's frame slot. */
export type LiveFramePart =
  /** A hand: 63 values in MediaPipe order. */
  | { kind: 'hand'; landmarks: Landmarks }
  /** An explicit frame without a hand (`"landmarks": null`, empty hand lists). */
  | { kind: 'no-hand' }
  /** The backend's JPEG frame: the hand detector turns it into landmarks. */
  | { kind: 'image'; base64: string }
  /** No frame at all (a target change on its own). */
  | { kind: 'none' };

/** One understood live message. A target change is applied before the frame. */
export interface LiveMessage {
  frame: LiveFramePart;
  /** The new target letter, when the message sets one (`new_word_letter`). */
  targetLetter?: string;
  /** The client's own time stamp in ms, if it sent one (kept for the record; throttling uses wall clock). */
  clientT?: number;
}

export type LiveParseResult = { ok: true; message: LiveMessage } | { ok: false; error: string };

const FRAME_KEYS = ['landmarks', 'multiHandLandmarks', 'hands', 'jpeg_blob'] as const;

class LiveMessageError extends Error {}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return `the string ${excerpt(value, 20)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function coordinate(value: unknown, where: string): number {
  if (!isFiniteNumber(value)) throw notFinite(value, where);
  return value;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function notFinite(value: unknown, where: string): LiveMessageError {
  return new LiveMessageError(`${where}: expected a finite number, got ${describe(value)}`);
}

function isPointObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads 21 points given either as [x, y, z] triples or as MediaPipe {x, y, z} objects. Runs for every
 * live frame, so the location of a value is spelled out only when it is wrong: a string per point and
 * value would be the largest garbage of a live stream.
 */
function readHand(points: unknown, where: string): Landmarks {
  if (!Array.isArray(points)) {
    throw new LiveMessageError(`${where}: expected a list of ${POINT_COUNT} points, got ${describe(points)}`);
  }
  if (points.length !== POINT_COUNT) {
    throw new LiveMessageError(`${where}: expected ${POINT_COUNT} points, got ${points.length}`);
  }
  const out = new Float64Array(VALUES_PER_FRAME);
  for (let i = 0; i < POINT_COUNT; i++) {
    const point: unknown = points[i];
    if (Array.isArray(point)) {
      if (point.length !== COORDS_PER_POINT) {
        throw new LiveMessageError(`${where}[${i}]: expected [x, y, z], got ${point.length} values`);
      }
      for (let c = 0; c < COORDS_PER_POINT; c++) {
        const value: unknown = point[c];
        if (!isFiniteNumber(value)) throw notFinite(value, `${where}[${i}][${c}]`);
        out[i * 3 + c] = value;
      }
    } else if (isPointObject(point)) {
      const { x, y, z } = point;
      if (!isFiniteNumber(x)) throw notFinite(x, `${where}[${i}].x`);
      if (!isFiniteNumber(y)) throw notFinite(y, `${where}[${i}].y`);
      if (!isFiniteNumber(z)) throw notFinite(z, `${where}[${i}].z`);
      out[i * 3] = x;
      out[i * 3 + 1] = y;
      out[i * 3 + 2] = z;
    } else {
      throw new LiveMessageError(`${where}[${i}]: expected [x, y, z] or {x, y, z}, got ${describe(point)}`);
    }
  }
  return out;
}

/** A list of hands (MediaPipe's multiHandLandmarks, the Tasks API's landmarks): the first hand is used. */
function readHandList(hands: unknown[], where: string): LiveFramePart {
  if (hands.length === 0) return { kind: 'no-hand' };
  return { kind: 'hand', landmarks: readHand(hands[0], `${where}[0]`) };
}

function readLandmarksField(value: unknown): LiveFramePart {
  if (value === null) return { kind: 'no-hand' };
  if (!Array.isArray(value)) {
    throw new LiveMessageError(`landmarks: expected ${POINT_COUNT} [x, y, z] points or null, got ${describe(value)}`);
  }
  if (value.length === 0) return { kind: 'no-hand' };
  // The Tasks API nests hands: [[{x, y, z} x 21], ...]; ours is one hand: [[x, y, z] x 21].
  const first = value[0];
  // A point object, not null: [[null, null, null] x 21] is one hand with bad values, not 21 hands of 3 points.
  if (Array.isArray(first) && (first.length === 0 || isPointObject(first[0]))) {
    return readHandList(value, 'landmarks');
  }
  return { kind: 'hand', landmarks: readHand(value, 'landmarks') };
}

function readHandsField(value: unknown): LiveFramePart {
  if (!Array.isArray(value)) throw new LiveMessageError(`hands: expected a list of hands, got ${describe(value)}`);
  if (value.length === 0) return { kind: 'no-hand' };
  const hand = value[0];
  if (!isPointObject(hand)) throw new LiveMessageError(`hands[0]: expected {"landmarks": [...]}, got ${describe(hand)}`);
  return { kind: 'hand', landmarks: readHand(hand.landmarks, 'hands[0].landmarks') };
}

function readFrame(obj: Record<string, unknown>): LiveFramePart {
  if ('landmarks' in obj) return readLandmarksField(obj.landmarks);
  if ('multiHandLandmarks' in obj) {
    const hands = obj.multiHandLandmarks;
    if (hands === null || hands === undefined) return { kind: 'no-hand' };
    if (!Array.isArray(hands)) {
      throw new LiveMessageError(`multiHandLandmarks: expected a list of hands, got ${describe(hands)}`);
    }
    return readHandList(hands, 'multiHandLandmarks');
  }
  if ('hands' in obj) return readHandsField(obj.hands);
  if ('jpeg_blob' in obj) {
    const blob = obj.jpeg_blob;
    if (blob === null) return { kind: 'none' };
    if (typeof blob !== 'string') throw new LiveMessageError(`jpeg_blob: expected a base64 string or null, got ${describe(blob)}`);
    return { kind: 'image', base64: blob };
  }
  return { kind: 'none' };
}

function readTarget(obj: Record<string, unknown>): string | undefined {
  const letter = obj.new_word_letter;
  // null is how the app says "no change" on ordinary frames.
  if (letter === undefined || letter === null) return undefined;
  if (!isTargetLetter(letter)) {
    throw new LiveMessageError(`new_word_letter: expected ${TARGET_LETTER_RULE} or null, got ${describe(letter)}`);
  }
  return letter;
}

/** Parses one text message of the live protocol, MediaPipe-shaped objects, or the backend's app messages. */
export function parseLiveMessage(text: string): LiveParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text around the error: keep it one printable, short line.
    const detail = oneLine(errorText(err));
    return { ok: false, error: `message is not valid JSON (${detail.length > 120 ? `${detail.slice(0, 120)}…` : detail})` };
  }
  if (!isPointObject(data)) {
    return { ok: false, error: `expected a JSON object such as {"landmarks": [[x, y, z] x 21]}, got ${describe(data)}` };
  }
  try {
    const hasFrameKey = FRAME_KEYS.some((k) => k in data);
    if (!hasFrameKey && !('new_word_letter' in data)) {
      const keys = Object.keys(data);
      return {
        ok: false,
        error:
          'expected a field landmarks, multiHandLandmarks, hands, jpeg_blob or new_word_letter; got ' +
          (keys.length ? `only ${keys.slice(0, 5).map((k) => (/^\w{1,30}$/.test(k) ? k : excerpt(k, 30))).join(', ')}` : 'an empty object'),
      };
    }
    const message: LiveMessage = { frame: readFrame(data) };
    const target = readTarget(data);
    if (target !== undefined) message.targetLetter = target;
    if ('t' in data && data.t !== undefined && data.t !== null) {
      message.clientT = coordinate(data.t, 't');
    }
    if (message.frame.kind === 'none' && target === undefined) {
      return { ok: false, error: 'message carries neither landmarks nor a new_word_letter: nothing to do' };
    }
    return { ok: true, message };
  } catch (err) {
    if (err instanceof LiveMessageError) return { ok: false, error: err.message };
    throw err;
  }
}

/** The error sent for a JPEG frame when there is no hand detector: why, and how to enable it. */
export function imageFrameError(reason: string, targetApplied: string | undefined): string {
  return (
    `jpeg_blob: no hand detector here (${reason}); or send MediaPipe hand landmarks ` +
    '({"landmarks": [[x, y, z] x 21]} or {"multiHandLandmarks": [...]})' +
    (targetApplied !== undefined ? `; new_word_letter "${targetApplied}" was applied` : '')
  );
}
