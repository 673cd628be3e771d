import type { PipelineProfile } from '../core/model/profile';
import type { FrameResult, ModelRunner, TargetChangeResult } from '../core/pipeline/types';
import type { Session } from '../core/session/types';
import { readSession, type ReadSessionOptions } from '../core/session/readSession';
import { ReplayAnalysis, type AnalysisOutcome } from './replayAnalysis';

export interface AnalyseOptions {
  /** The target changes with their default replies, before any final results. */
  onTargets?: (changes: TargetChangeResult[]) => void;
  /** Final results in session order, chunk by chunk, as they are known (the evaluation reads them so), while the model still runs. */
  onFinal?: (frames: FrameResult[]) => void;
  /** Frames whose results are known, out of all. */
  onProgress?: (done: number, total: number) => void;
  /** Windows per analysis batch (default 256, the replay panel's). */
  batchSize?: number;
}

/**
 * Analyses a session with a model the replay panel's way (ReplayAnalysis: batches of 256 windows, two in
 * flight, taken by the runner's model hosts from one queue; the sequential pass beside them), without a cache. Its results
 * are exactly replaySession's for the same session, profile and model.
 */
export async function analyseSession(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: PipelineProfile,
  runner: ModelRunner,
  options: AnalyseOptions = {},
): Promise<AnalysisOutcome> {
  const analysis = new ReplayAnalysis({ session, profile, runner, batchSize: options.batchSize, wholeSession: true, provisional: false });
  const noop = () => undefined;
  return analysis.run({
    targets: (changes) => options.onTargets?.(changes),
    provisional: noop,
    final: (frames) => options.onFinal?.(frames),
    progress: (done, total) => options.onProgress?.(done, total),
  });
}

/** Reads a session file in any format the importers know (readSession) and analyses it as analyseSession does. */
export async function analyseSessionFile(
  path: string,
  profile: PipelineProfile,
  runner: ModelRunner,
  options: AnalyseOptions & { read?: ReadSessionOptions } = {},
): Promise<AnalysisOutcome & { session: Session }> {
  const session = await readSession(path, options.read);
  return { session, ...(await analyseSession(session, profile, runner, options)) };
}
