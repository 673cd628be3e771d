import type { PipelineProfile } from '../model/profile';
import type { Session } from '../session/types';
import { frameSourceOf } from '../session/frameSource';
import type { FrameResult, ModelRunner, ReplayResult, TargetChangeResult } from './types';
import { WindowStage, type WindowStep } from './windowStage';
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
}

type Pending =
  | { kind: 'frame'; frame: number; t: number; step: WindowStep; windowSlot: number }
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
  const windows = new WindowStage(profile);
  const replies = new ReplyStage(profile);
  const frames: FrameResult[] = [];
  const targetChanges: TargetChangeResult[] = [];
  const windowLength = windows.windowLength;
  const batch = new Float32Array(batchSize * windowLength);
  let pending: Pending[] = [];
  let slots = 0;
  let windowCount = 0;

  const flush = async (): Promise<void> => {
    options.signal?.throwIfAborted();
    let outputs: Float32Array | null = null;
    if (slots > 0) {
      outputs = await runner.run(batch.subarray(0, slots * windowLength), slots);
      const expected = slots * runner.classCount;
      if (outputs.length !== expected) {
        throw new Error(`the model returned ${outputs.length} values for ${slots} windows, expected ${expected}`);
      }
    }
    const classes = runner.classCount;
    const finished: FrameResult[] = [];
    for (const item of pending) {
      if (item.kind === 'target') {
        targetChanges.push(replies.changeTarget(item.t, item.letter, item.beforeFrame));
      } else {
        const row =
          item.windowSlot >= 0 ? outputs!.subarray(item.windowSlot * classes, (item.windowSlot + 1) * classes) : null;
        finished.push(replies.frame(item.frame, item.t, item.step, row));
      }
    }
    if (keepFrames) for (const f of finished) frames.push(f);
    windowCount += slots;
    pending = [];
    slots = 0;
    options.onFrames?.(finished);
  };

  const targets = new TargetQueue(session.targets);
  const takeTargetsBefore = (frameIndex: number): void => {
    for (let change = targets.nextBefore(frameIndex); change; change = targets.nextBefore(frameIndex)) {
      windows.reset();
      pending.push({ kind: 'target', t: change.t, letter: change.letter, beforeFrame: change.beforeFrame });
    }
  };

  const source = frameSourceOf(session);
  for (let i = 0; i < source.count; i++) {
    takeTargetsBefore(i);
    const step = windows.push(source.firstHand(i));
    let windowSlot = -1;
    if (step.kind === 'window') {
      windowSlot = slots++;
      windows.writeWindow(batch, windowSlot * windowLength);
    }
    pending.push({ kind: 'frame', frame: i, t: source.t(i), step, windowSlot });
    if (slots === batchSize) await flush();
  }
  takeTargetsBefore(Number.POSITIVE_INFINITY);
  await flush();
  return { frames, targetChanges, windows: windowCount };
}
