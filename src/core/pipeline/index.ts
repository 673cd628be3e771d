// The pipeline's public API, for replay, live and the CLI.
export type { FrameResult, FrameStatus, ModelRunner, ReplayResult, TargetChangeResult } from './types';
export { replaySession, type ReplayOptions } from './replaySession';
export { LivePipeline } from './livePipeline';
export { WindowStage, type WindowStep } from './windowStage';
export { ReplyStage } from './replyStage';
export { TranscriptDecoder } from './transcriptDecoder';
