/** The webview -> extension messages of messages.ts (which re-exports them): one union, keyed by `type`. */
import type { EvaluationMessage, KnobValues } from './messages';
import type { RequestAttributionMessage } from './attributionMessages';

export interface ReadyMessage {
  type: 'ready';
  protocol: number;
}

/** Posted once, when the whole session (all frames with results) has been drawn. */
export interface RenderedMessage {
  type: 'rendered';
  frames: number;
  /** Transcript at the last frame. */
  transcript: string;
  repliesSent: number;
  noHandFrames: number;
  /** Frames where a window ran (status smoothing or ready). */
  windows: number;
  /** Of those, the frames whose window distribution the webview holds: all of them once every result arrived. */
  distributions: number;
  problems: number;
}

export interface PlayheadMessage {
  type: 'playhead';
  frame: number;
}

/** Ask for frames and results of [start, end) (data around the playhead not received yet). */
export interface RequestRangeMessage {
  type: 'requestRange';
  start: number;
  end: number;
}

/** Export the per-frame results as CSV; the extension writes it (same format as `analyze --format csv`). */
export interface ExportCsvMessage {
  type: 'exportCsv';
  /** Suggested file name. */
  name: string;
}

export interface ExportPngMessage {
  type: 'exportPng';
  name: string;
  /** data:image/png;base64,... */
  dataUrl: string;
}

export interface RecordMessage {
  type: 'record';
  action: 'start' | 'stop';
}

export interface FollowMessage {
  type: 'follow';
  on: boolean;
}

/** Open a file at a line (a problem's location). */
export interface OpenLocationMessage {
  type: 'openLocation';
  file: string;
  line?: number;
}

export interface WebviewErrorMessage {
  type: 'error';
  message: string;
}

/** A bulk message's file was fetched (or could not be): the extension may delete it. */
/** Asks for a frame's camera image (answered by `frameImage`). */
export interface RequestImageMessage {
  type: 'requestImage';
  frame: number;
}

export interface BulkFetchedMessage {
  type: 'bulkFetched';
  uri: string;
}

/** The metrics view shows an evaluation: the figures it shows (the integration suite compares them with `evaluate`'s). */
/** Compare the session with another model (the panel's Compare button): the extension asks which. */
export interface CompareModelMessage {
  type: 'compareModel';
}

/** Close the comparison. */
export interface CloseComparisonMessage {
  type: 'closeComparison';
}

/** Swap the models (the card's Swap button): the compared one becomes the panel's, the panel's the compared one. */
export interface SwapModelsMessage {
  type: 'swapModels';
}

export interface EvaluationShownMessage {
  type: 'evaluationShown';
  slot: number;
  figures: EvaluationMessage['figures'];
}

/**
 * The knobs were applied and the replies, throttle marks, transcript and figures recomputed (or `error`
 * says why not). The per-frame replies come when the `setKnobs` asked for a report.
 */
export interface KnobsAppliedMessage {
  type: 'knobsApplied';
  values: KnobValues;
  /** The knobs whose value differs from the resolved profile's. */
  edited: string[];
  repliesSent: number;
  transcript: string;
  /**
   * Per frame, when asked: the reply's class (-1: none), its probability as on the wire (null: none), and 1
   * where it was sent. Plain arrays: VS Code does not revive typed arrays a webview posts.
   */
  replies?: { letter: number[]; prob: Array<number | null>; sent: number[] };
  error?: string;
}

/** "Save as profile…": the profile fields of the knobs, to write as the model's sidecar. */
export interface SaveProfileMessage {
  type: 'saveProfile';
  profile: Record<string, unknown>;
}

/** A knob that needs the model changed: run the analysis again with these profile fields. */
export interface ReanalyseMessage {
  type: 'reanalyse';
  overrides: Record<string, unknown>;
}

export type WebviewToExtension =
  | CompareModelMessage
  | CloseComparisonMessage
  | SwapModelsMessage
  | EvaluationShownMessage
  | KnobsAppliedMessage
  | SaveProfileMessage
  | ReanalyseMessage
  | BulkFetchedMessage
  | ReadyMessage
  | RenderedMessage
  | PlayheadMessage
  | RequestRangeMessage
  | ExportCsvMessage
  | ExportPngMessage
  | RecordMessage
  | FollowMessage
  | OpenLocationMessage
  | RequestImageMessage
  | WebviewErrorMessage
  | RequestAttributionMessage;
