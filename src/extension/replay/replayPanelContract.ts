import type * as vscode from 'vscode';
import type { EvaluationShownMessage, ProblemInfo, RenderedMessage } from '../../protocol/messages';
import type { ReplayWorkerClient } from '../../replayworker/client';
import type { WorkerModel } from '../../replayworker/protocol';
import type { ModelLoadError } from '../../model/loadedModel';
import type { AnalysisState } from './replayLifecycle';
import type { AttributionShown } from './replayAttribution';

/** What a replay panel is given by the extension: where it runs, its log, the worker and the model. */
export interface ReplayPanelDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** The settings' model, loaded in the replay worker's model hosts. */
  loadModel: () => Promise<WorkerModel>;
  /** Holds the panels' sessions and runs their analyses, off this thread. */
  worker: ReplayWorkerClient;
  /** The folder of the worker's bulk message files, which the webview fetches. */
  bulkRoot?: vscode.Uri;
  /** Shows the model problem to the user (a notification naming the setting). */
  reportModelError: (error: ModelLoadError) => void;
  /** Asks the user for a model (and profile) to compare with; undefined when they cancel. */
  pickCompareModel: () => Promise<{ model: string; profile?: string } | undefined>;
}

/** What a replay panel has shown and been told, for the test API and the output log. */
export interface ReplayPanelSnapshot {
  id: string;
  file: string;
  /** 'landmarkLens.replay' or the custom editor's 'landmarkLens.sessionEditor'. */
  viewType: string;
  frames: number;
  problems: ProblemInfo[];
  analysis: AnalysisState;
  analysisError?: string;
  fromCache?: boolean;
  modelCalls?: number;
  playhead: number;
  rendered?: RenderedMessage;
  /** Frames with a camera image, when the session has images. */
  images?: number;
  /** `frameImage` answers sent with an image. */
  imagesSent: number;
  /** The figures the metrics view shows, per model slot (0: the panel's model), as the webview reported them. */
  evaluations: (EvaluationShownMessage['figures'] | null)[];
  /** The last attribution answer the webview was sent. */
  attribution?: AttributionShown;
}
