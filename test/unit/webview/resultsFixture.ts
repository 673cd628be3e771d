import { STATUS_READY, type ResultsMessage } from '../../../src/protocol/messages';

/** One frame's result as a test states it; what it leaves out is the pipeline's "nothing" for that field. */
export interface ResultRow {
  status?: number;
  /** The window's distribution (uniform when left out). */
  probs?: number[];
  smoothed?: number[];
  /** Class index of the target in force. */
  target?: number;
  /** Class index of the reply's letter; its probability is the smoothed one. */
  reply?: number;
  sent?: boolean;
}

/** A `results` message for frames [start, start + rows.length), as the extension posts it. */
export function resultsMessage(start: number, classCount: number, rows: ResultRow[], extra: Partial<ResultsMessage> = {}): ResultsMessage {
  const count = rows.length;
  const perClass = (pick: (r: ResultRow) => number[] | undefined, fill: number) =>
    Float32Array.from(rows.flatMap((r) => pick(r) ?? new Array<number>(classCount).fill(fill)));
  const smoothed = perClass((r) => r.smoothed, NaN);
  return {
    type: 'results',
    start,
    count,
    classCount,
    status: Uint8Array.from(rows, (r) => r.status ?? STATUS_READY),
    probs: perClass((r) => r.probs, 1 / classCount),
    smoothed,
    replyLetter: Int16Array.from(rows, (r) => r.reply ?? -1),
    replyProb: Float32Array.from(rows, (r, i) => (r.reply === undefined ? NaN : smoothed[i * classCount + r.reply])),
    sent: Uint8Array.from(rows, (r) => (r.sent ? 1 : 0)),
    bufferFill: new Uint8Array(count),
    smoothingFill: new Uint8Array(count),
    target: Int16Array.from(rows, (r) => r.target ?? -1),
    emitted: new Int16Array(count).fill(-1),
    transcript: [],
    ...extra,
  };
}
