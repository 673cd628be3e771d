import type { FramesMessage, ResultsMessage, TargetSpan } from '../protocol/messages';
import { VALUES_PER_FRAME } from '../core/hand/topology';

/**
 * A bounded store's view of the messages it receives: their frames in index numbering (index 0 is session
 * frame `dropped`), without the frames already dropped.
 */

export function heldFrames(m: FramesMessage, dropped: number): FramesMessage {
  if (dropped === 0) return m;
  const skip = Math.max(0, Math.min(m.count, dropped - m.start));
  return {
    ...m,
    start: m.start - dropped + skip,
    count: m.count - skip,
    t: m.t.subarray(skip),
    landmarks: m.landmarks.subarray(skip * VALUES_PER_FRAME),
    hasHand: m.hasHand.subarray(skip),
  };
}

/** `transcriptBefore` hears of each transcript change at a dropped frame, in order. */
export function heldResults(m: ResultsMessage, dropped: number, classCount: number, transcriptBefore: (text: string) => void): ResultsMessage {
  if (dropped === 0) return m;
  const skip = Math.max(0, Math.min(m.count, dropped - m.start));
  const cut = <T extends Float32Array | Uint8Array | Int16Array>(a: T | undefined, per = 1): T | undefined => a && (a.subarray(skip * per) as T);
  return {
    ...m,
    start: m.start - dropped + skip,
    count: m.count - skip,
    status: cut(m.status)!,
    probs: cut(m.probs, classCount),
    smoothed: cut(m.smoothed, classCount),
    replyLetter: cut(m.replyLetter),
    replyProb: cut(m.replyProb),
    sent: cut(m.sent),
    bufferFill: cut(m.bufferFill)!,
    smoothingFill: cut(m.smoothingFill)!,
    target: cut(m.target)!,
    emitted: cut(m.emitted),
    transcript: m.transcript.flatMap((x) => {
      const frame = x.frame - dropped;
      if (frame >= 0) return [{ frame, text: x.text }];
      transcriptBefore(x.text);
      return [];
    }),
    ...(m.targetReplies ? { targetReplies: m.targetReplies.map((r) => ({ ...r, frame: r.frame - dropped })).filter((r) => r.frame >= 0) } : {}),
  };
}

/**
 * Target spans in index numbering, in order: spans before index 0 are dropped except the one in force
 * there, which starts at 0.
 */
export function heldTargets(spans: TargetSpan[]): TargetSpan[] {
  const sorted = [...spans].sort((a, b) => a.frame - b.frame);
  const first = sorted.findIndex((s) => s.frame > 0);
  const from = first < 0 ? sorted.length - 1 : Math.max(0, first - 1);
  return sorted.slice(Math.max(0, from)).map((s) => (s.frame < 0 ? { ...s, frame: 0 } : s));
}
