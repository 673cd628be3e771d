import { VALUES_PER_FRAME } from '../hand/topology';
import type { HandObservation } from '../hand/types';
import { SessionError } from './sessionError';
import type { LabelSpan, Session, SessionHeader } from './types';
import { TargetQueue } from './targetQueue';
import { sessionFrames } from './frameColumns';

/**
 * Formatting of single lines of a `*.landmarks.jsonl` file (without the trailing newline).
 * Every formatter refuses values that would not read back (NaN, Infinity, wrong point counts):
 * JSON.stringify would silently turn NaN into null.
 */

function invalid(what: string, detail: string): never {
  throw new SessionError('invalid-record', what, detail);
}

function checkTime(what: string, field: string, t: number): void {
  if (typeof t !== 'number' || !Number.isFinite(t)) invalid(what, `${field}: expected a finite number of milliseconds, found ${String(t)}`);
}

export function formatHeaderLine(header: Omit<SessionHeader, 'type' | 'format' | 'version'> & Partial<SessionHeader>): string {
  const { type: _t, format: _f, version: _v, ...rest } = header;
  if (rest.fps !== undefined && !(typeof rest.fps === 'number' && Number.isFinite(rest.fps) && rest.fps > 0)) {
    invalid('header', `fps: expected a positive number, found ${String(rest.fps)}`);
  }
  return JSON.stringify({ type: 'header', format: 'landmark-session', version: 1, ...rest });
}

/** A coordinate as JSON; -0 stays -0 (valid JSON) so values read back exactly as they were. */
const num = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

function formatLandmarks(what: string, field: string, values: ArrayLike<number>): string {
  if (values.length !== VALUES_PER_FRAME) invalid(what, `${field}: expected ${VALUES_PER_FRAME} values (21 points x 3), found ${values.length}`);
  const points: string[] = [];
  for (let p = 0; p < VALUES_PER_FRAME; p += 3) {
    for (let c = 0; c < 3; c++) {
      const v = values[p + c];
      if (typeof v !== 'number' || !Number.isFinite(v)) invalid(what, `${field}[${p / 3}][${c}]: expected a finite number, found ${String(v)}`);
    }
    points.push(`[${num(values[p])},${num(values[p + 1])},${num(values[p + 2])}]`);
  }
  return `[${points.join(',')}]`;
}

function formatHand(what: string, index: number, hand: HandObservation): string {
  const parts: string[] = [];
  if (hand.handedness !== undefined) {
    if (hand.handedness !== 'Left' && hand.handedness !== 'Right') invalid(what, `hands[${index}].handedness: expected "Left" or "Right"`);
    parts.push(`"handedness":"${hand.handedness}"`);
  }
  if (hand.score !== undefined) {
    if (!Number.isFinite(hand.score)) invalid(what, `hands[${index}].score: expected a finite number, found ${String(hand.score)}`);
    parts.push(`"score":${hand.score}`);
  }
  parts.push(`"landmarks":${formatLandmarks(what, `hands[${index}].landmarks`, hand.landmarks)}`);
  return `{${parts.join(',')}}`;
}

/** The long frame form; `hands: []` for a frame without a hand. */
export function formatFrameLine(frame: { t: number; hands: readonly HandObservation[] }): string {
  const what = `frame at t=${String(frame.t)}`;
  checkTime(what, 't', frame.t);
  const hands = frame.hands.map((h, i) => formatHand(what, i, h));
  return `{"type":"frame","t":${frame.t},"hands":[${hands.join(',')}]}`;
}

export function formatTargetLine(target: { t: number; letter: string | null }): string {
  checkTime('target', 't', target.t);
  if (target.letter !== null && (typeof target.letter !== 'string' || target.letter.length === 0)) {
    invalid('target', 'letter: expected a non-empty string or null');
  }
  return JSON.stringify({ type: 'target', t: target.t, letter: target.letter });
}

export function formatLabelLine(label: { t0: number; t1: number; text: string }): string {
  checkTime('label', 't0', label.t0);
  checkTime('label', 't1', label.t1);
  if (label.t1 < label.t0) invalid('label', `t1: expected t1 >= t0 (${label.t0}), found ${label.t1}`);
  if (typeof label.text !== 'string') invalid('label', 'text: expected a string');
  return JSON.stringify({ type: 'label', t0: label.t0, t1: label.t1, text: label.text });
}

export function formatReplyLine(reply: { t: number; reply: Record<string, unknown> }): string {
  checkTime('reply', 't', reply.t);
  if (typeof reply.reply !== 'object' || reply.reply === null || Array.isArray(reply.reply)) {
    invalid('reply', 'reply: expected the reply object as sent');
  }
  return JSON.stringify({ type: 'reply', t: reply.t, reply: reply.reply });
}

type SerializableSession = Pick<Session, 'header' | 'frames' | 'targets' | 'labels'> & Partial<Pick<Session, 'replies'>>;

/**
 * The lines of a whole session, header first, then frames with targets, replies and labels at
 * their places in time order (targets before the frame they precede, labels at their start time).
 */
export function serializeSession(session: SerializableSession): string[] {
  return [...sessionLines(session)];
}

/** serializeSession one line at a time, for writing long sessions without holding every line. */
export function* sessionLines(session: SerializableSession): Generator<string> {
  yield formatHeaderLine(session.header);
  const targets = new TargetQueue(session.targets);
  const replies = [...(session.replies ?? [])].sort((a, b) => a.afterFrame - b.afterFrame);
  const labels: LabelSpan[] = [...session.labels].sort((a, b) => a.t0 - b.t0);
  let ri = 0;
  let li = 0;
  while (ri < replies.length && replies[ri].afterFrame < 0) yield formatReplyLine(replies[ri++]);
  const frames = sessionFrames(session);
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i];
    for (let change = targets.nextBefore(i); change; change = targets.nextBefore(i)) yield formatTargetLine(change);
    while (li < labels.length && labels[li].t0 <= frame.t) yield formatLabelLine(labels[li++]);
    yield formatFrameLine(frame);
    while (ri < replies.length && replies[ri].afterFrame <= i) yield formatReplyLine(replies[ri++]);
  }
  for (let change = targets.nextBefore(Infinity); change; change = targets.nextBefore(Infinity)) yield formatTargetLine(change);
  while (li < labels.length) yield formatLabelLine(labels[li++]);
  while (ri < replies.length) yield formatReplyLine(replies[ri++]);
}
