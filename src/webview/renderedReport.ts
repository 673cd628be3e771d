/**
 * The `rendered` report: posted once per session, when the whole session (or all of it that could be
 * analysed) has been drawn. The integration tests and the extension's log wait for it.
 */
import type { PanelMode, RenderedMessage } from '../protocol/messages';
import type { AnalysisProgress } from './analysisProgress';
import type { SessionStore } from './sessionStore';

export interface DrawnState {
  mode: PanelMode;
  store: SessionStore;
  analysis: AnalysisProgress;
  /** New data waits for its rebuild: what is drawn is not all that arrived. */
  dataPending: boolean;
  problems: number;
}

export class RenderedReport {
  /** Set once `rendered` was posted for the current session. */
  posted = false;

  /** A new session: it gets its own report. */
  reset(): void {
    this.posted = false;
  }

  /** The report to post after a draw of `state`, once; undefined when not yet (or already posted). */
  after(state: DrawnState): RenderedMessage | undefined {
    if (this.posted || state.dataPending || !isWholeSessionDrawn(state)) return undefined;
    this.posted = true;
    const { store } = state;
    const counts = store.counts();
    return {
      type: 'rendered',
      frames: store.sessionFrames,
      transcript: store.frameCount ? store.transcriptAt(store.frameCount - 1) : '',
      repliesSent: counts.repliesSent,
      noHandFrames: counts.noHandFrames,
      windows: counts.windows,
      distributions: counts.distributions,
      problems: state.problems,
    };
  }
}

/**
 * Live: once the first analysed frames are drawn; replay: once every frame and result is drawn.
 * Provisional results can cover every frame before the final pass ends, so a replay waits for the
 * analysis to report done === total as well.
 */
function isWholeSessionDrawn({ mode, store, analysis }: DrawnState): boolean {
  if (mode === 'live') return store.resultsReceived > 0;
  return store.frameCount === 0 || analysis.stopped || (store.isComplete() && analysis.finished);
}
