import type { PipelineProfile } from '../model/profile';
import type { FrameResult, TargetChangeResult } from './types';
import type { FrameState } from './frameState';
import { applySoftmaxPolicy } from './softmax';
import { Float32Slab } from './float32Slab';
import { SmoothingBuffer } from './smoothingBuffer';
import { replyFor } from './backendReply';
import { Throttle } from './throttle';
import { TranscriptDecoder } from './transcriptDecoder';

/** Why a model output row is not finite (the first such class), or null. */
export function nonFiniteOutput(output: ArrayLike<number>, labels: readonly string[]): string | null {
  for (let i = 0; i < output.length; i++) {
    if (!Number.isFinite(output[i])) return `${output[i]} for class ${labels[i] ?? i}`;
  }
  return null;
}

/** The problem a frame result reports for a window whose model output row is not finite, or null. */
export function nonFiniteOutputProblem(output: ArrayLike<number>, labels: readonly string[]): string | null {
  const bad = nonFiniteOutput(output, labels);
  return bad === null ? null : `non-finite model output: ${bad}; the window counted as uniform`;
}

function uniform(n: number): Float32Array {
  return new Float32Array(n).fill(1 / n);
}

/**
 * A window's distribution: its model output row after the softmax policy, or uniform when the row is not
 * finite (NaN would poison the smoothing buffer for smoothingWindow frames and stop the throttle: every
 * comparison with NaN fails). The replay panel shows it before the sequential pass, which counts the same.
 */
export function windowDistribution(output: Float32Array, profile: Pick<PipelineProfile, 'softmax' | 'labels'>): Float32Array {
  return nonFiniteOutput(output, profile.labels) === null ? applySoftmaxPolicy(output, profile.softmax) : uniform(output.length);
}

/**
 * The sequential half of the pipeline: softmax policy, smoothing, the reply for the target in force,
 * throttle, decoder. Frames must be fed in order, each with its state from the window stage and the model
 * output of its window (if it had one).
 */
export class ReplyStage {
  private readonly smoothing: SmoothingBuffer;
  private readonly throttle: Throttle;
  private readonly decoder: TranscriptDecoder;
  /** Where results' distributions live (see Float32Slab). */
  private readonly distributions: Float32Slab;

  /** `slabLength`: floats a storage block holds; replay keeps hours of results, live only the recent ones. */
  constructor(private readonly profile: PipelineProfile, slabLength?: number) {
    this.distributions = new Float32Slab(slabLength);
    this.smoothing = new SmoothingBuffer(profile.smoothingWindow);
    this.throttle = new Throttle(profile.throttleMs, profile.throttleDelta);
    this.decoder = new TranscriptDecoder(profile.decoder, profile.labels);
  }

  /** Bytes allocated for results' distributions so far. */
  get resultBytes(): number {
    return this.distributions.allocatedBytes;
  }

  /**
   * `state`: what the window stage said of this frame (frameState); `output`: the model's output row for
   * the frame's window when it has one (state 'smoothing' or 'ready'), else null.
   */
  frame(frame: number, t: number, state: FrameState, output: ArrayLike<number> | null): FrameResult {
    // Each result is one object literal with every field: a spread followed by more fields made V8 give the
    // object a dictionary of its properties, several times the size of a fixed shape, for every frame.
    if (state.status === 'no-hand' || state.status === 'buffering') {
      let response = null;
      let sent = false;
      if (state.status === 'buffering') {
        response = { ...this.profile.defaultReply };
        sent = this.throttle.offer(t, response.maxarg_letter, response.target_arg_prob);
      }
      return this.result(frame, t, state, null, null, response, sent, null);
    }
    if (output === null) throw new Error(`frame ${frame} has a window but no model output`);
    // A non-finite row counts as one that says nothing (uniform; see windowDistribution), and is reported.
    const problem = nonFiniteOutputProblem(output, this.profile.labels);
    const probs = this.distributions.copyOf(problem === null ? applySoftmaxPolicy(output, this.profile.softmax) : uniform(output.length));
    this.smoothing.push(probs);
    if (this.smoothing.fill !== state.smoothingFill) {
      throw new Error(`frame ${frame}: the smoothing buffer holds ${this.smoothing.fill} distributions, the frame state says ${state.smoothingFill}`);
    }
    let result: FrameResult;
    if (state.status === 'smoothing') result = this.result(frame, t, state, probs, null, null, false, null);
    else {
      const mean = this.smoothing.mean()!;
      const candidate = replyFor(mean, this.profile.labels, state.target, this.profile.roundDecimals);
      const sent = this.throttle.offer(t, candidate.reply.maxarg_letter, candidate.unroundedProb);
      const emitted = this.decoder.push(mean);
      result = this.result(frame, t, state, probs, this.distributions.copyOf(mean), candidate.reply, sent, emitted);
    }
    if (problem !== null) result.problem = problem;
    return result;
  }

  private result(
    frame: number,
    t: number,
    state: FrameState,
    probs: Float32Array | null,
    smoothed: Float32Array | null,
    response: FrameResult['response'],
    sent: boolean,
    emitted: string | null,
  ): FrameResult {
    return {
      frame,
      t,
      bufferFill: state.bufferFill,
      target: state.target,
      status: state.status,
      probs,
      smoothed,
      response,
      sent,
      smoothingFill: state.smoothingFill,
      transcript: this.decoder.transcript,
      emitted,
    };
  }

  /**
   * The backend's `new_word_letter`: clear the smoothing buffer (the caller tells the window stage, which
   * clears the window buffer and keeps the target in force), reset the throttle, and send the default
   * reply at once.
   */
  changeTarget(t: number, letter: string | null, beforeFrame: number): TargetChangeResult {
    this.smoothing.clear();
    this.throttle.reset();
    const response = { ...this.profile.defaultReply };
    this.throttle.forceSent(t, response.maxarg_letter, response.target_arg_prob);
    this.decoder.release();
    return { t, letter, beforeFrame, response, sent: true };
  }
}
