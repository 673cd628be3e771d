import type { PipelineProfile } from '../model/profile';
import type { Session } from '../session/types';
import { frameSourceOf } from '../session/frameSource';
import type { FrameResult, ModelRunner, ReplayResult, TargetChangeResult } from './types';
import { WindowStage } from './windowStage';
import { hasWindow, type FrameState } from './frameState';
import { ReplyStage } from './replyStage';
import { TargetQueue } from '../session/targetQueue';

export interface ReplayOptions {
  /** Windows per model call (default 64). */
  batchSize?: number;
  /** Called after each batch with the frames it finished (possibly none), in session order. */
  onFrames?: (finished: FrameResult[]) => void;
  /**
   * False: the result's `frames` stays empty; the caller takes each batch's frames from onFrames and
   * keeps what it needs. Default true.
   */
  keepFrames?: boolean;
  signal?: AbortSignal;
  /** The target letter in force before the session's first target change (default null: free mode). */
  initialTarget?: string | null;
}

/**
 * Batches a replay keeps running at once. Two: the model runs one while the next is built and sent, so a
 * model host never waits for its next request; more would only hold more memory (`npm run bench` compares).
 */
export const BATCHES_IN_FLIGHT = 2;

interface InFlight {
  items: Pending[];
  count: number;
  outputs: Promise<Float32Array | null>;
}

type Pending =
  | { kind: 'frame'; frame: number; t: number; state: FrameState; windowSlot: number }
  | { kind: 'target'; t: number; letter: string | null; beforeFrame: number };

/**
 * Replays a session through the backend's pipeline: windows are computed ahead and run in batches,
 * then the reply stage consumes frames and target changes in session order, with session timestamps.
 */
export async function replaySession(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: PipelineProfile,
  runner: ModelRunner,
  options: ReplayOptions = {},
): Promise<ReplayResult> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 64));
  const keepFrames = options.keepFrames ?? true;
  // A runner that ignores the windows (outputs known already) gets none built: the sequential pass after
  // a panel's analysis spent a third of its time normalizing and copying windows nobody read.
  const buildWindows = runner.ignoresWindows !== true;
  const windows = new WindowStage(profile, buildWindows);
  const replies = new ReplyStage(profile);
  // Set before the first frame, as no target change: no reply goes out for it.
  if (options.initialTarget !== undefined) windows.changeTarget(options.initialTarget);
  const frames: FrameResult[] = [];
  const targetChanges: TargetChangeResult[] = [];
  const windowLength = windows.windowLength;
  // One input block per batch in flight: a block is free again once its batch's run has settled.
  const blocks = Array.from({ length: BATCHES_IN_FLIGHT }, () => new Float32Array(buildWindows ? batchSize * windowLength : 0));
  let block = 0;
  let batch = blocks[block];
  let pending: Pending[] = [];
  let slots = 0;
  let windowCount = 0;
  const inFlight: InFlight[] = [];

  /** The oldest batch in flight: its outputs, then its frames and target changes in session order. */
  const finishOldest = async (): Promise<void> => {
    const { items, count, outputs: running } = inFlight.shift()!;
    const outputs = await running;
    options.signal?.throwIfAborted();
    if (outputs && outputs.length !== count * runner.classCount) {
      throw new Error(`the model returned ${outputs.length} values for ${count} windows, expected ${count * runner.classCount}`);
    }
    const classes = runner.classCount;
    const finished: FrameResult[] = [];
    for (const item of items) {
      if (item.kind === 'target') {
        targetChanges.push(replies.changeTarget(item.t, item.letter, item.beforeFrame));
      } else {
        const row =
          item.windowSlot >= 0 ? outputs!.subarray(item.windowSlot * classes, (item.windowSlot + 1) * classes) : null;
        finished.push(replies.frame(item.frame, item.t, item.state, row));
      }
    }
    if (keepFrames) for (const f of finished) frames.push(f);
    windowCount += count;
    options.onFrames?.(finished);
  };

  /**
   * Starts the batch gathered so far and goes on gathering the next while it runs (with a model host, the
   * next batch's windows are built and sent while the model runs this one), waiting only when
   * BATCHES_IN_FLIGHT batches are out.
   */
  const flush = async (): Promise<void> => {
    options.signal?.throwIfAborted();
    const outputs = slots > 0 ? runner.run(batch.subarray(0, buildWindows ? slots * windowLength : 0), slots) : Promise.resolve(null);
    // Awaited in order by finishOldest; a rejection while an earlier batch is awaited must not go unhandled.
    outputs.catch(() => undefined);
    inFlight.push({ items: pending, count: slots, outputs });
    pending = [];
    slots = 0;
    block = (block + 1) % BATCHES_IN_FLIGHT;
    batch = blocks[block];
    if (inFlight.length >= BATCHES_IN_FLIGHT) await finishOldest();
  };

  const targets = new TargetQueue(session.targets);
  const takeTargetsBefore = (frameIndex: number): void => {
    for (let change = targets.nextBefore(frameIndex); change; change = targets.nextBefore(frameIndex)) {
      windows.changeTarget(change.letter);
      pending.push({ kind: 'target', t: change.t, letter: change.letter, beforeFrame: change.beforeFrame });
    }
  };

  const source = frameSourceOf(session);
  for (let i = 0; i < source.count; i++) {
    takeTargetsBefore(i);
    const state = windows.push(source.firstHand(i), i);
    let windowSlot = -1;
    if (hasWindow(state)) {
      windowSlot = slots++;
      if (buildWindows) windows.writeWindow(batch, windowSlot * windowLength);
    }
    pending.push({ kind: 'frame', frame: i, t: source.t(i), state, windowSlot });
    if (slots === batchSize) await flush();
  }
  takeTargetsBefore(Number.POSITIVE_INFINITY);
  await flush();
  while (inFlight.length) await finishOldest();
  return { frames, targetChanges, windows: windowCount };
}
