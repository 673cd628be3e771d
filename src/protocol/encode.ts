/**
 * Builds `frames` and `results` messages from the core's session and pipeline results, so every
 * sender (replay panel, live panel, tests) packs the typed arrays the same way.
 */
import type { Session, SessionFrame } from '../core/session/types';
import { frameObjectsSource, type FrameSource } from '../core/session/frameSource';
import type { FrameResult, FrameStatus } from '../core/pipeline/types';
import {
  STATUS_BUFFERING,
  STATUS_NO_HAND,
  STATUS_READY,
  STATUS_SMOOTHING,
  type FramesMessage,
  type ResultsMessage,
  type TargetSpan,
  type LabelSpanInfo,
  type TranscriptChange,
  type FrameProblemInfo,
} from './messages';
import { VALUES_PER_FRAME } from '../core/hand/topology';


const STATUS_CODES: Record<FrameStatus, number> = {
  'no-hand': STATUS_NO_HAND,
  buffering: STATUS_BUFFERING,
  smoothing: STATUS_SMOOTHING,
  ready: STATUS_READY,
};

export function targetSpans(session: Session): TargetSpan[] {
  return session.targets.map((t) => ({ frame: t.beforeFrame, t: t.t, letter: t.letter }));
}

export function labelSpans(session: Session): LabelSpanInfo[] {
  return session.labels.map((l) => ({ t0: l.t0, t1: l.t1, text: l.text }));
}

/**
 * Frames per `frames` message when a whole session is sent: an hour's landmarks are ~27 MB, and one
 * message of them (copied, and compressed on remote connections) would hold the extension host far too long.
 * The message around the playhead goes first and the first results wait for it, so it is kept small: its
 * landmarks are read from a snapshot into new memory before it can be built.
 */
export const FRAMES_PER_MESSAGE = 2048;

export type FramesExtra = Pick<FramesMessage, 'targets' | 'labelSpans' | 'totalFrames' | 'camera'>;

/** Frames [start, start + frames.length) with their first hand's landmarks. */
export function encodeFrames(frames: readonly SessionFrame[], start: number, extra: FramesExtra = {}): FramesMessage {
  return encodeFrameRange(frameObjectsSource(frames, start), start, start + frames.length, extra);
}

/** Frames [start, end) of `source` with their first hand's landmarks (NaN and hasHand 0 without one). */
export function encodeFrameRange(source: Pick<FrameSource, 't' | 'firstHand' | 'copyFirstHands'>, start: number, end: number, extra: FramesExtra = {}): FramesMessage {
  const count = end - start;
  const t = new Float64Array(count);
  const landmarks = new Float32Array(count * VALUES_PER_FRAME).fill(NaN);
  const hasHand = new Uint8Array(count);
  for (let i = 0; i < count; i++) t[i] = source.t(start + i);
  if (source.copyFirstHands) {
    source.copyFirstHands(start, end, landmarks, hasHand);
  } else {
    for (let i = 0; i < count; i++) {
      const hand = source.firstHand(start + i);
      if (!hand) continue;
      hasHand[i] = 1;
      for (let v = 0; v < VALUES_PER_FRAME; v++) landmarks[i * VALUES_PER_FRAME + v] = hand[v];
    }
  }
  return { type: 'frames', start, count, t, landmarks, hasHand, ...extra };
}

/**
 * Results of consecutive frames, the first being frame `start`. `previousTranscript` is the transcript
 * before `start` (so a change at the chunk's first frame is detected); '' for the session's start.
 * `probs: false` leaves the distributions out (provisional results of these frames gave them).
 */
export function encodeResults(
  results: readonly FrameResult[],
  start: number,
  labels: readonly string[],
  previousTranscript = '',
  { probs: withProbs = true }: { probs?: boolean } = {},
): ResultsMessage {
  const count = results.length;
  const classCount = labels.length;
  const classIndex = new Map(labels.map((label, i) => [label, i]));
  const known = encodeKnownBeforeSmoothing(results, classCount, classIndex, withProbs);
  const smoothed = new Float32Array(count * classCount).fill(NaN);
  const replyLetter = new Int16Array(count).fill(-1);
  const replyProb = new Float32Array(count).fill(NaN);
  const sent = new Uint8Array(count);
  const emitted = new Int16Array(count).fill(-1);
  const transcript: TranscriptChange[] = [];
  const problems: FrameProblemInfo[] = [];
  let text = previousTranscript;
  for (let i = 0; i < count; i++) {
    const r = results[i];
    if (r.problem !== undefined) problems.push({ frame: start + i, message: r.problem });
    if (r.smoothed) smoothed.set(r.smoothed.subarray(0, classCount), i * classCount);
    if (r.response) {
      replyLetter[i] = classIndex.get(r.response.maxarg_letter) ?? -1;
      replyProb[i] = r.response.target_arg_prob;
    }
    sent[i] = r.sent ? 1 : 0;
    if (r.emitted !== null) emitted[i] = classIndex.get(r.emitted) ?? -1;
    if (r.transcript !== text) {
      text = r.transcript;
      transcript.push({ frame: start + i, text });
    }
  }
  const message: ResultsMessage = { type: 'results', start, count, classCount, ...known, smoothed, replyLetter, replyProb, sent, emitted, transcript };
  if (problems.length) message.problems = problems;
  return message;
}

/**
 * Provisional results of consecutive window frames, the first being frame `start`: what is known before the
 * pipeline's sequential pass (status, the window's distribution, fills, target).
 */
export function encodeWindowResults(results: readonly FrameResult[], start: number, labels: readonly string[]): ResultsMessage {
  const classIndex = new Map(labels.map((label, i) => [label, i]));
  return { type: 'results', start, count: results.length, classCount: labels.length, ...encodeKnownBeforeSmoothing(results, labels.length, classIndex, true), transcript: [], provisional: true };
}

function encodeKnownBeforeSmoothing(
  results: readonly FrameResult[],
  classCount: number,
  classIndex: ReadonlyMap<string, number>,
  withProbs: boolean,
): Pick<ResultsMessage, 'status' | 'probs' | 'bufferFill' | 'smoothingFill' | 'target'> {
  const count = results.length;
  const status = new Uint8Array(count);
  const probs = withProbs ? new Float32Array(count * classCount).fill(NaN) : undefined;
  const bufferFill = new Uint8Array(count);
  const smoothingFill = new Uint8Array(count);
  const target = new Int16Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    const r = results[i];
    status[i] = STATUS_CODES[r.status];
    if (probs && r.probs) probs.set(r.probs.subarray(0, classCount), i * classCount);
    bufferFill[i] = r.bufferFill;
    smoothingFill[i] = r.smoothingFill;
    if (r.target !== null) target[i] = classIndex.get(r.target) ?? -1;
  }
  return probs ? { status, probs, bufferFill, smoothingFill, target } : { status, bufferFill, smoothingFill, target };
}
