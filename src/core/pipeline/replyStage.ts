import type { PipelineProfile } from '../model/profile';
import type { FrameResult, TargetChangeResult } from './types';
import type { WindowStep } from './windowStage';
import { applySoftmaxPolicy } from './softmax';
import { Float32Slab } from './float32Slab';
import { SmoothingBuffer } from './smoothingBuffer';
import { replyFor } from './backendReply';
import { Throttle } from './throttle';
import { TranscriptDecoder } from './transcriptDecoder';

/**
 * The sequential half of the pipeline: softmax policy, smoothing, reply, target, throttle, decoder.
 * Frames must be fed in order, each with the model output of its window (if it had one).
 */
export class ReplyStage {
  private readonly smoothing: SmoothingBuffer;
  private readonly throttle: Throttle;
  private readonly decoder: TranscriptDecoder;
  private currentTarget: string | null = null;
  /** Where results' distributions live (see Float32Slab). */
  private readonly distributions = new Float32Slab();

  constructor(private readonly profile: PipelineProfile) {
    this.smoothing = new SmoothingBuffer(profile.smoothingWindow);
    this.throttle = new Throttle(profile.throttleMs, profile.throttleDelta);
    this.decoder = new TranscriptDecoder(profile.decoder, profile.labels);
  }

  get target(): string | null {
    return this.currentTarget;
  }

  /** `output`: the model's output row for this frame's window when step.kind is 'window', else null. */
  frame(frame: number, t: number, step: WindowStep, output: ArrayLike<number> | null): FrameResult {
    // Each result is one object literal with every field: a spread followed by more fields made V8 give the
    // object a dictionary of its properties, ~1 KB instead of ~0.2 KB, for every frame of a session.
    if (step.kind === 'no-hand' || step.kind === 'buffering') {
      let response = null;
      let sent = false;
      if (step.kind === 'buffering') {
        response = { ...this.profile.defaultReply };
        sent = this.throttle.offer(t, response.maxarg_letter, response.target_arg_prob);
      }
      return this.result(frame, t, step.kind, step.bufferFill, null, null, response, sent, null);
    }
    if (output === null) throw new Error(`frame ${frame} has a window but no model output`);
    const probs = this.distributions.copyOf(applySoftmaxPolicy(output, this.profile.softmax));
    this.smoothing.push(probs);
    const mean = this.smoothing.mean();
    if (mean === null) return this.result(frame, t, 'smoothing', step.bufferFill, probs, null, null, false, null);
    const candidate = replyFor(mean, this.profile.labels, this.currentTarget, this.profile.roundDecimals);
    const sent = this.throttle.offer(t, candidate.reply.maxarg_letter, candidate.unroundedProb);
    const emitted = this.decoder.push(mean);
    return this.result(frame, t, 'ready', step.bufferFill, probs, this.distributions.copyOf(mean), candidate.reply, sent, emitted);
  }

  private result(
    frame: number,
    t: number,
    status: FrameResult['status'],
    bufferFill: number,
    probs: Float32Array | null,
    smoothed: Float32Array | null,
    response: FrameResult['response'],
    sent: boolean,
    emitted: string | null,
  ): FrameResult {
    return {
      frame,
      t,
      bufferFill,
      target: this.currentTarget,
      status,
      probs,
      smoothed,
      response,
      sent,
      smoothingFill: this.smoothing.fill,
      transcript: this.decoder.transcript,
      emitted,
    };
  }

  /**
   * The backend's `new_word_letter`: clear the smoothing buffer (the caller clears the window
   * buffer), set the target, reset the throttle, and send the default reply at once.
   */
  changeTarget(t: number, letter: string | null, beforeFrame: number): TargetChangeResult {
    this.smoothing.clear();
    this.currentTarget = letter;
    this.throttle.reset();
    const response = { ...this.profile.defaultReply };
    this.throttle.forceSent(t, response.maxarg_letter, response.target_arg_prob);
    this.decoder.release();
    return { t, letter, beforeFrame, response, sent: true };
  }
}
