import { WebSocket } from 'ws';
import type { Session } from '../core/session/types';
import { TargetQueue } from '../core/session/targetQueue';
import { errorText } from '../core/errorText';
import type { SessionImages } from '../core/session/sessionImages';
import { COORDS_PER_POINT, POINT_COUNT } from '../core/hand/topology';
import { sessionFrames } from '../core/session/frameColumns';

export interface SendOptions {
  /** Frames per second to send at; absent: the session's own timestamps. */
  fps?: number;
  /** Quiet time to wait for late replies after the last frame, ms (default 1000). */
  lingerMs?: number;
  /** Give up connecting after this long, ms (default 5000). */
  connectTimeoutMs?: number;
  onReply?: (text: string, parsed: Record<string, unknown> | null) => void;
  signal?: AbortSignal;
  /**
   * Play the app's part: each frame's camera image as `{"jpeg_blob": <base64>, "new_word_letter": null}`
   * and target changes as `{"jpeg_blob": null, "new_word_letter": "B"}`, as the app sends them.
   */
  asApp?: SessionImages;
}

export interface SendSummary {
  framesSent: number;
  targetsSent: number;
  replies: number;
  errors: number;
  /** Labels of the backend replies, in order, with repeats collapsed (labels can be words: NOTHING, SPACE). */
  letters: string[];
  durationMs: number;
  /** Set when the server closed the connection before the end. */
  closedEarly: { code: number; reason: string } | null;
  /** Target changes to free mode, which the wire protocol cannot express. */
  skippedTargets: number;
  /** With asApp: frames that have no image, so the app could not have sent them. */
  skippedFrames: number;
}

/** Connecting failed: the address, and why, in one line. */
export class SendConnectError extends Error {
  constructor(url: string, detail: string) {
    super(`cannot reach ${url}: ${detail}`);
    this.name = 'SendConnectError';
  }
}

const CLOSE_CODES: Record<number, string> = {
  1000: 'normal closure',
  1001: 'server going away',
  1009: 'message too big',
  1013: 'try again later',
  1011: 'server error',
};

function connect(url: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    let socket: WebSocket;
    try {
      socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
    } catch (err) {
      reject(new SendConnectError(url, errorText(err)));
      return;
    }
    socket.once('open', () => resolve(socket));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      const detail = err.code === 'ECONNREFUSED' ? 'connection refused (is a server listening there?)' : err.message;
      reject(new SendConnectError(url, detail));
    });
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', done);
      clearTimeout(timer);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Streams a session to a live server speaking the protocol (ours, or a backend that takes landmarks):
 * target changes as `new_word_letter` messages before their frame, frames as `{"landmarks", "t"}` at the
 * session's pace (or at `fps`), and collects the replies.
 */
export async function sendSession(session: Session, url: string, options: SendOptions = {}): Promise<SendSummary> {
  const socket = await connect(url, options.connectTimeoutMs ?? 5000);
  const summary: SendSummary = {
    framesSent: 0, targetsSent: 0, replies: 0, errors: 0, letters: [], durationMs: 0, closedEarly: null, skippedTargets: 0, skippedFrames: 0,
  };
  const images = options.asApp;
  let lastReplyAt = Date.now();
  let closed = false;
  socket.on('message', (data) => {
    lastReplyAt = Date.now();
    summary.replies++;
    const text = data.toString();
    let parsed: Record<string, unknown> | null = null;
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) parsed = value as Record<string, unknown>;
    } catch {
      parsed = null;
    }
    if (!parsed || 'error' in parsed) summary.errors++;
    const letter = parsed?.maxarg_letter;
    if (typeof letter === 'string' && summary.letters[summary.letters.length - 1] !== letter) summary.letters.push(letter);
    options.onReply?.(text, parsed);
  });
  socket.on('close', (code, reason) => {
    if (!closed) summary.closedEarly = { code, reason: reason.toString() || CLOSE_CODES[code] || '' };
    closed = true;
  });
  socket.on('error', () => undefined);

  const started = Date.now();
  const frames = sessionFrames(session);
  const targets = new TargetQueue(session.targets);
  const t0 = frames.length ? frames[0].t : 0;
  const sendTargetsBefore = (index: number) => {
    for (let change = targets.nextBefore(index); change; change = targets.nextBefore(index)) {
      const letter = change.letter;
      if (letter === null) {
        summary.skippedTargets++;
        continue;
      }
      socket.send(JSON.stringify(images ? { jpeg_blob: null, new_word_letter: letter } : { new_word_letter: letter }));
      summary.targetsSent++;
    }
  };
  for (let i = 0; i < frames.length && !closed && !options.signal?.aborted; i++) {
    const frame = frames[i];
    const due = options.fps ? (i * 1000) / options.fps : frame.t - t0;
    await sleep(started + due - Date.now(), options.signal);
    if (closed || options.signal?.aborted) break;
    sendTargetsBefore(i);
    if (images) {
      const image = await images.read(frame.index);
      if (!image) summary.skippedFrames++;
      else {
        socket.send(JSON.stringify({ jpeg_blob: Buffer.from(image.bytes).toString('base64'), new_word_letter: null }));
        summary.framesSent++;
      }
      continue;
    }
    const hand = frame.hands[0];
    const landmarks = hand ? Array.from({ length: POINT_COUNT }, (_, p) => Array.from(hand.landmarks.subarray(p * COORDS_PER_POINT, (p + 1) * COORDS_PER_POINT))) : null;
    socket.send(JSON.stringify({ landmarks, t: frame.t }));
    summary.framesSent++;
  }
  if (!closed) sendTargetsBefore(Number.POSITIVE_INFINITY);
  // Late replies: wait until the line has been quiet for `lingerMs`.
  const linger = options.lingerMs ?? 1000;
  lastReplyAt = Math.max(lastReplyAt, Date.now());
  while (!closed && !options.signal?.aborted && Date.now() - lastReplyAt < linger) {
    await sleep(Math.min(50, linger - (Date.now() - lastReplyAt)), options.signal);
  }
  summary.durationMs = Date.now() - started;
  if (!closed) {
    closed = true;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.close(1000, 'session sent');
      setTimeout(resolve, 1000).unref();
    });
  }
  return summary;
}
