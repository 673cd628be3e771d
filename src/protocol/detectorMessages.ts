import type { DetectorSettings } from '../core/model/profile';
import { VALUES_PER_FRAME } from '../core/hand/topology';

/**
 * The hand detector's protocol: what its host (headless Chromium's Node side, or the extension host
 * with a webview) asks the detector page, and what the page answers. One discriminated union per
 * direction, checked at the boundary on both sides. Byte fields (`bytes`, `description`, `image`) are
 * Uint8Arrays: a webview transfers them as they are, the headless host's socket as binary frames
 * (detectorWire.ts).
 */

/** 63 values per hand (x0, y0, z0, x1, ...): x and y in 0..1 of the image, z relative depth, as MediaPipe gives. */
export interface DetectedHand {
  landmarks: number[];
  /** The same points in metres around the hand's centre (MediaPipe's world landmarks), when given. */
  worldLandmarks: number[] | null;
  /** MediaPipe's label: it assumes a mirrored (selfie) image, as the backend's Python solution does. */
  handedness: 'Left' | 'Right';
  /** The handedness classification's score, the hand's confidence. */
  score: number;
}

/** What the detector made of one frame. */
export type FrameDetection =
  | { status: 'hands'; hands: DetectedHand[]; width: number; height: number; detectorMs: number }
  | { status: 'no-hand'; width: number; height: number; detectorMs: number }
  /** The bytes are not an image the browser decodes (the backend treats this as a frame without a hand). */
  | { status: 'undecodable'; error: string };

/** Opens a tracker: one instance of the Hands solution with its own tracking state. */
export interface OpenTrackerRequest {
  type: 'open';
  tracker: string;
  options: DetectorSettings;
}

/** One encoded image (JPEG, PNG, ...). `still`: forget the tracked hand first (a photo, not a video frame). */
export interface ImageRequest {
  type: 'image';
  id: number;
  tracker: string;
  bytes: Uint8Array;
  still: boolean;
}

/** Starts decoding a video (WebCodecs): every chunk that follows is decoded and each frame detected. */
export interface VideoStartRequest {
  type: 'videoStart';
  id: number;
  tracker: string;
  /** A WebCodecs codec string, e.g. "vp09.00.10.08" or "avc1.64001f". */
  codec: string;
  /** The decoder configuration record (avcC, hvcC, ...), when the codec has one. */
  description: Uint8Array | null;
  codedWidth: number;
  codedHeight: number;
  /** Also send each frame's image as a JPEG of this quality (0..1); null: no images. */
  jpegQuality: number | null;
}

/** One encoded sample of the video, in decode order. */
export interface VideoChunkRequest {
  type: 'videoChunk';
  id: number;
  key: boolean;
  /** Presentation time, microseconds. */
  timestampUs: number;
  bytes: Uint8Array;
}

/** No more chunks: flush the decoder; `videoDone` follows the last frame's result. */
export interface VideoEndRequest {
  type: 'videoEnd';
  id: number;
}

export interface CloseTrackerRequest {
  type: 'close';
  tracker: string;
}

export type DetectorRequest = OpenTrackerRequest | ImageRequest | VideoStartRequest | VideoChunkRequest | VideoEndRequest | CloseTrackerRequest;

/** The page is up: its browser and whether it decodes video (WebCodecs). */
export interface HelloEvent {
  type: 'hello';
  userAgent: string;
  webCodecs: boolean;
}

export interface OpenedEvent {
  type: 'opened';
  tracker: string;
  /** Loading the WASM and models and the first (blank) frame, ms. */
  initMs: number;
}

/** A tracker could not be opened (e.g. no WebGL), or a request could not be carried out. */
export interface FailedEvent {
  type: 'failed';
  /** The request's id, or -1 when it concerns a tracker or the page. */
  id: number;
  tracker: string;
  error: string;
}

/** The answer to an image request, or one decoded frame of a video (then `frame` and `timestampUs` are set). */
export interface ResultEvent {
  type: 'result';
  id: number;
  /** The frame's number in presentation order (videos), else -1. */
  frame: number;
  /** The frame's presentation time in microseconds (videos), else -1. */
  timestampUs: number;
  detection: FrameDetection;
  /** The frame as a JPEG, when the video was started with a jpegQuality. */
  image: Uint8Array | null;
}

/** Every frame of the video has been answered. */
export interface VideoDoneEvent {
  type: 'videoDone';
  id: number;
  frames: number;
}

export type DetectorEvent = HelloEvent | OpenedEvent | FailedEvent | ResultEvent | VideoDoneEvent;

export class DetectorProtocolError extends Error {}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'Uint8Array' | 'Uint8Array|null' | 'number|null' | 'array';

const REQUEST_FIELDS: Record<DetectorRequest['type'], Record<string, Kind>> = {
  open: { tracker: 'string', options: 'object' },
  image: { id: 'number', tracker: 'string', bytes: 'Uint8Array', still: 'boolean' },
  videoStart: {
    id: 'number', tracker: 'string', codec: 'string', description: 'Uint8Array|null', codedWidth: 'number', codedHeight: 'number',
    jpegQuality: 'number|null',
  },
  videoChunk: { id: 'number', key: 'boolean', timestampUs: 'number', bytes: 'Uint8Array' },
  videoEnd: { id: 'number' },
  close: { tracker: 'string' },
};

const EVENT_FIELDS: Record<DetectorEvent['type'], Record<string, Kind>> = {
  hello: { userAgent: 'string', webCodecs: 'boolean' },
  opened: { tracker: 'string', initMs: 'number' },
  failed: { id: 'number', tracker: 'string', error: 'string' },
  result: { id: 'number', frame: 'number', timestampUs: 'number', detection: 'object', image: 'Uint8Array|null' },
  videoDone: { id: 'number', frames: 'number' },
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (ArrayBuffer.isView(value)) return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value;
}

function fits(value: unknown, kind: Kind): boolean {
  const actual = kindOf(value);
  if (kind === 'number') return actual === 'number' && Number.isFinite(value);
  if (kind === 'number|null') return actual === 'null' || (actual === 'number' && Number.isFinite(value));
  return kind.split('|').includes(actual);
}

function checkFields<T extends { type: string }>(value: unknown, table: Record<string, Record<string, Kind>>, what: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DetectorProtocolError(`${what}: expected an object with a "type", got ${kindOf(value)}`);
  }
  const obj = value as Record<string, unknown>;
  const fields = typeof obj.type === 'string' && Object.hasOwn(table, obj.type) ? table[obj.type] : undefined;
  if (!fields) throw new DetectorProtocolError(`${what}: unknown type ${JSON.stringify(obj.type)}; expected one of ${Object.keys(table).join(', ')}`);
  for (const [field, kind] of Object.entries(fields)) {
    if (!fits(obj[field], kind)) {
      throw new DetectorProtocolError(`${what} '${obj.type}': field '${field}': expected ${kind}, got ${kindOf(obj[field])}`);
    }
  }
  return obj as unknown as T;
}

function checkNumbers(values: unknown, count: number, where: string): number[] {
  if (!Array.isArray(values) || values.length !== count || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new DetectorProtocolError(`${where}: expected ${count} finite numbers`);
  }
  return values as number[];
}

function checkDetection(value: unknown): FrameDetection {
  const d = value as Record<string, unknown>;
  const where = 'detector event \'result\': detection';
  if (d.status === 'undecodable') {
    if (typeof d.error !== 'string') throw new DetectorProtocolError(`${where}.error: expected a string`);
    return value as FrameDetection;
  }
  if (d.status !== 'hands' && d.status !== 'no-hand') {
    throw new DetectorProtocolError(`${where}.status: expected "hands", "no-hand" or "undecodable", got ${JSON.stringify(d.status)}`);
  }
  for (const f of ['width', 'height', 'detectorMs']) {
    if (!fits(d[f], 'number')) throw new DetectorProtocolError(`${where}.${f}: expected a number, got ${kindOf(d[f])}`);
  }
  if (d.status === 'hands') {
    if (!Array.isArray(d.hands) || d.hands.length === 0) throw new DetectorProtocolError(`${where}.hands: expected at least one hand`);
    d.hands.forEach((h: Record<string, unknown>, i) => {
      checkNumbers(h?.landmarks, VALUES_PER_FRAME, `${where}.hands[${i}].landmarks`);
      if (h.worldLandmarks !== null) checkNumbers(h.worldLandmarks, VALUES_PER_FRAME, `${where}.hands[${i}].worldLandmarks`);
      if (h.handedness !== 'Left' && h.handedness !== 'Right') throw new DetectorProtocolError(`${where}.hands[${i}].handedness: expected "Left" or "Right"`);
      if (!fits(h.score, 'number')) throw new DetectorProtocolError(`${where}.hands[${i}].score: expected a number`);
    });
  }
  return value as FrameDetection;
}

/** A request as the detector page receives it; throws DetectorProtocolError naming the field. */
export function checkDetectorRequest(value: unknown): DetectorRequest {
  const request = checkFields<DetectorRequest>(value, REQUEST_FIELDS, 'detector request');
  if (request.type === 'open') {
    const o = request.options as unknown as Record<string, unknown>;
    for (const f of ['modelComplexity', 'maxNumHands', 'minDetectionConfidence', 'minTrackingConfidence']) {
      if (!fits(o[f], 'number')) throw new DetectorProtocolError(`detector request 'open': options.${f}: expected a number`);
    }
    for (const f of ['staticImageMode', 'useCpuInference']) {
      if (typeof o[f] !== 'boolean') throw new DetectorProtocolError(`detector request 'open': options.${f}: expected true or false`);
    }
  }
  return request;
}

/** An event as the host receives it; throws DetectorProtocolError naming the field. */
export function checkDetectorEvent(value: unknown): DetectorEvent {
  const event = checkFields<DetectorEvent>(value, EVENT_FIELDS, 'detector event');
  if (event.type === 'result') checkDetection(event.detection);
  return event;
}
