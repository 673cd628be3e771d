import type { BackendReply } from '../model/profile';

export type FrameStatus = 'no-hand' | 'buffering' | 'smoothing' | 'ready';

/** What the pipeline did with one session frame: the fields of `analyze --format jsonl`. */
export interface FrameResult {
  frame: number;
  t: number;
  status: FrameStatus;
  /** The window's distribution after the softmax policy; null when no window ran. */
  probs: Float32Array | null;
  /** Mean of the smoothing buffer; null until it is full. */
  smoothed: Float32Array | null;
  /** The reply the backend would send before throttling; null when it sends none. */
  response: BackendReply | null;
  /** Whether throttling lets `response` out. */
  sent: boolean;
  /** Frames in the window buffer after this frame (0..windowSize). */
  bufferFill: number;
  /** Distributions in the smoothing buffer after this frame (0..smoothingWindow). */
  smoothingFill: number;
  /** The target letter in force (null: free mode). */
  target: string | null;
  /** Decoder transcript after this frame, and the letter it emitted at this frame, if any. */
  transcript: string;
  emitted: string | null;
  /** Set when the window's model output was not finite: what was wrong (the window counted as uniform). */
  problem?: string;
}

/**
 * A target change (the backend's `new_word_letter`): both buffers were cleared and the default reply
 * went out at once, unthrottled. Kept apart from FrameResult because it is not a frame.
 */
export interface TargetChangeResult {
  t: number;
  /** The new target; null returns to free mode. */
  letter: string | null;
  /** Index of the first frame processed after the change. */
  beforeFrame: number;
  response: BackendReply;
  /** Always true: a target change's default reply is never throttled. */
  sent: true;
}

/** The whole of a replayed session. */
export interface ReplayResult {
  frames: FrameResult[];
  targetChanges: TargetChangeResult[];
  /** Windows the model ran on. */
  windows: number;
}

/** Runs a model on a batch of normalized windows; `windows` is [count, windowSize * 63] row-major. */
export interface ModelRunner {
  /**
   * Returns [count, classCount] row-major: the model's first output, before any softmax policy. The caller
   * may reuse `windows` once the promise settles; a runner that keeps the values longer copies them.
   */
  run(windows: Float32Array, count: number): Promise<Float32Array>;
  readonly classCount: number;
  /**
   * True for a runner that answers without looking at the windows (outputs computed earlier): a replay
   * then counts its windows without building them, and hands it an empty `windows`.
   */
  readonly ignoresWindows?: boolean;
}
