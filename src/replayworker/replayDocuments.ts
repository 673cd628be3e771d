import type { FrameResult, TargetChangeResult } from '../core/pipeline/types';
import { isSessionError } from '../core/session/sessionError';
import { frameColumnsOf } from '../core/session/frameColumns';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import { FRAMES_PER_MESSAGE, labelSpans, targetSpans } from '../protocol/encode';
import type { ExtensionToWebview } from '../protocol/messages';
import { openSession, type OpenedSession } from '../analysis/openSession';
import { ReplayAnalysis } from '../analysis/replayAnalysis';
import { resultsCacheKey } from '../analysis/cacheKey';
import { ResultsCache } from '../analysis/resultsCache';
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
import { evaluateResults } from '../analysis/evaluateResults';
import { evaluationMessage } from './evaluationMessages';
import { finishedResults, type ReplayDocument } from './replayDocument';
import { closeComparison, compareDocument, resendComparison, type ComparisonServices } from './documentComparison';
import { writeResultsCsv } from './resultsCsv';

/**
 * The replay worker's work: each replay panel's session (read, snapshot, frames messages) and its
 * analysis (ReplayAnalysis, results messages, cache, CSV), kept here so that none of it runs on, or
 * allocates in, the extension host's main thread. Documents are what the main thread numbered them; a
 * comparison with a second model is documentComparison.ts, the CSV export resultsCsv.ts.
 */
export class ReplayDocuments implements ComparisonServices {
  private readonly docs = new Map<number, ReplayDocument>();
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
        return compareDocument(this, this.document(request.doc), request.modelKey);
      case 'closeCompare':
        closeComparison(this.document(request.doc), this.post);
        return Promise.resolve();
      case 'open':
        return this.open(request.doc, request.path);
      case 'sendFrames':
        return this.sendFrames(this.document(request.doc), request.playhead);
      case 'analyse':
        return this.analyse(this.document(request.doc), request.options);
      case 'resendResults':
        return this.resendResults(this.document(request.doc), request.chunk);
      case 'writeCsv': {
        const document = this.document(request.doc);
        return writeResultsCsv(finishedResults(document), document.labels, request.file);
      }
      case 'attribute': {
        const { session } = this.document(request.doc).opened;
        return this.document(request.doc).attributions.request(request.frame, () => attributeInWorker(this.models, session, request.modelKey, request.frame));
      }
      case 'close':
        this.close(request.doc);
        return Promise.resolve();
    }
  }

  private document(doc: number): ReplayDocument {
    const found = this.docs.get(doc);
    if (!found) throw new Error(`replay document ${doc} is not open`);
    return found;
  }

  readonly post = (doc: number, message: ExtensionToWebview): void => {
    if (this.docs.get(doc)?.closed === false) this.outbox.post(doc, message);
  };

  model(key: string): Promise<LoadedModel> {
    return this.models.model(key);
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
  private async sendFrames(document: ReplayDocument, playhead: number, released: Promise<void> = Promise.resolve()): Promise<boolean> {
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

  private async analyse(document: ReplayDocument, options: AnalyseOptions): Promise<AnalysedOutcome> {
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
  cachedAnalysis(document: ReplayDocument, model: LoadedModel, batching: Pick<AnalyseOptions, 'batchSize' | 'firstBatch'> = {}): ReplayAnalysis {
    const { profile } = model.resolved;
    const { session, sha256 } = document.opened;
    const key = sha256.then((hash) => resultsCacheKey(model.hash, profile, hash));
    return new ReplayAnalysis({ session, profile, runner: model.runner, cache: { store: this.cache, key }, ...batching });
  }

  private async analyseFrames(document: ReplayDocument, options: AnalyseOptions, firstResultsOut: () => void): Promise<AnalysedOutcome> {
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
      // A swap of models analyses the document again: the former results go.
      if (document.result !== outcome.result) document.result?.release();
      document.result = outcome.result;
      document.evaluation = null;
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

  private async resendResults(document: ReplayDocument, chunk: number): Promise<void> {
    const { doc, sends } = document;
    const result = finishedResults(document);
    for (const message of finalResultsInChunks(result, document.labels, chunk)) {
      // Closed, or the webview reloaded again (its sendFrames starts over).
      if (document.closed || sends !== document.sends) return;
      this.post(doc, message);
      await yieldToEventLoop();
    }
    if (document.evaluation) this.post(doc, evaluationMessage(document.evaluation.value, 0, document.evaluation.model));
    await resendComparison(document, chunk, this.post, () => !document.closed && sends === document.sends);
  }

  /**
   * Evaluates the finished analysis against the session's label lines, as `evaluate` does, and posts it
   * (after the results it is made of). A session without labels has nothing to evaluate.
   */
  private async evaluate(document: ReplayDocument, model: string): Promise<void> {
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
    closeComparison(document, this.post, false);
    this.docs.delete(doc);
    this.outbox.drop(doc);
  }

  private log(level: LogLevel, text: string): void {
    this.send({ event: 'log', level, text }, []);
  }
}
