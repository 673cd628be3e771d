/**
 * The boundary checks of messages.ts's unions (which re-exports them): each message's fields and kinds,
 * and the lengths of its arrays, with a one-line reason when a message is malformed.
 */
import { VALUES_PER_FRAME } from '../core/hand/topology';
import type { ExtensionToWebview, FrameProblemInfo } from './messages';
import type { WebviewToExtension } from './webviewToExtension';

/** The fields final results carry that provisional ones leave out. */
export const FINAL_RESULT_FIELDS = ['smoothed', 'replyLetter', 'replyProb', 'sent', 'emitted'] as const;

export type Checked<T> = { ok: true; message: T } | { ok: false; error: string };

type FieldKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'Float64Array'
  | 'Float32Array'
  | 'Uint8Array'
  | 'Int16Array'
  | 'Int32Array'
  | 'Uint16Array';

/** Fields each message must have, and their kinds; `?` marks optional fields. */
const EXTENSION_TO_WEBVIEW_FIELDS: Record<ExtensionToWebview['type'], Record<string, FieldKind>> = {
  init: {
    protocol: 'number', mode: 'string', title: 'string', session: 'object', labels: 'array',
    windowSize: 'number', smoothingWindow: 'number', 'restore?': 'object', 'keepFrames?': 'number',
  },
  frames: {
    start: 'number', count: 'number', t: 'Float64Array', landmarks: 'Float32Array', hasHand: 'Uint8Array',
    'targets?': 'array', 'labelSpans?': 'array', 'totalFrames?': 'number', 'camera?': 'boolean',
  },
  results: {
    start: 'number', count: 'number', classCount: 'number', status: 'Uint8Array', 'probs?': 'Float32Array',
    'smoothed?': 'Float32Array', 'replyLetter?': 'Int16Array', 'replyProb?': 'Float32Array', 'sent?': 'Uint8Array',
    bufferFill: 'Uint8Array', smoothingFill: 'Uint8Array', target: 'Int16Array', 'emitted?': 'Int16Array',
    transcript: 'array', 'targetReplies?': 'array', 'problems?': 'array', 'provisional?': 'boolean', 'slot?': 'number',
  },
  bulk: { uri: 'string', bytes: 'number' },
  problems: { problems: 'array' },
  analysisProgress: { done: 'number', total: 'number', 'error?': 'string' },
  liveStats: {
    fps: 'number', windowSpanS: 'number', latencyP50Ms: 'number', latencyP95Ms: 'number',
    repliesSent: 'number', repliesThrottled: 'number', dropped: 'number', clients: 'number',
    address: 'string', recording: 'boolean', 'recordingFolder?': 'string', cameraFrames: 'number', detectorP50Ms: 'number', detectorP95Ms: 'number',
    noHand: 'number', undecodable: 'number', detector: 'string',
  },
  reveal: { frame: 'number' },
  notice: { level: 'string', text: 'string' },
  setKnobs: { values: 'object', 'reset?': 'boolean', 'report?': 'boolean' },
  frameImage: { frame: 'number', mime: 'string', bytes: 'Uint8Array' },
  evaluation: { slot: 'number', model: 'string', figures: 'object', scoredFrame: 'Int32Array', scoredLabel: 'Uint16Array', scoredPrediction: 'Uint16Array' },
  runAction: { action: 'string' },
  compareStart: { model: 'string', labels: 'array' },
  comparison: { model: 'string', diff: 'Uint8Array', transcripts: 'array', labels: 'object' },
  compareClosed: { 'error?': 'string' },
  attribution: {
    id: 'number', frame: 'number', 'windowFrames?': 'Int32Array', 'probs?': 'Float32Array', 'classCount?': 'number',
    'reason?': 'string', 'stale?': 'boolean',
  },
};

const WEBVIEW_TO_EXTENSION_FIELDS: Record<WebviewToExtension['type'], Record<string, FieldKind>> = {
  evaluationShown: { slot: 'number', figures: 'object' },
  knobsApplied: { values: 'object', edited: 'array', repliesSent: 'number', transcript: 'string', 'replies?': 'object', 'error?': 'string' },
  saveProfile: { profile: 'object' },
  reanalyse: { overrides: 'object' },
  compareModel: {},
  closeComparison: {},
  swapModels: {},
  bulkFetched: { uri: 'string' },
  ready: { protocol: 'number' },
  rendered: {
    frames: 'number', transcript: 'string', repliesSent: 'number', noHandFrames: 'number',
    windows: 'number', distributions: 'number', problems: 'number',
  },
  playhead: { frame: 'number' },
  requestRange: { start: 'number', end: 'number' },
  exportCsv: { name: 'string' },
  exportPng: { name: 'string', dataUrl: 'string' },
  record: { action: 'string' },
  follow: { on: 'boolean' },
  openLocation: { file: 'string', 'line?': 'number' },
  requestImage: { frame: 'number' },
  error: { message: 'string' },
  requestAttribution: { id: 'number', frame: 'number' },
};

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (ArrayBuffer.isView(value)) return Object.prototype.toString.call(value).slice(8, -1);
  return typeof value;
}

function checkFields(value: Record<string, unknown>, fields: Record<string, FieldKind>): string | null {
  for (const [key, kind] of Object.entries(fields)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    const v = value[name];
    if (v === undefined) {
      if (optional) continue;
      return `field '${name}' is missing (expected ${kind})`;
    }
    const actual = kindOf(v);
    if (actual !== kind) return `field '${name}' is ${actual} (expected ${kind})`;
  }
  return null;
}

/** Lengths of a frames/results message's arrays must match `count` (and `classCount`). */
function checkLengths(value: Record<string, unknown>): string | null {
  const count = value.count as number;
  if (!Number.isInteger(count) || count < 0) return `field 'count' is ${count} (expected an integer >= 0)`;
  const start = value.start as number;
  if (!Number.isInteger(start) || start < 0) return `field 'start' is ${start} (expected an integer >= 0)`;
  const expect = (name: string, length: number): string | null => {
    const arr = value[name] as ArrayLike<number> | undefined;
    if (arr === undefined) return null;
    return arr.length === length ? null : `field '${name}' has ${arr.length} values (expected ${length})`;
  };
  if (value.type === 'frames') {
    return expect('t', count) ?? expect('landmarks', count * VALUES_PER_FRAME) ?? expect('hasHand', count);
  }
  const classCount = value.classCount as number;
  if (!Number.isInteger(classCount) || classCount < 1) {
    return `field 'classCount' is ${classCount} (expected an integer >= 1)`;
  }
  if (value.provisional === true) {
    if (value.probs === undefined) return `field 'probs' is missing (expected Float32Array: provisional results are window distributions)`;
  } else {
    const missing = FINAL_RESULT_FIELDS.find((name) => value[name] === undefined);
    if (missing) return `field '${missing}' is missing (expected in final results)`;
  }
  for (const name of ['status', 'replyLetter', 'replyProb', 'sent', 'bufferFill', 'smoothingFill', 'target', 'emitted']) {
    const problem = expect(name, count);
    if (problem) return problem;
  }
  const problems = (value.problems ?? []) as Array<Partial<FrameProblemInfo>>;
  const bad = problems.findIndex(
    (p) => !p || typeof p.message !== 'string' || !Number.isInteger(p.frame) || p.frame! < start || p.frame! >= start + count,
  );
  if (bad >= 0) return `field 'problems' item ${bad} is not { frame: a frame in ${start}..${start + count - 1}, message: string }`;
  return expect('probs', count * classCount) ?? expect('smoothed', count * classCount);
}

/** An evaluation's per-frame columns have one value per scored frame, indices inside its confusion labels. */
function checkEvaluation(value: Record<string, unknown>): string | null {
  const figures = value.figures as { confusion?: { labels?: unknown; matrix?: unknown } };
  const labels = figures.confusion?.labels;
  if (!Array.isArray(labels) || !Array.isArray(figures.confusion?.matrix)) return `field 'figures.confusion' is not { labels: array, matrix: array }`;
  const frames = (value.scoredFrame as Int32Array).length;
  for (const name of ['scoredLabel', 'scoredPrediction']) {
    const column = value[name] as Uint16Array;
    if (column.length !== frames) return `field '${name}' has ${column.length} values (expected ${frames}, one per scored frame)`;
    const bad = column.findIndex((c) => c >= labels.length);
    if (bad >= 0) return `field '${name}' holds class ${column[bad]} at ${bad} (expected < ${labels.length}, the confusion labels)`;
  }
  return null;
}

function check<T>(
  value: unknown,
  table: Record<string, Record<string, FieldKind>>,
  direction: string,
): Checked<T> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: `${direction} message is ${kindOf(value)} (expected an object with a 'type')` };
  }
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(table, type)) {
    return {
      ok: false,
      error: `${direction} message has type ${JSON.stringify(type)} (expected one of ${Object.keys(table).join(', ')})`,
    };
  }
  const problem =
    checkFields(record, table[type]) ??
    (type === 'frames' || type === 'results' ? checkLengths(record) : type === 'evaluation' && direction === 'extension->webview' ? checkEvaluation(record) : null);
  if (problem) return { ok: false, error: `${direction} '${type}' message: ${problem}` };
  return { ok: true, message: value as T };
}

export function checkExtensionToWebview(value: unknown): Checked<ExtensionToWebview> {
  return check<ExtensionToWebview>(value, EXTENSION_TO_WEBVIEW_FIELDS, 'extension->webview');
}

export function checkWebviewToExtension(value: unknown): Checked<WebviewToExtension> {
  return check<WebviewToExtension>(value, WEBVIEW_TO_EXTENSION_FIELDS, 'webview->extension');
}

export function isWebviewToExtension(value: unknown): value is WebviewToExtension {
  return checkWebviewToExtension(value).ok;
}
