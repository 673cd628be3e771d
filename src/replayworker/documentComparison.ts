import type { FrameResult } from '../core/pipeline/types';
import { errorText } from '../core/errorText';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import type { ExtensionToWebview } from '../protocol/messages';
import type { ReplayAnalysis } from '../analysis/replayAnalysis';
import type { LoadedModel } from '../model/loadedModel';
import type { AnalysedOutcome } from './protocol';
import { finalResultsInChunks, finalResultsMessage } from './resultsMessages';
import { evaluationMessage } from './evaluationMessages';
import { compareAnalyses } from './comparison';
import { finishedResults, type Comparison, type ReplayDocument } from './replayDocument';

/** What a comparison needs of the worker: its models, a cached analysis of a document, its outbox. */
export interface ComparisonServices {
  model(key: string): Promise<LoadedModel>;
  cachedAnalysis(document: ReplayDocument, model: LoadedModel): ReplayAnalysis;
  post(doc: number, message: ExtensionToWebview): void;
}

/**
 * Analyses the session with a second model through the same cached, batched analysis, once the panel's
 * own analysis finished: its final results go as slot-1 `results` messages, then its evaluation and the
 * comparison (diff lane, transcripts, figures side by side). A newer comparison or a close replaces it.
 */
export async function compareDocument(services: ComparisonServices, document: ReplayDocument, modelKey: string): Promise<AnalysedOutcome> {
  const first = finishedResults(document);
  closeComparison(document, services.post, false);
  const { doc } = document;
  const post = (message: ExtensionToWebview) => services.post(doc, message);
  const model = await services.model(modelKey);
  const analysis = services.cachedAnalysis(document, model);
  const compare: Comparison = { model: model.displayName, labels: model.resolved.profile.labels, analysis, result: null, evaluation: null, message: null };
  document.compare = compare;
  const current = () => document.compare === compare && !document.closed;
  post({ type: 'compareStart', model: compare.model, labels: [...compare.labels] });
  try {
    const noop = () => undefined;
    const outcome = await analysis.run({
      targets: noop,
      provisional: noop,
      final: (frames: FrameResult[], previousTranscript: string) => {
        if (current()) post({ ...finalResultsMessage(frames, compare.labels, previousTranscript, []), slot: 1 });
      },
      progress: noop,
    });
    if (!current()) throw new Error('the comparison was closed or replaced');
    compare.result = outcome.result;
    const { message, secondEvaluation } = await compareAnalyses(
      document.opened.session.labels,
      { model: document.modelName, labels: document.labels, result: first },
      { model: compare.model, labels: compare.labels, result: outcome.result },
    );
    if (!current()) throw new Error('the comparison was closed or replaced');
    compare.evaluation = secondEvaluation;
    compare.message = message;
    if (secondEvaluation) post(evaluationMessage(secondEvaluation, 1, compare.model));
    post({ ...message, diff: message.diff.slice() });
    return { fromCache: outcome.fromCache, modelCalls: outcome.modelCalls, windows: outcome.result.windows, cacheError: outcome.cacheError };
  } catch (error) {
    if (current()) {
      closeComparison(document, services.post, false);
      post({ type: 'compareClosed', error: errorText(error) });
    }
    throw error;
  } finally {
    compare.analysis = null;
  }
}

/** Stops and forgets the document's comparison; `tell`: the webview is told it closed. */
export function closeComparison(document: ReplayDocument, post: (doc: number, message: ExtensionToWebview) => void, tell = true): void {
  const compare = document.compare;
  if (!compare) return;
  compare.analysis?.cancel();
  compare.result?.release();
  document.compare = null;
  if (tell) post(document.doc, { type: 'compareClosed' });
}

/**
 * Sends a reloaded webview the finished comparison again, `chunk` frames a message; stops when `current`
 * says the webview was reloaded again or the document closed.
 */
export async function resendComparison(document: ReplayDocument, chunk: number, post: (doc: number, message: ExtensionToWebview) => void, current: () => boolean): Promise<void> {
  const compare = document.compare;
  if (!compare?.result || !compare.message) return;
  const { doc } = document;
  post(doc, { type: 'compareStart', model: compare.model, labels: [...compare.labels] });
  for (const message of finalResultsInChunks(compare.result, compare.labels, chunk)) {
    if (!current() || document.compare !== compare) return;
    post(doc, { ...message, slot: 1 });
    await yieldToEventLoop();
  }
  if (compare.evaluation) post(doc, evaluationMessage(compare.evaluation, 1, compare.model));
  post(doc, { ...compare.message, diff: compare.message.diff.slice() });
}
