/**
 * The model the panel's session is compared with (Compare With Model…): its results in a store of their
 * own (slot-1 `results` messages, same frames), then the worker's comparison (diff lane, transcripts,
 * figures side by side). The webview computes none of it.
 */
import type { ComparisonMessage, CompareStartMessage, ResultsMessage } from '../protocol/messages';
import { SessionStore } from './sessionStore';
import { FrameProblems } from './frameProblems';

export interface Compared {
  model: string;
  store: SessionStore;
  /** The frames whose output from the compared model was not finite. */
  problems: FrameProblems;
  /** Null while the compared model's analysis runs. */
  result: ComparisonMessage | null;
}

export class ComparisonState {
  private current: Compared | null = null;
  /** Why the last comparison ended, when it failed. */
  error: string | null = null;
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly frameCount: () => number, private readonly fps: number) {}

  get(): Compared | null {
    return this.current;
  }

  start(m: CompareStartMessage): void {
    this.current = { model: m.model, store: new SessionStore(m.labels, this.frameCount(), this.fps), problems: new FrameProblems(), result: null };
    this.error = null;
    this.changed();
  }

  /** Takes a slot-1 `results` message; returns whether the compared model's frame problems changed. */
  addResults(m: ResultsMessage): boolean {
    if (!this.current) throw new Error("slot-1 'results' arrived without a 'compareStart'");
    this.current.store.addResults(m);
    return this.current.problems.addResults(m);
  }

  finish(m: ComparisonMessage): void {
    if (!this.current) throw new Error("'comparison' arrived without a 'compareStart'");
    if (m.diff.length !== this.current.store.frameCount) {
      throw new Error(`'comparison' has ${m.diff.length} frame differences (expected ${this.current.store.frameCount}, one per frame)`);
    }
    this.current.result = m;
    this.changed();
  }

  close(error?: string): void {
    this.current = null;
    this.error = error ?? null;
    this.changed();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
