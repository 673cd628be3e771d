import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { FrameResult, TargetChangeResult } from '../core/pipeline/types';
import { csvLines } from '../core/pipeline/formatAnalysis';
import { isSessionError } from '../core/session/sessionError';
import { frameColumnsOf } from '../core/session/frameColumns';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import { FRAMES_PER_MESSAGE, labelSpans, targetSpans } from '../protocol/encode';
import type { ExtensionToWebview } from '../protocol/messages';
import { openSession, type OpenedSession } from '../analysis/openSession';
import { ReplayAnalysis } from '../analysis/replayAnalysis';
import { resultsCacheKey } from '../analysis/cacheKey';
import { ResultsCache } from '../analysis/resultsCache';
import { replayOfEntry, type ResultsEntry } from '../analysis/resultsCodec';
import { SessionSnapshotCache } from '../analysis/sessionSnapshotCache';
import { frameCount, framesMessage } from '../analysis/sessionFrames';
import { nearestChunk } from '../analysis/playheadOrder';
import { consecutiveRuns, finalResultsInChunks, finalResultsMessage, provisionalResultsMessage } from './resultsMessages';
import { problemInfos, sessionInfo } from './sessionInfo';
import { ModelLoadError, type LoadedModel } from '../model/loadedModel';
import { Outbox } from './outbox';
import { ReplayModels } from './replayModels';
import { AttributionQueue } from './attributionQueue';
import { attributeInWorker } from './attributeInWorker';
import {
  isWorkerRequest,
  type AnalyseOptions,
  type AnalysedOutcome,
  type LogLevel,
  type ReplayWorkerData,
  type SessionSummary,
  type ToWorker,
  type WorkerEvent,
  type WorkerRequest,
} from './protocol';
import { errorText } from '../core/errorText';
import { NonFiniteInputError } from '../core/pipeline/windowStage';
import type { SessionEvaluation } from '../core/evaluation/types';
import { evaluateResults } from '../analysis/evaluateResults';
import { evaluationMessage } from './evaluationMessages';
import { compareAnalyses } from './comparison';
import type { ComparisonMessage } from '../protocol/messages';

interface Document {
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

interface Comparison {
  model: string;
  labels: readonly string[];
  analysis: ReplayAnalysis | null;
  result: ResultsEntry | null;
  evaluation: SessionEvaluation | null;
  message: ComparisonMessage | null;
}

/** Lines of the CSV export written at a time. */
const CSV_LINES_PER_WRITE = 4096;


/**
 * The replay worker's work: each replay panel's session (read, snapshot, frames messages) and its
 * analysis (ReplayAnalysis, results messages, cache, CSV), kept here so that none of it runs on, or
 * allocates in, the extension host's main thread. Documents are what the main thread numbered them.
 */
export class ReplayDocuments {
  private readonly docs = new Map<number, Document>();
  private readonly cache: ResultsCache;
  private readonly snapshots: SessionSnapshotCache | undefined;
  private readonly outbox: Outbox;
  private readonly models: ReplayModels;

  constructor(
    data: ReplayWorkerData,
    private readonly send: (event: WorkerEvent, transfer: ArrayBuffer[]) => void,
  ) {
    this.cache = new ResultsCache(data.resultsCacheDir);
    this.snapshots = data.snapshotDir ? new SessionSnapshotCache(data.snapshotDir) : undefined;
    this.outbox = new Outbox(send, data.bulkDir ? { dir: data.bulkDir, onError: (text) => this.log('warn', text) } : undefined);
    this.models = new ReplayModels(data.modelHosts, (message) => this.log('error', `model host: ${message}`));
  }

  handle(message: ToWorker): void {
    if (isWorkerRequest(message)) {
      void this.answer(message);
      return;
    }
    switch (message.op) {
      case 'playhead':
        this.docs.get(message.doc)?.analysis?.setPlayhead(message.frame);
        return;
      case 'posted':
        this.outbox.acknowledge();
        return;
      case 'bulkFetched':
        this.outbox.fetched(message.file);
        return;
    }
  }

  private async answer(request: WorkerRequest): Promise<void> {
    try {
      const value = await this.perform(request);
      this.outbox.event({ event: 'reply', id: request.id, ok: true, value });
    } catch (error) {
      const modelError = error instanceof ModelLoadError ? { modelPath: error.modelPath, reason: error.reason } : undefined;
      const inputFrame = error instanceof NonFiniteInputError ? error.frame : undefined;
      this.outbox.event({ event: 'reply', id: request.id, ok: false, error: errorText(error), modelError, inputFrame });
    }
  }

  private perform(request: WorkerRequest): Promise<unknown> {
    switch (request.op) {
      case 'loadModel':
        return this.models.load(request.path, request.displayName, request.overrides);
      case 'loadCompareModel':
        return this.models.loadCompare(request.path, request.displayName, request.profileFile);
      case 'compare':
        return this.compare(this.document(request.doc), request.modelKey);
      case 'closeCompare':
        this.closeCompare(this.document(request.doc));
        return Promise.resolve();
      case 'open':
        return this.open(request.doc, request.path);
      case 'sendFrames':
        return this.sendFrames(this.document(request.doc), request.playhead);
      case 'analyse':
        return this.analyse(this.document(request.doc), request.options);
      case 'resendResults':
        return this.resendResults(this.document(request.doc), request.chunk);
      case 'writeCsv':
        return this.writeCsv(this.document(request.doc), request.file);
      case 'attribute': {
        const { session } = this.document(request.doc).opened;
        return this.document(request.doc).attributions.request(request.frame, () => attributeInWorker(this.models, session, request.modelKey, request.frame));
      }
      case 'close':
        this.close(request.doc);
        return Promise.resolve();
    }
  }

  private document(doc: number): Document {
    const found = this.docs.get(doc);
    if (!found) throw new Error(`replay document ${doc} is not open`);
    return found;
  }

  private post(doc: number, message: ExtensionToWebview): void {
    if (this.docs.get(doc)?.closed === false) this.outbox.post(doc, message);
  }

  private async open(doc: number, path: string): Promise<SessionSummary> {
    let opened: OpenedSession;
    try {
      opened = await openSession(path, this.snapshots);
    } catch (error) {
      // A SessionError names the file and line already.
      throw new Error(isSessionError(error) ? error.message : `${path}: ${errorText(error)}`);
    }
    this.docs.set(doc, { doc, path, opened, sends: 0, analysis: null, result: null, labels: [], modelName: '', evaluation: null, compare: null, closed: false, attributions: new AttributionQueue() });
    const { session } = opened;
    return { info: sessionInfo(session, path), problems: problemInfos(session), fromSnapshot: opened.fromSnapshot };
  }

  /**
   * Posts the session's frames messages, FRAMES_PER_MESSAGE frames each: the one holding `playhead` at
   * once, the others outwards from it once `released` (ReplayAnalysis's first results are out by then),
   * each only when the outbox has nothing waiting, so that results and replies are not queued behind
   * them. Resolves true once every one is posted, false when a newer request or a close stopped it.
   */
  private async sendFrames(document: Document, playhead: number, released: Promise<void> = Promise.resolve()): Promise<boolean> {
    const send = ++document.sends;
    const { doc } = document;
    const { session } = document.opened;
    const total = frameCount(session);
    const chunks = Math.max(1, Math.ceil(total / FRAMES_PER_MESSAGE));
    const sent = new Uint8Array(chunks);
    for (let k = 0; k < chunks; k++) {
      if (k === 1) await released;
      if (k > 0) {
        await this.outbox.idle();
        if (document.closed || send !== document.sends) return false;
      }
      const chunk = nearestChunk(sent, FRAMES_PER_MESSAGE, playhead);
      sent[chunk] = 1;
      const start = chunk * FRAMES_PER_MESSAGE;
      const extra = k === 0 ? { targets: targetSpans(session), labelSpans: labelSpans(session), totalFrames: total } : {};
      this.post(doc, framesMessage(session, start, Math.min(total, start + FRAMES_PER_MESSAGE), extra));
    }
    return true;
  }

  private async analyse(document: Document, options: AnalyseOptions): Promise<AnalysedOutcome> {
    const { doc } = document;
    if (document.analysis) throw new Error(`replay document ${doc} is already being analysed`);
    // With framesFrom, the frames around the playhead go first, the rest once the first results are out:
    // encoding them on this thread meanwhile held up the analysis's start ~4-fold.
    let release = () => {};
    if (options.framesFrom !== undefined) {
      const released = new Promise<void>((resolve) => (release = resolve));
      this.sendFrames(document, options.framesFrom, released).catch((error: unknown) => this.log('error', `frames of ${document.path} not sent: ${errorText(error)}`));
    }
    try {
      return await this.analyseFrames(document, options, release);
    } finally {
      release();
    }
  }

  /** The document's session analysed by `model`, its results cached under the model, profile and session. */
  private cachedAnalysis(document: Document, model: LoadedModel, batching: Pick<AnalyseOptions, 'batchSize' | 'firstBatch'> = {}): ReplayAnalysis {
    const { profile } = model.resolved;
    const { session, sha256 } = document.opened;
    const key = sha256.then((hash) => resultsCacheKey(model.hash, profile, hash));
    return new ReplayAnalysis({ session, profile, runner: model.runner, cache: { store: this.cache, key }, ...batching });
  }

  private async analyseFrames(document: Document, options: AnalyseOptions, firstResultsOut: () => void): Promise<AnalysedOutcome> {
    const { doc } = document;
    const model = await this.models.model(options.modelKey);
    const labels = model.resolved.profile.labels;
    const analysis = this.cachedAnalysis(document, model, { batchSize: options.batchSize, firstBatch: options.firstBatch });
    analysis.setPlayhead(options.playhead);
    document.analysis = analysis;
    document.labels = labels;
    document.modelName = model.displayName;
    let targetChanges: TargetChangeResult[] = [];
    try {
      const outcome = await analysis.run({
        targets: (changes) => {
          targetChanges = changes;
        },
        provisional: (frames) => {
          for (const run of consecutiveRuns(frames)) this.post(doc, provisionalResultsMessage(run, labels));
          firstResultsOut();
        },
        final: (frames: FrameResult[], previousTranscript: string, distributionsSent: boolean) => {
          this.post(doc, finalResultsMessage(frames, labels, previousTranscript, targetChanges, distributionsSent));
          firstResultsOut();
        },
        progress: (done, total) => this.post(doc, { type: 'analysisProgress', done, total }),
      });
      document.result = outcome.result;
      await this.evaluate(document, model.displayName);
      // After the analysis, so writing it did not compete with the first results.
      if (!document.opened.fromSnapshot) {
        document.opened.saveSnapshot().catch((error: unknown) => this.log('warn', `session snapshot of ${document.path} not saved: ${errorText(error)}`));
      }
      return { fromCache: outcome.fromCache, modelCalls: outcome.modelCalls, windows: outcome.result.windows, cacheError: outcome.cacheError };
    } finally {
      document.analysis = null;
    }
  }

  private async resendResults(document: Document, chunk: number): Promise<void> {
    const { doc, sends } = document;
    const result = this.finished(document);
    for (const message of finalResultsInChunks(result, document.labels, chunk)) {
      // Closed, or the webview reloaded again (its sendFrames starts over).
      if (document.closed || sends !== document.sends) return;
      this.post(doc, message);
      await yieldToEventLoop();
    }
    if (document.evaluation) this.post(doc, evaluationMessage(document.evaluation.value, 0, document.evaluation.model));
    const compare = document.compare;
    if (compare?.result && compare.message) {
      this.post(doc, { type: 'compareStart', model: compare.model, labels: [...compare.labels] });
      for (const message of finalResultsInChunks(compare.result, compare.labels, chunk)) {
        if (document.closed || sends !== document.sends || document.compare !== compare) return;
        this.post(doc, { ...message, slot: 1 });
        await yieldToEventLoop();
      }
      if (compare.evaluation) this.post(doc, evaluationMessage(compare.evaluation, 1, compare.model));
      this.post(doc, { ...compare.message, diff: compare.message.diff.slice() });
    }
  }

  /**
   * Analyses the session with a second model through the same cached, batched analysis, once the panel's
   * own analysis finished: its final results go as slot-1 `results` messages, then its evaluation and the
   * comparison (diff lane, transcripts, figures side by side). A newer comparison or a close replaces it.
   */
  private async compare(document: Document, modelKey: string): Promise<AnalysedOutcome> {
    const first = this.finished(document);
    this.closeCompare(document, false);
    const { doc } = document;
    const model = await this.models.model(modelKey);
    const analysis = this.cachedAnalysis(document, model);
    const compare: Comparison = { model: model.displayName, labels: model.resolved.profile.labels, analysis, result: null, evaluation: null, message: null };
    document.compare = compare;
    const current = () => document.compare === compare && !document.closed;
    this.post(doc, { type: 'compareStart', model: compare.model, labels: [...compare.labels] });
    try {
      const noop = () => undefined;
      const outcome = await analysis.run({
        targets: noop,
        provisional: noop,
        final: (frames: FrameResult[], previousTranscript: string) => {
          if (current()) this.post(doc, { ...finalResultsMessage(frames, compare.labels, previousTranscript, []), slot: 1 });
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
      if (secondEvaluation) this.post(doc, evaluationMessage(secondEvaluation, 1, compare.model));
      this.post(doc, { ...message, diff: message.diff.slice() });
      return { fromCache: outcome.fromCache, modelCalls: outcome.modelCalls, windows: outcome.result.windows, cacheError: outcome.cacheError };
    } catch (error) {
      if (current()) {
        this.closeCompare(document, false);
        this.post(doc, { type: 'compareClosed', error: errorText(error) });
      }
      throw error;
    } finally {
      compare.analysis = null;
    }
  }

  private closeCompare(document: Document, tell = true): void {
    const compare = document.compare;
    if (!compare) return;
    compare.analysis?.cancel();
    compare.result?.release();
    document.compare = null;
    if (tell) this.post(document.doc, { type: 'compareClosed' });
  }

  /**
   * Evaluates the finished analysis against the session's label lines, as `evaluate` does, and posts it
   * (after the results it is made of). A session without labels has nothing to evaluate.
   */
  private async evaluate(document: Document, model: string): Promise<void> {
    const { session } = document.opened;
    if (!document.result || session.labels.length === 0) return;
    try {
      const value = await evaluateResults(session.labels, document.result, document.labels);
      document.evaluation = { value, model };
      this.post(document.doc, evaluationMessage(value, 0, model));
    } catch (error) {
      const text = `evaluation of ${document.path} against its labels failed: ${errorText(error)}`;
      this.log('warn', text);
      this.post(document.doc, { type: 'notice', level: 'warning', text });
    }
  }

  private async writeCsv(document: Document, file: string): Promise<void> {
    const result = this.finished(document);
    const out = createWriteStream(file);
    const failed = once(out, 'error').then(([error]) => {
      throw error;
    });
    failed.catch(() => undefined);
    let lines: string[] = [];
    const flush = async () => {
      if (!out.write(`${lines.join('\n')}\n`)) await Promise.race([once(out, 'drain'), failed]);
      lines = [];
    };
    for (const line of csvLines(replayOfEntry(result), document.labels)) {
      lines.push(line);
      if (lines.length === CSV_LINES_PER_WRITE) await flush();
    }
    if (lines.length) await flush();
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
  }

  private finished(document: Document): ResultsEntry {
    if (!document.result) throw new Error(`replay document ${document.doc} has not finished its analysis`);
    return document.result;
  }

  private close(doc: number): void {
    const document = this.docs.get(doc);
    if (!document) return;
    document.closed = true;
    document.sends++;
    document.analysis?.cancel();
    document.attributions.clear();
    // A session from its snapshot may still hold the snapshot file open for landmarks not read yet.
    frameColumnsOf(document.opened.session)?.release();
    document.result?.release();
    this.closeCompare(document, false);
    this.docs.delete(doc);
    this.outbox.drop(doc);
  }

  private log(level: LogLevel, text: string): void {
    this.send({ event: 'log', level, text }, []);
  }
}
