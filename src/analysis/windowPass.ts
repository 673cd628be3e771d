import type { PipelineProfile } from '../core/model/profile';
import type { Session } from '../core/session/types';
import type { TargetChangeResult } from '../core/pipeline/types';
import { ReplyStage } from '../core/pipeline/replyStage';
import { WindowStage } from '../core/pipeline/windowStage';
import { hasWindow } from '../core/pipeline/frameState';
import { TargetQueue } from '../core/session/targetQueue';
import { frameSourceOf } from '../core/session/frameSource';
import type { WindowRecorder } from './windowRecorder';
import type { WindowStates } from './windowStates';
import { yieldToEventLoop } from '../core/yieldToEventLoop';

export interface WindowPassOptions {
  /**
   * Most windows listed between two yields to the event loop. Fewer when listing them took stepBudgetMs:
   * while this code is not optimized yet (the first windows of a thread's first analysis), a whole batch
   * would hold the thread far longer than one step should.
   */
  batchSize?: number;
  /** Time spent listing windows before a yield, however few, ms (default 4). */
  stepBudgetMs?: number;
  signal?: AbortSignal;
}

/**
 * Lists every window the pipeline will ask the model for, in session order, with what the sequential
 * pass will say of its frame, without running that pass: the window stage alone decides which frames
 * have a window and their state (frameState). The reply stage's work per frame (replies, throttle, decoder and
 * their objects) was two thirds of this pass's time and most of its garbage.
 *
 * Every frame the window stage buffers goes to `recorder` as a row, and each window as the rows it ends
 * at (WindowRecorder); each window's frame state goes to `states`. Returns the target changes with the
 * default replies the pipeline sends for them.
 */
export async function listWindows(
  session: Pick<Session, 'frames' | 'targets'>,
  profile: PipelineProfile,
  recorder: WindowRecorder,
  states: WindowStates,
  options: WindowPassOptions = {},
): Promise<TargetChangeResult[]> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 64));
  const windows = new WindowStage(profile);
  // Only for the target changes' replies: the pipeline's own code says what they are.
  const replies = new ReplyStage(profile);
  const targetChanges: TargetChangeResult[] = [];
  const targets = new TargetQueue(session.targets);
  let listed = 0;

  const stepBudgetMs = options.stepBudgetMs ?? 4;
  let stepStarted = performance.now();
  const pause = async (): Promise<void> => {
    options.signal?.throwIfAborted();
    await yieldToEventLoop();
    listed = 0;
    stepStarted = performance.now();
  };
  const takeTargetsBefore = (frameIndex: number): void => {
    for (let change = targets.nextBefore(frameIndex); change; change = targets.nextBefore(frameIndex)) {
      windows.changeTarget(change.letter);
      targetChanges.push(replies.changeTarget(change.t, change.letter, change.beforeFrame));
    }
  };

  const frames = frameSourceOf(session);
  for (let i = 0; i < frames.count; i++) {
    takeTargetsBefore(i);
    const hand = frames.firstHand(i);
    const state = windows.push(hand, i);
    if (hand === null) continue;
    recorder.addRow(windows.newestRow());
    if (!hasWindow(state)) continue;
    recorder.addWindow();
    states.add(i, frames.t(i), state);
    if (++listed === batchSize || performance.now() - stepStarted >= stepBudgetMs) await pause();
  }
  takeTargetsBefore(Number.POSITIVE_INFINITY);
  options.signal?.throwIfAborted();
  return targetChanges;
}
