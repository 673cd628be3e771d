import type { FrameResult, TargetChangeResult } from '../core/pipeline/types';
import { encodeResults, encodeWindowResults } from '../protocol/encode';
import type { ResultsMessage } from '../protocol/messages';
import type { ResultsEntry } from '../analysis/resultsCodec';

/** Splits frames (ascending) into runs of consecutive frame numbers, as `results` messages need. */
export function consecutiveRuns(frames: readonly FrameResult[]): FrameResult[][] {
  const runs: FrameResult[][] = [];
  for (const frame of frames) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1].frame + 1 === frame.frame) run.push(frame);
    else runs.push([frame]);
  }
  return runs;
}

/**
 * A `results` message for consecutive final results, with the target-change replies inside its range;
 * without the distributions when `distributionsSent` (provisional results of these frames gave them).
 */
export function finalResultsMessage(
  frames: readonly FrameResult[],
  labels: readonly string[],
  previousTranscript: string,
  targetChanges: readonly TargetChangeResult[],
  distributionsSent = false,
): ResultsMessage {
  const start = frames[0].frame;
  const end = start + frames.length;
  const message = encodeResults(frames, start, labels, previousTranscript, { probs: !distributionsSent });
  const replies = targetChanges
    .filter((c) => c.beforeFrame >= start && c.beforeFrame < end)
    .map((c) => ({ frame: c.beforeFrame, t: c.t, reply: c.response }));
  if (replies.length) message.targetReplies = replies;
  return message;
}

/**
 * A `results` message for window distributions known before the sequential pass: status, buffer
 * fills and `probs` are final, smoothing, replies and transcript come with the final results.
 */
export function provisionalResultsMessage(frames: readonly FrameResult[], labels: readonly string[]): ResultsMessage {
  return encodeWindowResults(frames, frames[0].frame, labels);
}

/**
 * `results` messages for results already known (a reloaded webview), `chunk` frames each, in session
 * order. Frames are built from the entry's columns one chunk at a time.
 */
export function* finalResultsInChunks(results: ResultsEntry, labels: readonly string[], chunk: number): Generator<ResultsMessage> {
  const size = Math.max(1, Math.floor(chunk));
  for (let start = 0; start < results.count; start += size) {
    yield finalResultsMessage(results.frames(start, start + size), labels, results.transcriptBefore(start), results.targetChanges);
  }
}
