import type { PipelineProfile } from '../core/model/profile';
import type { Session } from '../core/session/types';
import type { FrameResult, ModelRunner, TargetChangeResult } from '../core/pipeline/types';
import { BATCHES_IN_FLIGHT, replaySession } from '../core/pipeline/replaySession';
import { listWindows } from './windowPass';
import { frameCount } from './sessionFrames';
import { windowDistribution } from '../core/pipeline/replyStage';
import { WindowRecorder } from './windowRecorder';
import { WindowStates, provisionalResult } from './windowStates';
import { PrecomputedRunner } from './precomputedRunner';
import { ArrivingOutputsRunner } from './arrivingOutputsRunner';
import { nearestChunk, nearestPending } from './playheadOrder';
import { yieldToEventLoop } from '../core/yieldToEventLoop';
import { windowFrameState, windowsNearPlayhead } from './windowsNearPlayhead';
import type { ResultsCache } from './resultsCache';
import { ResultsEncoder, openResultsEntry, type ResultsEntry } from './resultsCodec';
import { errorText } from '../core/errorText';

export interface AnalysisListener {
  /** The target changes and their default replies (they do not depend on the model), before any final results. */
  targets(changes: TargetChangeResult[]): void;
  /**
   * Window distributions known before the sequential pass (status, fills and `probs` are final;
   * `smoothed`, replies and transcript are not known yet). Frames in ascending order.
   */
  provisional(frames: FrameResult[]): void;
  /**
   * Final results of consecutive frames starting at `frames[0].frame`; `previousTranscript` is the
   * transcript before that frame. In session order, except from the cache: there the chunk around the
   * playhead comes first, then the rest nearest the playhead first. `distributionsSent`: every window
   * frame among them was given to `provisional` first, with the same distribution (not so from the cache).
   */
  final(frames: FrameResult[], previousTranscript: string, distributionsSent: boolean): void;
  /** Frames whose results are known (provisionally or finally) out of all frames. */
  progress(done: number, total: number): void;
}

export interface ReplayAnalysisInputs {
  session: Pick<Session, 'frames' | 'targets'>;
  profile: PipelineProfile;
  runner: ModelRunner;
  /** The key may still be computed (the session's hash) when the analysis starts. */
  cache?: { store: ResultsCache; key: string | Promise<string> };
  /** Windows per model call (default 256). */
  batchSize?: number;
  /** Windows of the first call, nearest the playhead, kept small so they show soon (default 64). */
  firstBatch?: number;
  /** Frames per final chunk handed to the listener (default 256). */
  finalChunk?: number;
  /** Frames per final chunk when the results come from the cache (default 2048: no inference to wait for, fewer messages). */
  cachedChunk?: number;
  /**
   * For a caller that waits for the whole session rather than the playhead's first results (analyze,
   * evaluate): the first batch is a full one, inferred while the window pass runs, and the sequential pass
   * runs beside the inference, so final results come while the model still runs and little is left after it.
   */
  wholeSession?: boolean;
  /**
   * Whether the listener is given provisional results (default true). A caller that only reads the final
   * ones (analyze, evaluate) saves building a distribution and a result object for every window.
   */
  provisional?: boolean;
}

export interface AnalysisOutcome {
  /** Every frame's results, held in columns (replayOfEntry gives them as objects). */
  result: ResultsEntry;
  fromCache: boolean;
  /** Model calls made (0 from the cache). */
  modelCalls: number;
  /** Why the result could not be cached (the analysis itself succeeded). */
  cacheError?: string;
}

/**
 * Analyses a session for the replay panel. The windows nearest the playhead are built from the frames
 * alone and inferred first, so they show before anything else. Windows do not depend on model outputs,
 * so a pass of the window stage then lists them all (listWindows); the rest are inferred nearest-the-playhead first (the playhead can move meanwhile),
 * each batch shown at once; finally the pipeline's sequential pass (smoothing, throttle, decoder) runs
 * over the stored outputs, which takes milliseconds, and the result is cached on disk.
 */
export class ReplayAnalysis {
  private playhead = 0;
  private readonly abort = new AbortController();

  constructor(private readonly inputs: ReplayAnalysisInputs) {}

  setPlayhead(frame: number): void {
    if (Number.isFinite(frame)) this.playhead = Math.max(0, Math.floor(frame));
  }

  cancel(): void {
    this.abort.abort();
  }

  get cancelled(): boolean {
    return this.abort.signal.aborted;
  }

  /** Hands the cached results over, the chunk around the playhead first. */
  private async fromCache(entry: ResultsEntry, listener: AnalysisListener): Promise<AnalysisOutcome> {
    const signal = this.abort.signal;
    const total = entry.count;
    listener.targets(entry.targetChanges);
    const size = Math.max(1, this.inputs.cachedChunk ?? 2048);
    const chunks = Math.ceil(total / size);
    const sent = new Uint8Array(chunks);
    let done = 0;
    for (let n = 0; n < chunks; n++) {
      signal.throwIfAborted();
      const k = nearestChunk(sent, size, this.playhead);
      sent[k] = 1;
      const start = k * size;
      const slice = entry.frames(start, Math.min(total, start + size));
      listener.final(slice, entry.transcriptBefore(start), false);
      done += slice.length;
      listener.progress(done, total);
      // Each chunk becomes a webview message; let other work run between them.
      await yieldToEventLoop();
    }
    if (total === 0) listener.progress(0, 0);
    return { result: entry, fromCache: true, modelCalls: 0 };
  }

  async run(listener: AnalysisListener): Promise<AnalysisOutcome> {
    const { session, profile, runner, cache } = this.inputs;
    const signal = this.abort.signal;
    const total = frameCount(session);
    const chunk = Math.max(1, this.inputs.finalChunk ?? 256);

    const cacheKey = cache ? await cache.key : undefined;
    const entry = cache && cacheKey ? await cache.store.open(cacheKey) : undefined;
    if (entry && entry.count === total) {
      try {
        return await this.fromCache(entry, listener);
      } catch (error) {
        entry.release();
        throw error;
      }
    }
    entry?.release();

    const classCount = runner.classCount;
    const batchSize = Math.max(1, this.inputs.batchSize ?? 256);
    const wholeSession = this.inputs.wholeSession === true;
    const provisional = this.inputs.provisional !== false;
    const firstBatch = wholeSession ? batchSize : Math.max(1, Math.min(batchSize, this.inputs.firstBatch ?? 64));
    let modelCalls = 0;

    // The first batch, nearest the playhead, is built from the frames alone and shown before the window pass
    // (run beside the pass, on a small machine the pass's work would delay it; the hosts wait for the pass
    // either way, a small part of a long analysis). For a whole-session caller it runs beside the pass:
    // nothing is shown early, and the hosts need not wait.
    // The frames are read through frameSourceOf: a session held in columns never builds frame objects.
    const early = windowsNearPlayhead(session, profile, this.playhead, firstBatch);
    const earlyOutputs = new Map<number, Float32Array>();
    const earlyRows = early.frames.length ? runner.run(early.windows, early.frames.length) : null;
    // Awaited after the window pass for a whole-session caller; a rejection meanwhile is not unhandled.
    earlyRows?.catch(() => undefined);
    const showEarly = async (): Promise<void> => {
      if (!earlyRows) return;
      const rows = await earlyRows;
      modelCalls++;
      if (rows.length !== early.frames.length * classCount) {
        throw new Error(`the model returned ${rows.length} values for ${early.frames.length} windows, expected ${early.frames.length * classCount}`);
      }
      signal.throwIfAborted();
      const shown: FrameResult[] = [];
      early.frames.forEach((frame, i) => {
        const output = rows.slice(i * classCount, (i + 1) * classCount);
        earlyOutputs.set(frame, output);
        if (provisional) shown.push(provisionalResult(windowFrameState(session, profile, frame), windowDistribution(output, profile)));
      });
      if (provisional) listener.provisional(shown);
      listener.progress(early.frames.length, total);
    };
    if (!wholeSession) await showEarly();

    const recorder = new WindowRecorder(profile.windowSize);
    // Every window, listed by the window stage alone in batches of at most 64 (the recorder yields to the
    // event loop after each). Only what a provisional result needs of each window's frame is kept, in columns:
    // objects for an hour's windows would stay alive for the collector to walk all analysis long.
    const windowStates = new WindowStates(total);
    const targetChanges = await listWindows(session, profile, recorder, windowStates, { batchSize: 64, signal });
    if (wholeSession) await showEarly();
    listener.targets(targetChanges);
    if (windowStates.length !== recorder.windowCount) {
      throw new Error(`the window pass found ${windowStates.length} window frames but recorded ${recorder.windowCount} windows`);
    }
    const windowFrames = windowStates.frames;

    const windowCount = recorder.windowCount;
    // One block for every window's output row: one object for the collector, not one per window.
    const outputs = new Float32Array(windowCount * classCount);
    const done = new Uint8Array(windowCount);
    const windowLength = recorder.windowLength;
    let inferred = 0;
    const earlyWindows: number[] = [];
    if (earlyOutputs.size) {
      windowFrames.forEach((frame, k) => {
        const output = earlyOutputs.get(frame);
        if (output) {
          outputs.set(output, k * classCount);
          done[k] = 1;
          earlyWindows.push(k);
          inferred++;
        }
      });
      if (inferred !== earlyOutputs.size) {
        throw new Error(`${earlyOutputs.size - inferred} of the windows built near the playhead are not windows of the window pass`);
      }
    }
    // Each chunk of final results goes to the listener and into the columns, then is dropped.
    const encoder = new ResultsEncoder(total, classCount);
    let transcript = '';
    const sequentialPass = (outputsRunner: ModelRunner) =>
      replaySession(session, profile, outputsRunner, {
        batchSize: chunk,
        signal,
        keepFrames: false,
        onFrames: (finished) => {
          if (finished.length === 0) return;
          for (const frame of finished) encoder.add(frame);
          listener.final(finished, transcript, true);
          transcript = finished[finished.length - 1].transcript;
          listener.progress(Math.max(inferred, encoder.added), total);
        },
      });
    const arriving = wholeSession ? new ArrivingOutputsRunner(classCount, outputs) : null;
    const passBeside = arriving ? sequentialPass(arriving) : null;
    // Awaited after the inference; a rejection meanwhile is not unhandled.
    passBeside?.catch(() => undefined);
    arriving?.arrived(earlyWindows);

    // One input block per batch in flight, reused (a runner does not keep its input past the call): a new
    // 2 MB block per batch is external memory, which counts toward starting V8's full collections.
    const free = Array.from({ length: BATCHES_IN_FLIGHT }, () => new Float32Array(Math.min(batchSize, windowCount) * windowLength));
    // Batches sent and not yet answered, oldest first: the next one is picked and sent while the model runs.
    const inFlight: Array<{ picked: number[]; block: Float32Array<ArrayBuffer>; rows: Promise<Float32Array> }> = [];
    try {
      let taken = inferred;
      while (inferred < windowCount) {
        signal.throwIfAborted();
        while (taken < windowCount && inFlight.length < BATCHES_IN_FLIGHT) {
          // Picked nearest the playhead as it is now; `done` marks windows taken, answered or not.
          const picked = nearestPending(windowFrames, done, this.playhead, batchSize).sort((a, b) => a - b);
          const block = free.pop()!;
          const batch = block.subarray(0, picked.length * windowLength);
          picked.forEach((k, i) => {
            recorder.copyWindow(k, batch, i * windowLength);
            done[k] = 1;
          });
          const rows = runner.run(batch, picked.length);
          // Awaited in order below; a rejection while an earlier batch is awaited must not go unhandled.
          rows.catch(() => undefined);
          inFlight.push({ picked, block, rows });
          taken += picked.length;
          modelCalls++;
        }
        const { picked, block, rows: answer } = inFlight.shift()!;
        const rows = await answer;
        free.push(block);
        if (rows.length !== picked.length * classCount) {
          throw new Error(`the model returned ${rows.length} values for ${picked.length} windows, expected ${picked.length * classCount}`);
        }
        signal.throwIfAborted();
        const shown: FrameResult[] = [];
        picked.forEach((k, i) => {
          const row = rows.subarray(i * classCount, (i + 1) * classCount);
          outputs.set(row, k * classCount);
          if (provisional) shown.push(provisionalResult(windowStates.get(k), windowDistribution(row, profile)));
        });
        inferred += picked.length;
        if (provisional) listener.provisional(shown);
        listener.progress(inferred, total);
        arriving?.arrived(picked);
      }
    } catch (error) {
      arriving?.fail(error);
      throw error;
    }

    const replay = passBeside ? await passBeside : await sequentialPass(new PrecomputedRunner(classCount, outputs));
    if (total === 0) listener.progress(0, 0);
    const bytes = encoder.finish(replay.targetChanges, replay.windows);
    let cacheError: string | undefined;
    if (cache && cacheKey) {
      try {
        await cache.store.putBytes(cacheKey, bytes);
      } catch (error) {
        cacheError = errorText(error);
      }
    }
    return { result: openResultsEntry(bytes), fromCache: false, modelCalls, cacheError };
  }
}
