import type { OpenedSession } from '../analysis/openSession';
import type { ReplayAnalysis } from '../analysis/replayAnalysis';
import type { ResultsEntry } from '../analysis/resultsCodec';
import type { SessionEvaluation } from '../core/evaluation/types';
import type { ComparisonMessage } from '../protocol/messages';
import type { AttributionQueue } from './attributionQueue';

/** One replay panel's session in the worker, its analysis and what the panel is sent again on a reload. */
export interface ReplayDocument {
  doc: number;
  path: string;
  opened: OpenedSession;
  /** Counts sendFrames requests: a newer one stops an older one's loop. */
  sends: number;
  analysis: ReplayAnalysis | null;
  /** Every frame's results, once an analysis finished. */
  result: ResultsEntry | null;
  labels: readonly string[];
  /** The name of the model analysed with. */
  modelName: string;
  /** The finished analysis evaluated against the session's labels (null without label lines), and the model's name. */
  evaluation: { value: SessionEvaluation; model: string } | null;
  /** The comparison with another model: its analysis while it runs, then what a reloaded webview is sent again. */
  compare: Comparison | null;
  closed: boolean;
  attributions: AttributionQueue;
}

export interface Comparison {
  model: string;
  labels: readonly string[];
  analysis: ReplayAnalysis | null;
  result: ResultsEntry | null;
  evaluation: SessionEvaluation | null;
  message: ComparisonMessage | null;
}

/** The document's finished analysis; throws when it has not finished. */
export function finishedResults(document: ReplayDocument): ResultsEntry {
  if (!document.result) throw new Error(`replay document ${document.doc} has not finished its analysis`);
  return document.result;
}
