import type { LabelSpan } from '../core/session/types';
import { SessionEvaluator, type SessionEvaluatorOptions } from '../core/evaluation/sessionEvaluator';
import type { SessionEvaluation } from '../core/evaluation/types';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import type { ResultsEntry } from './resultsCodec';

/** Frames built from the entry's columns at a time: an hour's results are never objects all at once. */
const FRAMES_PER_STEP = 4096;

/**
 * Evaluates a finished analysis (a results entry, fresh or from the cache) against the session's label
 * spans, exactly as `evaluate` evaluates its analysis of the same session: the same SessionEvaluator fed
 * the same final results in session order, and the last frame's transcript.
 */
export async function evaluateResults(
  spans: readonly LabelSpan[],
  entry: Pick<ResultsEntry, 'count' | 'frames'>,
  classLabels: readonly string[],
  options: SessionEvaluatorOptions = {},
): Promise<SessionEvaluation> {
  const evaluator = new SessionEvaluator(spans, classLabels, options);
  let transcript = '';
  for (let start = 0; start < entry.count; start += FRAMES_PER_STEP) {
    const frames = entry.frames(start, Math.min(entry.count, start + FRAMES_PER_STEP));
    for (const frame of frames) evaluator.add(frame);
    if (frames.length) transcript = frames[frames.length - 1].transcript;
    if (start + FRAMES_PER_STEP < entry.count) await yieldToEventLoop();
  }
  return evaluator.finish(transcript);
}
