import type { PipelineProfile, SoftmaxPolicy, BackendReply } from '../model/profile';
import { roundLikePython } from './roundHalfEven';
import { targetIndex } from './backendReply';
import { Throttle } from './throttle';
import { TranscriptDecoder } from './transcriptDecoder';

/** What the window stage decided for a frame; it depends on the window size and the target changes only. */
export const STEP_NO_HAND = 0;
export const STEP_BUFFERING = 1;
export const STEP_WINDOW = 2;

/** Frame statuses as the pipeline's FrameStatus, in the protocol's and the results cache's order. */
export const PASS_NO_HAND = 0;
export const PASS_BUFFERING = 1;
export const PASS_SMOOTHING = 2;
export const PASS_READY = 3;

/**
 * The model's per-window outputs of an analysis, in columns indexed by frame: everything the pipeline's
 * sequential half (softmax policy, smoothing, reply, target, throttle, decoder) reads.
 */
export interface WindowOutputs {
  frameCount: number;
  classCount: number;
  /** Session time per frame, ms. */
  t: ArrayLike<number>;
  /** STEP_* per frame. */
  step: ArrayLike<number>;
  /** frameCount * classCount, row-major: the window's row at each STEP_WINDOW frame (other rows are not read). */
  rows: Float32Array;
  /** The softmax policy already applied to `rows`: 'never' when they are the model's outputs as it gave them. */
  rowsPolicy: SoftmaxPolicy;
  /** The session's target changes (the backend's reset), in session order. */
  targetChanges: ReadonlyArray<{ beforeFrame: number; t: number; letter: string | null }>;
}

/** The profile values the sequential half reads: changing them needs no model run. */
export type ReplyKnobs = Pick<PipelineProfile, 'smoothingWindow' | 'throttleMs' | 'throttleDelta' | 'softmax' | 'decoder' | 'labels' | 'defaultReply' | 'roundDecimals'>;

/**
 * The target letter in force: 'session' keeps the session's own target changes; `{ letter }` puts that
 * letter (null: free mode) in force from the first frame and in place of every change's letter, whose
 * resets still happen where the app asked for them.
 */
export type TargetChoice = 'session' | { letter: string | null };

/** What the pass gives, in columns indexed by frame, in the conventions of the protocol's `results`. */
export interface ReplyColumns {
  frameCount: number;
  classCount: number;
  /** PASS_* per frame. */
  status: Uint8Array;
  smoothingFill: Uint16Array;
  /** frameCount * classCount: the smoothed distribution (float32 of the float64 mean); NaN until full. */
  smoothed: Float32Array;
  /** Class of the reply's maxarg_letter (before throttling); -1 where no reply. */
  replyLetter: Int16Array;
  /** target_arg_prob as on the wire (rounded); NaN where no reply. */
  replyProb: Float64Array;
  /** 1 where the throttle lets the reply out. */
  sent: Uint8Array;
  /** Class the decoder emitted at the frame; -1 where none. */
  emitted: Int16Array;
  /** Class of the target letter in force; -1 in free mode (or a letter with no class). */
  target: Int16Array;
  /** The transcript after each frame where it changed. */
  transcript: Array<{ frame: number; text: string }>;
  /** The default reply each target change sends at once, unthrottled. */
  targetReplies: Array<{ frame: number; t: number; letter: string | null; reply: BackendReply }>;
  repliesSent: number;
  /** The transcript after the last frame. */
  finalTranscript: string;
  /**
   * What status, smoothingFill and smoothed were computed from, with each ready frame's argmax and its
   * float64 probability, and the argmax of its float32 row in `smoothed` (-1 where not ready; the two
   * differ where float32 rounding ties two classes): a pass with the same distributions and smoothing
   * window reuses them.
   */
  smoothing: {
    rows: Float32Array;
    window: number;
    targetChanges: WindowOutputs['targetChanges'];
    best: Int16Array;
    bestProb: Float64Array;
    bestStored: Int16Array;
  } | null;
}

/** Columns for `frameCount` frames, to be filled by replyPass (and reused by the next pass of the same size). */
export function replyColumns(frameCount: number, classCount: number): ReplyColumns {
  return {
    frameCount,
    classCount,
    status: new Uint8Array(frameCount),
    smoothingFill: new Uint16Array(frameCount),
    smoothed: new Float32Array(frameCount * classCount),
    replyLetter: new Int16Array(frameCount),
    replyProb: new Float64Array(frameCount),
    sent: new Uint8Array(frameCount),
    emitted: new Int16Array(frameCount),
    target: new Int16Array(frameCount),
    transcript: [],
    targetReplies: [],
    repliesSent: 0,
    finalTranscript: '',
    smoothing: null,
  };
}

/**
 * The distributions the knobs' softmax policy gives for the outputs' rows. The same rows when the policy is
 * the one already applied; the backend's softmax of each window row when the rows are the model's own outputs
 * (computed as softmax() does: float64, max-subtracted, stored as float32). Throws when the policy cannot be
 * had from the rows (a softmax cannot be undone): the model must run again.
 */
export function distributionsFor(outputs: WindowOutputs, policy: SoftmaxPolicy): Float32Array {
  if (policy === outputs.rowsPolicy) return outputs.rows;
  if (outputs.rowsPolicy !== 'never') {
    throw new Error(`the softmax policy '${policy}' needs the model's outputs before the '${outputs.rowsPolicy}' policy: the analysis must run again`);
  }
  const { frameCount, classCount: c, rows, step } = outputs;
  const out = new Float32Array(rows.length).fill(NaN);
  const exps = new Float64Array(c);
  for (let f = 0; f < frameCount; f++) {
    if (step[f] !== STEP_WINDOW) continue;
    const o = f * c;
    let max = -Infinity;
    for (let k = 0; k < c; k++) if (rows[o + k] > max) max = rows[o + k];
    let sum = 0;
    for (let k = 0; k < c; k++) {
      exps[k] = Math.exp(rows[o + k] - max);
      sum += exps[k];
    }
    for (let k = 0; k < c; k++) out[o + k] = exps[k] / sum;
  }
  return out;
}

/**
 * The pipeline's sequential half over outputs already computed, with other knob values: exactly what
 * replaySession gives with a profile holding those values (same arithmetic in the same order: the smoothed
 * mean summed oldest first in float64, the unrounded probability to the throttle, the same decoder), without
 * building an object per frame. `distributions` are distributionsFor(outputs, knobs.softmax); pass them to
 * skip that step when they are known. Fills `into` when given (its size must match), else new columns; when
 * `into` was filled from the same distributions with the same smoothing window, its smoothing is reused and
 * only the replies, throttle, target and decoder run again.
 */
export function replyPass(
  outputs: WindowOutputs,
  knobs: ReplyKnobs,
  options: { target?: TargetChoice; distributions?: Float32Array; into?: ReplyColumns } = {},
): ReplyColumns {
  const { frameCount, classCount: c } = outputs;
  const window = knobs.smoothingWindow;
  if (!Number.isInteger(window) || window < 1) throw new Error(`smoothingWindow must be a positive integer, got ${window}`);
  if (knobs.labels.length !== c) throw new Error(`the profile has ${knobs.labels.length} labels for outputs of ${c} classes`);
  const rows = options.distributions ?? distributionsFor(outputs, knobs.softmax);
  const out = options.into ?? replyColumns(frameCount, c);
  if (out.frameCount !== frameCount || out.classCount !== c) throw new Error(`columns for ${out.frameCount} x ${out.classCount} given for ${frameCount} x ${c}`);
  const known = out.smoothing;
  if (!known || known.rows !== rows || known.window !== window || known.targetChanges !== outputs.targetChanges) smoothingPass(outputs, rows, window, out);
  repliesPass(outputs, knobs, options.target ?? 'session', out);
  return out;
}

/**
 * The smoothing buffer over every frame: status, fill and the smoothed distribution, and each ready frame's
 * argmax (numpy's: the first largest) with its float64 probability. Nothing here depends on the target,
 * the throttle or the decoder; the target changes clear the buffer.
 */
function smoothingPass(outputs: WindowOutputs, rows: Float32Array, window: number, out: ReplyColumns): void {
  const { frameCount, classCount: c, step } = outputs;
  const changes = outputs.targetChanges;
  const best = out.smoothing?.best ?? new Int16Array(frameCount);
  const bestProb = out.smoothing?.bestProb ?? new Float64Array(frameCount);
  const bestStored = out.smoothing?.bestStored ?? new Int16Array(frameCount);
  const { smoothed, status, smoothingFill } = out;
  // The buffer as a ring of the frames whose rows it holds, oldest at `head`.
  const ring = new Int32Array(window);
  // At least eight: the written-out sums read eight offsets whatever the window.
  const offsets = new Int32Array(Math.max(window, 8));
  const means = new Float64Array(c);
  let head = 0;
  let fill = 0;
  let nextChange = 0;
  for (let f = 0; f < frameCount; f++) {
    while (nextChange < changes.length && changes[nextChange].beforeFrame <= f) {
      nextChange++;
      fill = 0;
      head = 0;
    }
    best[f] = -1;
    bestStored[f] = -1;
    const o = f * c;
    const kind = step[f];
    if (kind !== STEP_WINDOW) {
      status[f] = kind === STEP_NO_HAND ? PASS_NO_HAND : PASS_BUFFERING;
      smoothingFill[f] = fill;
      smoothed.fill(NaN, o, o + c);
      continue;
    }
    if (fill < window) ring[(head + fill++) % window] = f;
    else {
      ring[head] = f;
      head = (head + 1) % window;
    }
    smoothingFill[f] = fill;
    if (fill < window) {
      status[f] = PASS_SMOOTHING;
      smoothed.fill(NaN, o, o + c);
      continue;
    }
    status[f] = PASS_READY;
    // The buffer's rows oldest first, as offsets into `rows`.
    for (let j = 0, i = head; j < window; j++, i = i + 1 === window ? 0 : i + 1) offsets[j] = ring[i] * c;
    // The plain mean per class, summed oldest first in float64 from 0 (SmoothingBuffer.mean's order and
    // arithmetic), in a register rather than an array. Written out for windows of up to eight rows, so the
    // loop has no branch on the window's length; the argmax runs in a loop of its own after.
    const r0 = offsets[0];
    const r1 = offsets[1];
    const r2 = offsets[2];
    const r3 = offsets[3];
    const r4 = offsets[4];
    const r5 = offsets[5];
    const r6 = offsets[6];
    const r7 = offsets[7];
    switch (window) {
      case 1:
        for (let k = 0; k < c; k++) means[k] = (0 + rows[r0 + k]) / 1;
        break;
      case 2:
        for (let k = 0; k < c; k++) means[k] = (0 + rows[r0 + k] + rows[r1 + k]) / 2;
        break;
      case 3:
        for (let k = 0; k < c; k++) means[k] = (0 + rows[r0 + k] + rows[r1 + k] + rows[r2 + k]) / 3;
        break;
      case 4:
        for (let k = 0; k < c; k++) means[k] = (0 + rows[r0 + k] + rows[r1 + k] + rows[r2 + k] + rows[r3 + k]) / 4;
        break;
      case 5:
        for (let k = 0; k < c; k++) means[k] = (0 + rows[r0 + k] + rows[r1 + k] + rows[r2 + k] + rows[r3 + k] + rows[r4 + k]) / 5;
        break;
      case 6:
        for (let k = 0; k < c; k++) means[k] = (0 + rows[r0 + k] + rows[r1 + k] + rows[r2 + k] + rows[r3 + k] + rows[r4 + k] + rows[r5 + k]) / 6;
        break;
      case 7:
        for (let k = 0; k < c; k++) means[k] = (0 + rows[r0 + k] + rows[r1 + k] + rows[r2 + k] + rows[r3 + k] + rows[r4 + k] + rows[r5 + k] + rows[r6 + k]) / 7;
        break;
      case 8:
        for (let k = 0; k < c; k++) means[k] = (0 + rows[r0 + k] + rows[r1 + k] + rows[r2 + k] + rows[r3 + k] + rows[r4 + k] + rows[r5 + k] + rows[r6 + k] + rows[r7 + k]) / 8;
        break;
      default:
        for (let k = 0; k < c; k++) {
          let sum = 0 + rows[r0 + k] + rows[r1 + k] + rows[r2 + k] + rows[r3 + k] + rows[r4 + k] + rows[r5 + k] + rows[r6 + k] + rows[r7 + k];
          for (let j = 8; j < window; j++) sum += rows[offsets[j] + k];
          means[k] = sum / window;
        }
    }
    // numpy's argmax: the first largest.
    let top = 0;
    let topMean = means[0];
    smoothed[o] = topMean;
    for (let k = 1; k < c; k++) {
      const m = means[k];
      smoothed[o + k] = m;
      if (m > topMean) {
        top = k;
        topMean = m;
      }
    }
    // The float32 row's argmax: rounding to float32 keeps the order, so its largest value is topMean's,
    // first held by `top` or by a class before it that rounds to the same float32.
    const topStoredMean = Math.fround(topMean);
    let topStored = top;
    for (let k = 0; k < top; k++) {
      if (smoothed[o + k] === topStoredMean) {
        topStored = k;
        break;
      }
    }
    best[f] = top;
    bestProb[f] = topMean;
    bestStored[f] = topStored;
  }
  out.smoothing = { rows, window, targetChanges: changes, best, bestProb, bestStored };
}

/** Replies, target, throttle and decoder over the smoothing pass's results. */
function repliesPass(outputs: WindowOutputs, knobs: ReplyKnobs, choice: TargetChoice, out: ReplyColumns): void {
  const { frameCount, classCount: c, t, step } = outputs;
  const { rows, window, best, bestProb } = out.smoothing!;
  out.transcript = [];
  out.targetReplies = [];
  const labels = knobs.labels;
  const classIndex = new Map<string, number>();
  labels.forEach((label, i) => {
    if (!classIndex.has(label)) classIndex.set(label, i);
  });
  const replyIndexOf = Int16Array.from(labels, (label) => classIndex.get(label) ?? -1);
  const targetClass = (letter: string | null): number => (letter === null ? -1 : (classIndex.get(letter) ?? -1));
  const throttle = new Throttle(knobs.throttleMs, knobs.throttleDelta);
  const decoder = new TranscriptDecoder(knobs.decoder, labels);
  const defaultReply = knobs.defaultReply;
  const decimals = knobs.roundDecimals;
  const scale = 10 ** decimals;
  const defaultCode = classIndex.get(defaultReply.maxarg_letter) ?? -1;
  const changes = outputs.targetChanges;
  let nextChange = 0;
  let letter: string | null = choice === 'session' ? null : choice.letter;
  let targetRow = letter === null ? -1 : targetIndex(letter, c);
  let targetCode = targetClass(letter);
  // The window frames in the smoothing buffer, as the smoothing pass had them, for the target's probability.
  const ring = new Int32Array(window);
  let head = 0;
  let fill = 0;
  let transcript = '';
  let sentCount = 0;

  for (let f = 0; f < frameCount; f++) {
    while (nextChange < changes.length && changes[nextChange].beforeFrame <= f) {
      const change = changes[nextChange++];
      fill = 0;
      head = 0;
      if (choice === 'session') letter = change.letter;
      targetRow = letter === null ? -1 : targetIndex(letter, c);
      targetCode = targetClass(letter);
      throttle.reset();
      throttle.forceSent(change.t, defaultReply.maxarg_letter, defaultReply.target_arg_prob);
      decoder.release();
      out.targetReplies.push({ frame: change.beforeFrame, t: change.t, letter, reply: { ...defaultReply } });
    }
    out.target[f] = targetCode;
    out.emitted[f] = -1;
    out.replyLetter[f] = -1;
    out.replyProb[f] = NaN;
    out.sent[f] = 0;
    const kind = step[f];
    if (kind === STEP_BUFFERING) {
      out.replyLetter[f] = defaultCode;
      out.replyProb[f] = defaultReply.target_arg_prob;
      if (throttle.offer(t[f], defaultReply.maxarg_letter, defaultReply.target_arg_prob)) {
        out.sent[f] = 1;
        sentCount++;
      }
      continue;
    }
    if (kind !== STEP_WINDOW) continue;
    if (fill < window) ring[(head + fill++) % window] = f;
    else {
      ring[head] = f;
      head = (head + 1) % window;
    }
    const top = best[f];
    if (top < 0) continue;
    let prob: number;
    if (letter === null) prob = bestProb[f];
    else if (targetRow < 0) prob = 0.0;
    else {
      // The target's smoothed probability, by the smoothing pass's arithmetic for that one class.
      let sum = 0;
      for (let j = 0; j < window; j++) sum += rows[ring[(head + j) % window] * c + targetRow];
      prob = sum / window;
    }
    out.replyLetter[f] = replyIndexOf[top];
    out.replyProb[f] = roundLikePython(prob, decimals, scale);
    if (throttle.offer(t[f], labels[top], prob)) {
      out.sent[f] = 1;
      sentCount++;
    }
    const emitted = decoder.pushBest(top, bestProb[f]);
    if (emitted !== null) out.emitted[f] = classIndex.get(emitted) ?? -1;
    if (decoder.transcript !== transcript) {
      transcript = decoder.transcript;
      out.transcript.push({ frame: f, text: transcript });
    }
  }
  // Target changes after the last frame still send their default replies.
  for (; nextChange < changes.length; nextChange++) {
    const change = changes[nextChange];
    if (choice === 'session') letter = change.letter;
    out.targetReplies.push({ frame: change.beforeFrame, t: change.t, letter, reply: { ...defaultReply } });
  }
  out.repliesSent = sentCount;
  out.finalTranscript = transcript;
}
