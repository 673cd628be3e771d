/**
 * The replay panel's attribution messages (see docs/attribution.md): the webview asks for the occlusion
 * attribution of the window ending at a frame; the extension answers with every occlusion window's
 * distribution, from which the webview scores any class (src/core/attribution/occlusion.ts) without asking
 * again. The webview keeps one request in flight and asks for the newest playhead when it is answered.
 */

export interface RequestAttributionMessage {
  type: 'requestAttribution';
  /** Echoed in the answer; the webview ignores answers to requests it no longer waits for. */
  id: number;
  /** The frame the window ends at (the playhead). */
  frame: number;
}

export interface AttributionMessage {
  type: 'attribution';
  id: number;
  frame: number;
  /** The window's session frames, oldest first; absent when there is no attribution (see `reason`). */
  windowFrames?: Int32Array;
  /** occlusionRowCount(windowFrames.length) * classCount distributions, row-major (occlusion.ts's rows). */
  probs?: Float32Array;
  classCount?: number;
  /** Why there is none: no window ends at the frame (no hand, buffer not full), no model, a model error. */
  reason?: string;
  /** A newer request replaced this one before it ran. */
  stale?: boolean;
}
