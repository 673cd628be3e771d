import type { AttributionOutcome } from './protocol';

interface Waiting {
  frame: number;
  run: () => Promise<AttributionOutcome>;
  resolve: (outcome: AttributionOutcome) => void;
}

/**
 * One document's attribution requests: one runs at a time (its batch is in the model hosts), and of those
 * that arrive meanwhile only the newest waits; the one it replaces is answered `stale` at once, without
 * running. A playhead that moves on while a window is attributed costs one more batch, not one per frame.
 */
export class AttributionQueue {
  private running = false;
  private waiting: Waiting | null = null;

  /** Runs `run` (the attribution of the window ending at `frame`, which never rejects) in its turn. */
  request(frame: number, run: () => Promise<AttributionOutcome>): Promise<AttributionOutcome> {
    return new Promise((resolve) => {
      if (this.waiting) this.waiting.resolve({ frame: this.waiting.frame, stale: true });
      this.waiting = { frame, run, resolve };
      if (!this.running) void this.next();
    });
  }

  /** Answers a waiting request `stale` (the document closed); the running one finishes. */
  clear(): void {
    this.waiting?.resolve({ frame: this.waiting.frame, stale: true });
    this.waiting = null;
  }

  private async next(): Promise<void> {
    this.running = true;
    while (this.waiting) {
      const { run, resolve } = this.waiting;
      this.waiting = null;
      resolve(await run());
    }
    this.running = false;
  }
}
