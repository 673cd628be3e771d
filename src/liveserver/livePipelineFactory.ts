import type { PipelineProfile } from '../core/model/profile';
import type { ModelRunner } from '../core/pipeline/types';
import { LivePipeline } from '../core/pipeline/livePipeline';
import type { LivePipelineFactory } from '../core/live/livePipeline';

/**
 * Each client's pipeline state; with the profile's sharedState, the one state every client shares, as
 * the backend holds it (LivePipeline runs the calls of all clients in order).
 */
export function livePipelineFactory(profile: PipelineProfile, runner: ModelRunner): LivePipelineFactory {
  if (!profile.sharedState) return () => new LivePipeline(profile, runner);
  const shared = new LivePipeline(profile, runner);
  return () => shared;
}
