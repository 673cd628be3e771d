/**
 * The attribution at the playhead, shared by the cards that draw it (the hand views' heat, the frame
 * strip): the answers (attributionRequests.ts), the class picked (the predicted one by default), and the
 * scores of the window ending at the playhead for that class (src/core/attribution/occlusion.ts).
 */
import { largestScore, occlusionScores, predictedClass, type OcclusionDistributions, type OcclusionScores } from '../core/attribution/occlusion';
import type { AttributionMessage } from '../protocol/messages';
import { AttributionRequests } from './attributionRequests';
import type { PanelContext } from './panelView';

/** The class picker's value for "the window's predicted class". */
export const PREDICTED = '';

export type AttributionAtFrame =
  | { kind: 'off' }
  | { kind: 'pending'; frame: number }
  | { kind: 'none'; frame: number; reason: string }
  | {
      kind: 'ready';
      frame: number;
      windowFrames: Int32Array;
      predicted: number;
      scores: OcclusionScores;
      /**
       * The largest absolute landmark and frame scores: each view's scale ends there (its own legend says so),
       * so that frames that matter less than points still show their differences.
       */
      maxLandmarks: number;
      maxFrames: number;
    };

export class Attribution {
  readonly requests: AttributionRequests;
  /** A label, or PREDICTED. */
  private picked = PREDICTED;
  private readonly listeners: Array<() => void> = [];
  private cached: { frame: number; picked: string; answer: AttributionMessage; at: AttributionAtFrame } | null = null;

  constructor(private readonly ctx: Pick<PanelContext, 'init' | 'post' | 'requestDraw' | 'store'>) {
    this.requests = new AttributionRequests((message) => ctx.post(message));
  }

  /** Replays only: a live panel's frames are not in the replay worker. */
  get enabled(): boolean {
    return this.ctx.init.mode === 'replay' && this.ctx.init.model !== null;
  }

  get pickedClass(): string {
    return this.picked;
  }

  pick(label: string): void {
    if (label === this.picked) return;
    this.picked = label;
    for (const listener of this.listeners) listener();
    this.ctx.requestDraw(false);
  }

  onPick(listener: () => void): void {
    this.listeners.push(listener);
  }

  receive(message: AttributionMessage): void {
    if (this.requests.receive(message)) this.ctx.requestDraw(false);
  }

  /** What to draw for the window ending at `frame` (asks for it when it is not known yet). */
  at(frame: number): AttributionAtFrame {
    if (!this.enabled) return { kind: 'off' };
    const answer = this.requests.want(frame);
    if (!answer) return { kind: 'pending', frame };
    const c = this.cached;
    if (c && c.frame === frame && c.picked === this.picked && c.answer === answer) return c.at;
    const at = this.compute(frame, answer);
    this.cached = { frame, picked: this.picked, answer, at };
    return at;
  }

  private compute(frame: number, answer: AttributionMessage): AttributionAtFrame {
    if (!answer.probs || !answer.windowFrames || !answer.classCount) return { kind: 'none', frame, reason: answer.reason ?? 'no attribution' };
    const d: OcclusionDistributions = { windowSize: answer.windowFrames.length, classCount: answer.classCount, probs: answer.probs };
    const predicted = predictedClass(d);
    const index = this.picked === PREDICTED ? predicted : this.ctx.store.labels.indexOf(this.picked);
    const scores = occlusionScores(d, index >= 0 && index < d.classCount ? index : predicted);
    const maxLandmarks = largestScore({ landmarks: scores.landmarks, frames: [] });
    const maxFrames = largestScore({ landmarks: [], frames: scores.frames });
    return { kind: 'ready', frame, windowFrames: answer.windowFrames, predicted, scores, maxLandmarks, maxFrames };
  }
}
