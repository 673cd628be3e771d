/**
 * Where a replay panel is in its life. Each reading of the session and loading of the model is an
 * attempt (a reload starts a new one); the state names the current attempt, so whatever an older
 * attempt still delivers is recognised as stale and goes nowhere.
 *
 *   opening ──(webview ready, session and model)──▶ analysing ──▶ analysed
 *      │                                               │  ▲          │
 *      └──(no session or no model)──▶ failed ◀─────────┘  └──────────┘ swapModels(): the same attempt, its
 *                                                                       model now the compared one
 *   any state ──reload()──▶ opening (a new attempt)      any state ──dispose()──▶ disposed
 */
import type { ProblemInfo } from '../../protocol/messages';
import type { RemoteSession } from '../../replayworker/client';
import type { WorkerModel } from '../../replayworker/protocol';
import type { ModelLoadError } from '../../model/loadedModel';
import type { SessionImages } from '../../core/session/sessionImages';

/** What an attempt found: the session (in the replay worker) and the model, or why not. */
export interface Prepared {
  session: RemoteSession | null;
  sessionError?: string;
  /** The model the attempt analyses with: the settings' one, or the compared one after Swap models. */
  model: WorkerModel | null;
  modelError?: ModelLoadError;
  /** The session's camera images, when its header names a folder that exists. */
  images?: SessionImages | null;
  /** Why the header's images are not shown (missing folder, bad name). */
  imagesProblem?: string;
}

/** One reading of the session and loading of the model. */
export interface Attempt {
  readonly prepared: Promise<Prepared>;
}

export type ReplayState =
  /** Reading the session and loading the model; the analysis starts once the webview asks for the session. */
  | { kind: 'opening'; attempt: Attempt }
  | { kind: 'analysing'; attempt: Attempt }
  | { kind: 'analysed'; attempt: Attempt; fromCache: boolean; modelCalls: number }
  /** No session, no model, or the analysis failed; `problem` is the analysis's own, shown again on a webview reload. */
  | { kind: 'failed'; attempt: Attempt; error: string; problem?: ProblemInfo }
  /** Closed: everything released. `analysis` is what it was when the panel closed. */
  | { kind: 'disposed'; analysis: AnalysisState };

/** The analysis as the test API and the log report it. */
export type AnalysisState = 'waiting' | 'running' | 'done' | 'failed';

export function analysisOf(state: ReplayState): AnalysisState {
  switch (state.kind) {
    case 'opening':
      return 'waiting';
    case 'analysing':
      return 'running';
    case 'analysed':
      return 'done';
    case 'failed':
      return 'failed';
    case 'disposed':
      return state.analysis;
  }
}
