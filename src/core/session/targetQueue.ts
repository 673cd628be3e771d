import type { TargetChange } from './types';

/**
 * A session's target changes in the order they take effect: by the frame they come before, and in file
 * order among changes before the same frame. Replay, the window pass, the session writer and the live
 * sender all walk the frames and apply the changes due before each one.
 */
export class TargetQueue {
  private readonly ordered: TargetChange[];
  private next = 0;

  constructor(targets: readonly TargetChange[]) {
    // Array.prototype.sort is stable, which keeps file order on ties.
    this.ordered = [...targets].sort((a, b) => a.beforeFrame - b.beforeFrame);
  }

  /** The next change due before frame `frameIndex` (Infinity: any left), removed from the queue; undefined when none is. */
  nextBefore(frameIndex: number): TargetChange | undefined {
    const change = this.ordered[this.next];
    if (change === undefined || change.beforeFrame > frameIndex) return undefined;
    this.next++;
    return change;
  }
}
