/**
 * The contract between the panel and its parts. Every part that draws (the timeline, each card, the
 * toolbar's readout) is a PanelView: the panel calls render() once per animation frame with what changed,
 * and setTheme() when the editor's theme changes. Every part is built from a PanelContext: the session and
 * the shared state it shows and acts on.
 */
import type { InitMessage, WebviewToExtension } from '../protocol/messages';
import type { AnalysisProgress } from './analysisProgress';
import type { ComparisonState } from './comparisonState';
import type { EvaluationState } from './evaluationState';
import type { Rebuilds } from './drawScheduler';
import type { Playback } from './playback';
import type { SessionStore } from './sessionStore';
import type { Action } from './shortcuts';
import type { Theme } from './theme';
import type { TimeView } from './timeView';
import type { ViewChoices } from './viewChoices';

/** What one animation frame draws: the overlays at `frame` always, the rest as flagged. */
export interface FrameChanges extends Rebuilds {
  frame: number;
  /** The class in focus (see focus.ts), and whether it changed since the last frame. */
  focusClass: number;
  focusChanged: boolean;
  /** The rebuilds are new data's alone mid-stream: the panel may give parts theirs in later frames. */
  spread?: boolean;
  /** This part's rebuild, or the work it left (PanelView.workLeft), waits for a later frame: overlays only. */
  held?: boolean;
}

export interface PanelView {
  /** Draws this animation frame; views are sized by layout, so this runs inside one. */
  render(changes: FrameChanges): void;
  /** The editor's theme changed (colours, font). */
  setTheme?(theme: Theme): void;
  /**
   * Parts of its drawing the part leaves to views of their own, drawn just before it and just after it
   * each frame: a data rebuild spread over frames (spreadRebuilds.ts) may give each its own frame.
   */
  readonly drawSteps?: { before?: PanelView[]; after?: PanelView[] };
  /**
   * True while a spread rebuild's work is done in stretches and some is left: the panel draws the part
   * again in the next frames, within their budget, until it is done.
   */
  workLeft?(): boolean;
}

/** A card of the panel's grid: its section and the view object the tests can reach. */
export interface Card<V = unknown> extends PanelView {
  readonly element: HTMLElement;
  /** Exposed as `window.__landmarkLens.views.<name>` for the webview tests and the benchmark. */
  readonly view: V;
}

/** What the views over session time are built with (a PanelContext is one). */
export type TimeContext = Pick<PanelContext, 'store' | 'playback' | 'view' | 'theme'> & Partial<Pick<PanelContext, 'evaluation' | 'comparison'>>;

/** What a panel shows and acts on, for one session: a new `init` builds a new panel and context. */
export interface PanelContext {
  readonly init: InitMessage;
  readonly store: SessionStore;
  readonly playback: Playback;
  /** The span of session time the charts and the timeline's zoom show. */
  readonly view: TimeView;
  readonly choices: ViewChoices;
  readonly analysis: AnalysisProgress;
  /** The session's evaluation against its labels (the replay worker's), per model. */
  readonly evaluation: EvaluationState;
  /** The model the session is compared with, if any. */
  readonly comparison: ComparisonState;
  /** The theme when the panel was built; setTheme() brings later ones. */
  readonly theme: Theme;
  post(message: WebviewToExtension): void;
  /** Asks for a draw in the next animation frame; `traces`: rebuild traces, not only overlays. */
  requestDraw(traces: boolean): void;
  /**
   * Draws at once after the replies and smoothing changed but the window distributions did not (a knob),
   * so the next frame only paints it (DrawScheduler.drawNow).
   */
  requestRepliesDraw(): void;
  /** Runs a keyboard or toolbar action (shortcuts.ts). */
  run(action: Action): void;
}
