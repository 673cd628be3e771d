import { performance } from 'node:perf_hooks';
import type { PipelineProfile } from '../core/model/profile';
import type { ModelRunner } from '../core/pipeline/types';
import { LivePipeline } from '../core/pipeline/livePipeline';
import { LiveClientSession } from '../core/live/liveClientSession';
import { formatWireError, formatWireReply } from '../core/pipeline/wireJson';
import { POINT_COUNT } from '../core/hand/topology';

/** Model calls each runner makes in the warm-up: the first is the slow one, the rest settle the next few. */
const WARM_CALLS = 3;

/**
 * Sends a throwaway client's frames through the live path once per runner before the server takes
 * clients: message parsing, the client session, the pipeline, reply formatting, and a few model calls
 * on every model host. Without it the first client pays for the first of each: onnxruntime's first run
 * of a session takes several times a warm one, and the server's code for a frame runs cold, so the
 * first replies of a freshly started server came late. Nothing of it is kept or counted: each runner
 * gets its own pipeline, and the replies go nowhere.
 */
export async function warmUpLivePath(profile: PipelineProfile, runners: readonly ModelRunner[]): Promise<void> {
  const frames = profile.windowSize + WARM_CALLS;
  await Promise.all(
    runners.map(async (runner) => {
      let t = 0;
      const session = new LiveClientSession({
        pipeline: new LivePipeline(profile, runner),
        send: (reply) => void ('error' in reply ? formatWireError(reply.error) : formatWireReply(reply)),
        clock: () => t,
        latencyClock: () => performance.now(),
      });
      for (let i = 0; i < frames; i++) {
        t += 33;
        session.receive(JSON.stringify({ landmarks: syntheticHand(i) }));
        await session.idle();
      }
      session.close();
    }),
  );
}

/** A plausible open hand, moved a little each frame. */
function syntheticHand(frame: number): number[][] {
  return Array.from({ length: POINT_COUNT }, (_, p) => [0.4 + 0.01 * p + 0.001 * frame, 0.6 - 0.015 * p, -0.01 * (p % 5)]);
}
