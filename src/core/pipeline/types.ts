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
}

/** Runs a model on a batch of normalized windows; `windows` is [count, windowSize * 63] row-major. */
export interface ModelRunner {
  run(windows: Float32Array, count: number): Promise<Float32Array>;
  readonly classCount: number;
}
