/**
 * Messages between the extension host and the Landmark Lens webviews (replay panel, session editor,
 * live panel). One discriminated union per direction, keyed by `type`; both sides import this file.
 *
 * Conventions
 * - Frames are numbered from 0 in session order; `start` is the first frame a message covers and arrays
 *   hold `count` consecutive frames. A range may arrive in any order and more than once (the later wins),
 *   so the extension can send the analysis around the playhead first and the rest afterwards.
 * - Large numeric data is a typed array (VS Code transfers them to the webview without JSON), never a
 *   JSON array of numbers. Per-class data is row-major: `probs[i * classCount + c]`.
 * - Missing numbers are NaN (no hand, no window yet, not analysed yet); missing indices are -1.
 * - Live panels receive the same `frames` and `results` messages, appended at the end (`start` = the
 *   number of frames already sent); the webview follows the newest frame unless the user paused.
 * - Every message is checked at the boundary with `checkExtensionToWebview` / `checkWebviewToExtension`,
 *   which return a one-line reason when a message is malformed.
 * - This file holds the shared shapes and the extension -> webview messages; the webview -> extension ones
 *   are in webviewToExtension.ts and the checks in checkMessages.ts, both re-exported here.
 *
 * Order of a replay session: webview posts `ready`; extension posts `init`, `problems` (if any),
 * `frames` (all, or in ranges), `results` chunks with `analysisProgress` in between. Results for a
 * range may first come provisional (window probabilities only) and later final. The webview posts
 * `rendered` once (integration tests wait for it): when every frame and a result for every frame are
 * in and the last `analysisProgress` says done === total, or an `analysisProgress` carries an error,
 * or the session has no frames. A live panel posts it after its first analysed frames.
 */
import type { PipelineProfile, ProfileSource, BackendReply, InputLayout, Normalization, SoftmaxPolicy } from '../core/model/profile';
import type { CompareClosedMessage, CompareStartMessage, ComparisonMessage, EvaluationMessage, RunActionMessage } from './evaluationMessage';

export type { CompareClosedMessage, CompareStartMessage, ComparisonMessage, EvaluationMessage, RunActionMessage } from './evaluationMessage';
import type { AttributionMessage } from './attributionMessages';

export type { AttributionMessage, RequestAttributionMessage } from './attributionMessages';

export const PROTOCOL_VERSION = 1;

export type PanelMode = 'replay' | 'live';

/** Per-frame status codes in `results.status` (the CLI's status strings, as bytes). */
export const STATUS_NO_HAND = 0;
export const STATUS_BUFFERING = 1;
export const STATUS_SMOOTHING = 2;
export const STATUS_READY = 3;
/** The frame has not been analysed yet. */
export const STATUS_PENDING = 255;
export const STATUS_NAMES: Readonly<Record<number, string>> = {
  [STATUS_NO_HAND]: 'no-hand',
  [STATUS_BUFFERING]: 'buffering',
  [STATUS_SMOOTHING]: 'smoothing',
  [STATUS_READY]: 'ready',
  [STATUS_PENDING]: 'pending',
};

export interface SessionInfo {
  /** Frames in the session (replay) or received so far (live). */
  frameCount: number;
  fps: number;
  /** The header's `source` (camera, app, synthesizer, ...). */
  source: string;
  /** Path or URI of the session file; empty for an unsaved live session. */
  file: string;
  /** Session time of the first and last frame, ms. */
  startMs: number;
  endMs: number;
  /** Image width / height, when the session says (the skeleton view's aspect); 4/3 otherwise. */
  imageAspect?: number;
  /** The header's `images`: the sidecar folder of the frames' camera images (sessionImages.ts). */
  imagesFolder?: string;
  /** Frames that have a camera image; the webview asks for them one at a time (`requestImage`). */
  images?: number;
}

export interface TensorDisplay {
  name: string;
  /** Dimensions; symbolic ones (batch, sequence) as their names. */
  dims: (number | string)[];
  elementType: string;
}

export interface SignatureDisplay {
  inputs: TensorDisplay[];
  outputs: TensorDisplay[];
}

/** What the model and profile panel shows. */
export interface ModelPanelInfo {
  /** Model file path (or 'bundled demo model'). */
  path: string;
  signature: SignatureDisplay | null;
  profile: PipelineProfile;
  /** Where each profile value came from. */
  sources: Record<keyof PipelineProfile, ProfileSource>;
  /** Profile and model warnings, for example "outputs look like probabilities". */
  warnings: string[];
}

/**
 * The profile values the replay panel's knobs set (src/webview/knobs). The first six change only the
 * pipeline's sequential half and are recomputed from the window outputs; the last three need the model.
 */
export interface KnobValues {
  smoothingWindow: number;
  throttleMs: number;
  throttleDelta: number;
  softmax: SoftmaxPolicy;
  /** decoder.holdFrames and decoder.minProb. */
  holdFrames: number;
  minProb: number;
  /** 'session': the session's own target changes; 'free': free mode throughout; else that one letter throughout. */
  target: string;
  windowSize: number;
  normalization: Normalization;
  inputLayout: InputLayout;
}

/** A target-letter change (the backend's reset), placed before frame `frame`. */
export interface TargetSpan {
  frame: number;
  t: number;
  /** null: back to free mode. */
  letter: string | null;
}

/** Optional ground truth text for a span of session time. */
export interface LabelSpanInfo {
  t0: number;
  t1: number;
  text: string;
}

/** The default reply sent at once, unthrottled, when the target changes. */
export interface TargetReply {
  /** First frame after the change. */
  frame: number;
  t: number;
  reply: BackendReply;
}

/** The decoder's transcript after `frame`, listed only at frames where it changed. */
export interface TranscriptChange {
  frame: number;
  text: string;
}

export interface ProblemInfo {
  file: string;
  /** 1-based line; absent when the problem is the whole file. */
  line?: number;
  field?: string;
  message: string;
  /** The session frame the problem is about (a non-finite model input or output): shown by moving the playhead there. */
  frame?: number;
}

/** A frame whose result reports a problem (its window's model output was not finite: counted as uniform). */
export interface FrameProblemInfo {
  frame: number;
  message: string;
}

export interface InitMessage {
  type: 'init';
  protocol: number;
  mode: PanelMode;
  title: string;
  session: SessionInfo;
  /** Class names, index = class index (A-Z, SPACE, DELETE, NOTHING for 29 classes). */
  labels: string[];
  model: ModelPanelInfo | null;
  /** Frames in the model window and the smoothing buffer (for "n/32", "n/5"). */
  windowSize: number;
  smoothingWindow: number;
  /** State to restore (panel serializer); overrides the webview's own saved state when present. */
  restore?: { frame?: number };
  /** Live: the most frames the webview holds; older ones are dropped (absent: every frame). */
  keepFrames?: number;
}

export interface FramesMessage {
  type: 'frames';
  start: number;
  count: number;
  /** Session time per frame, ms. */
  t: Float64Array;
  /** count * 63 values (x0, y0, z0, x1, ...) in image coordinates as recorded; NaN where no hand. */
  landmarks: Float32Array;
  /** 1 where the frame has a hand. */
  hasHand: Uint8Array;
  /** Target changes (whole session; replaces the previous list when present). */
  targets?: TargetSpan[];
  /** Label spans (whole session; replaces the previous list when present). */
  labelSpans?: LabelSpanInfo[];
  /** Frames in the session now (live sessions grow). */
  totalFrames?: number;
  /**
   * Live: whether the followed client sends camera frames. The panel then asks for the image of the frame it
   * shows (`requestImage`); the extension keeps the newest few seconds of them. False: landmarks only.
   */
  camera?: boolean;
}

/**
 * Results of consecutive frames. Provisional results (window distributions known before the sequential
 * pass) carry only status, `probs`, fills and target: the smoothing and reply fields are absent and mean
 * "not known yet". Final results carry every field, except `probs` when provisional results of the same
 * frames gave them already (the receiver keeps those): an analysis sends each distribution once.
 */
export interface ResultsMessage {
  type: 'results';
  start: number;
  count: number;
  classCount: number;
  /** STATUS_* per frame. */
  status: Uint8Array;
  /** count * classCount: the window's distribution after the softmax policy; NaN where no window ran. */
  probs?: Float32Array;
  /** count * classCount: the smoothed distribution; NaN until the smoothing buffer is full. */
  smoothed?: Float32Array;
  /** Class index of the reply's `maxarg_letter` (before throttling); -1 where no reply. */
  replyLetter?: Int16Array;
  /** The reply's `target_arg_prob` as on the wire (rounded); NaN where no reply. */
  replyProb?: Float32Array;
  /** 1 where throttling lets the reply out. */
  sent?: Uint8Array;
  /** Frames in the window buffer after the frame (0..windowSize). */
  bufferFill: Uint8Array;
  /** Distributions in the smoothing buffer after the frame (0..smoothingWindow). */
  smoothingFill: Uint8Array;
  /** Class index of the target letter in force; -1 in free mode. */
  target: Int16Array;
  /** Class index the decoder emitted at the frame; -1 where none. */
  emitted?: Int16Array;
  /** Transcript changes inside this range. */
  transcript: TranscriptChange[];
  /** Target-change replies inside this range. */
  targetReplies?: TargetReply[];
  /** Final results only: the frames inside this range whose result reports a problem, ascending. */
  problems?: FrameProblemInfo[];
  /** 1: results of the model the panel compares with (after `compareStart`); absent: the panel's model. */
  slot?: number;
  /**
   * True for window distributions known before the pipeline's sequential pass (status, fills and probs
   * are final; smoothing, replies and transcript are not): the frames do not count as analysed yet.
   */
  provisional?: boolean;
}


export interface ProblemsMessage {
  type: 'problems';
  /** Replaces the shown list. */
  problems: ProblemInfo[];
}

export interface AnalysisProgressMessage {
  type: 'analysisProgress';
  /** Frames analysed so far and in total. */
  done: number;
  total: number;
  /** Set when the analysis stopped on an error; the frames analysed so far stay valid. */
  error?: string;
}

export interface LiveStatsMessage {
  type: 'liveStats';
  /** Frames per second received over the last seconds. */
  fps: number;
  /** Session time covered by the current model window, s (6.4 s for 32 frames at 5 fps). */
  windowSpanS: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  repliesSent: number;
  repliesThrottled: number;
  /** Frames dropped by backpressure. */
  dropped: number;
  clients: number;
  /** Server address, for example "ws://127.0.0.1:8765". */
  address: string;
  recording: boolean;
  /** The folder being recorded to, while recording. */
  recordingFolder?: string;
  /** Camera frames (`jpeg_blob`) received; the detector's figures mean something only when there were some. */
  cameraFrames: number;
  /** Hand detector time per camera frame, apart from the model's latency; 0 before the first. */
  detectorP50Ms: number;
  detectorP95Ms: number;
  /** Frames processed without a hand (the backend skips them), of which `undecodable` did not decode as images. */
  noHand: number;
  undecodable: number;
  /** The detector: 'idle' (not needed yet), 'starting', 'ready', or 'failed: <why>'. */
  detector: string;
}

/** Ask the webview to move the playhead (for example from a problem or a search). */
export interface RevealMessage {
  type: 'reveal';
  frame: number;
}

/** A short notice to show (export written, recording saved). */
export interface NoticeMessage {
  type: 'notice';
  level: 'info' | 'warning' | 'error';
  text: string;
}

/**
 * A `frames` or `results` message too large to post, in a file (src/protocol/bulkMessage.ts): the webview
 * fetches `uri` (a webview resource), handles what it holds as if it had been posted, in its place among
 * the other messages, and answers `bulkFetched`.
 */
export interface BulkMessage {
  type: 'bulk';
  uri: string;
  bytes: number;
}

/**
 * Sets the replay panel's knobs as if the user had edited them (after a Reset when `reset`); `report` asks
 * for the per-frame replies in the `knobsApplied` answer.
 */
export interface SetKnobsMessage {
  type: 'setKnobs';
  values: Partial<KnobValues>;
  reset?: boolean;
  report?: boolean;
}

export type ExtensionToWebview =
  | SetKnobsMessage
  | InitMessage
  | FramesMessage
  | BulkMessage
  | ResultsMessage
  | ProblemsMessage
  | AnalysisProgressMessage
  | LiveStatsMessage
  | RevealMessage
  | NoticeMessage
  | FrameImageMessage
  | EvaluationMessage
  | RunActionMessage
  | CompareStartMessage
  | ComparisonMessage
  | CompareClosedMessage
  | AttributionMessage;

/** A frame's camera image, answering `requestImage`; empty `bytes` when the frame has none (or, live, no longer). */
export interface FrameImageMessage {
  type: 'frameImage';
  frame: number;
  /** 'image/jpeg' or 'image/png'. */
  mime: string;
  bytes: Uint8Array;
}

export type * from './webviewToExtension';
export { checkExtensionToWebview, checkWebviewToExtension, isWebviewToExtension, type Checked } from './checkMessages';
