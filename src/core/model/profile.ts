/**
 * A pipeline profile: every number and policy of the backend's pipeline, as data.
 * Defaults equal the reference backend (see ../shared/reference/backend-pipeline.md).
 */
export type InputLayout =
  /** [B, T, 63]: x0, y0, z0, x1, ... per frame. */
  | 'flat'
  /** [B, T, 21, 3]. */
  | 'points';

export type SoftmaxPolicy =
  /** Always apply softmax to the first output, as the backend does (even to probabilities). */
  | 'always'
  /** Use the output as the distribution unchanged. */
  | 'never';

export type Normalization =
  /** Per frame: subtract the wrist, then divide all 63 values by the largest absolute value if > 0. */
  | 'wrist-maxabs'
  | 'none';

export interface BackendReply {
  maxarg_letter: string;
  target_arg_prob: number;
}

export interface DecoderSettings {
  /** Frames a letter must stay the smoothed argmax above `minProb` before it is emitted. */
  holdFrames: number;
  minProb: number;
}

/**
 * The hand detector's options: those of the backend's `mp.solutions.hands.Hands(...)`, plus how the
 * browser build of the same solution (@mediapipe/hands) runs its models.
 */
export interface DetectorSettings {
  /** 0: the lite landmark model, 1: the full one (the backend's). */
  modelComplexity: 0 | 1;
  maxNumHands: number;
  minDetectionConfidence: number;
  minTrackingConfidence: number;
  /** false: track the hand across frames (the backend's); true: detect afresh on every frame. */
  staticImageMode: boolean;
  /** Run the models on the CPU (WASM) instead of WebGL; in headless Chromium the CPU is far faster. */
  useCpuInference: boolean;
}

export interface PipelineProfile {
  /** Frames per window; 1 for per-frame models. */
  windowSize: number;
  /** Distributions averaged by the smoothing buffer. */
  smoothingWindow: number;
  throttleMs: number;
  throttleDelta: number;
  defaultReply: BackendReply;
  labels: string[];
  normalization: Normalization;
  softmax: SoftmaxPolicy;
  inputLayout: InputLayout;
  /** Decimals of `target_arg_prob` on the wire. */
  roundDecimals: number;
  decoder: DecoderSettings;
  /** Model input and output names; empty means the model's first. */
  inputName: string;
  outputName: string;
  detector: DetectorSettings;
  /**
   * false: every live client has its own pipeline state and hand tracker. true: one state and one
   * tracker for all clients, as the backend holds them (two clients' frames mix in one buffer).
   */
  sharedState: boolean;
}

export const LABELS_29: readonly string[] = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''),
  'SPACE',
  'DELETE',
  'NOTHING',
];
export const LABELS_26: readonly string[] = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');

export const BACKEND_DEFAULT_PROFILE: Readonly<PipelineProfile> = Object.freeze({
  windowSize: 32,
  smoothingWindow: 5,
  throttleMs: 75,
  throttleDelta: 0.03,
  defaultReply: { maxarg_letter: 'A', target_arg_prob: 0.0 },
  labels: [...LABELS_29],
  normalization: 'wrist-maxabs',
  softmax: 'always',
  inputLayout: 'flat',
  roundDecimals: 4,
  decoder: { holdFrames: 8, minProb: 0.6 },
  inputName: '',
  outputName: '',
  detector: Object.freeze({
    modelComplexity: 1,
    maxNumHands: 1,
    minDetectionConfidence: 0.5,
    minTrackingConfidence: 0.5,
    staticImageMode: false,
    useCpuInference: true,
  }) as DetectorSettings,
  sharedState: false,
});

/** Where a resolved profile field's value came from, shown to the user. */
export type ProfileSource = 'default' | 'inferred' | 'metadata' | 'sidecar' | 'settings';

export interface ResolvedProfile {
  profile: PipelineProfile;
  sources: Record<keyof PipelineProfile, ProfileSource>;
  warnings: string[];
}
