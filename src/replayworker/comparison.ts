import type { FrameResult } from '../core/pipeline/types';
import type { LabelSpan } from '../core/session/types';
import { frameDifference } from '../core/evaluation/frameDifferences';
import { compareEvaluations, labelSetDifference } from '../core/evaluation/compareEvaluations';
import type { SessionEvaluation } from '../core/evaluation/types';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import type { ComparisonMessage } from '../protocol/messages';
import type { ResultsEntry } from '../analysis/resultsCodec';
import { evaluateResults } from '../analysis/evaluateResults';

const FRAMES_PER_STEP = 4096;

/** One model's finished analysis of the session, for the comparison. */
export interface ComparedAnalysis {
  model: string;
  labels: readonly string[];
  /** Its results (a results entry, or any frames in session order). */
  result: Pick<ResultsEntry, 'count' | 'frames'>;
}

/**
 * The comparison of two finished analyses of one session: the per-frame differences (diff lane), both
 * transcripts and, for a labelled session, both evaluations (on the shared labels when the label sets
 * differ, as `evaluate` does) with the second's minus the first's. Also returns the second's own
 * evaluation on all its labels (its metrics and confusion), null without labels.
 */
export async function compareAnalyses(
  spans: readonly LabelSpan[],
  first: ComparedAnalysis,
  second: ComparedAnalysis,
): Promise<{ message: ComparisonMessage; secondEvaluation: SessionEvaluation | null }> {
  const count = Math.min(first.result.count, second.result.count);
  const diff = new Uint8Array(first.result.count);
  let lastA: FrameResult | undefined;
  let lastB: FrameResult | undefined;
  for (let start = 0; start < count; start += FRAMES_PER_STEP) {
    const end = Math.min(count, start + FRAMES_PER_STEP);
    const a = first.result.frames(start, end);
    const b = second.result.frames(start, end);
    for (let i = 0; i < a.length; i++) diff[start + i] = frameDifference(a[i], first.labels, b[i], second.labels);
    lastA = a[a.length - 1];
    lastB = b[b.length - 1];
    await yieldToEventLoop();
  }
  const labels = labelSetDifference(first.labels, second.labels);
  let figures: ComparisonMessage['figures'] = null;
  let secondEvaluation: SessionEvaluation | null = null;
  if (spans.length > 0) {
    secondEvaluation = await evaluateResults(spans, second.result, second.labels);
    const options = labels.same ? {} : { scoredLabels: labels.shared };
    const [a, b] = await Promise.all([
      evaluateResults(spans, first.result, first.labels, options),
      labels.same ? Promise.resolve(secondEvaluation) : evaluateResults(spans, second.result, second.labels, options),
    ]);
    figures = { scoredOn: labels.same ? 'all labels' : 'shared labels', first: withoutFacts(a), second: withoutFacts(b), delta: compareEvaluations(a, b) };
  }
  return {
    message: {
      type: 'comparison',
      model: second.model,
      diff,
      transcripts: [lastA?.transcript ?? '', lastB?.transcript ?? ''],
      labels,
      figures,
    },
    secondEvaluation,
  };
}

function withoutFacts(e: SessionEvaluation): Omit<SessionEvaluation, 'scored'> {
  const { scored: _scored, ...figures } = e;
  return figures;
}
