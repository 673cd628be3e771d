/**
 * Everything the webview knows about the session, in flat typed arrays indexed by frame. Filled by
 * `frames` and `results` messages arriving in any order; live sessions grow at the end.
 */
import {
  STATUS_NO_HAND,
  STATUS_PENDING,
  STATUS_SMOOTHING,
  STATUS_READY,
  type FramesMessage,
  type ResultsMessage,
  type TargetSpan,
  type LabelSpanInfo,
  type TargetReply,
} from '../protocol/messages';
import type { ReplyColumns } from '../core/pipeline/replyPass';
import { VALUES_PER_FRAME } from '../core/hand/topology';


export class SessionStore {
  frameCount = 0;
  classCount: number;
  labels: string[];
  t = new Float64Array(0);
  landmarks = new Float32Array(0);
  hasHand = new Uint8Array(0);
  frameKnown = new Uint8Array(0);
  /** 1 where the frame's latest result is final (not provisional) and not pending: it counts as analysed. */
  private analysed = new Uint8Array(0);
  status = new Uint8Array(0);
  probs = new Float32Array(0);
  smoothed = new Float32Array(0);
  replyLetter = new Int16Array(0);
  replyProb = new Float32Array(0);
  sent = new Uint8Array(0);
  bufferFill = new Uint8Array(0);
  smoothingFill = new Uint8Array(0);
  target = new Int16Array(0);
  emitted = new Int16Array(0);
  targets: TargetSpan[] = [];
  labelSpans: LabelSpanInfo[] = [];
  targetReplies: TargetReply[] = [];
  framesReceived = 0;
  /** Highest window probability per class so far. */
  private peak: Float64Array;
  resultsReceived = 0;
  /** Bumped on every change of data, so views know when to redraw traces. */
  version = 0;
  private capacity = 0;
  private transcriptByFrame = new Map<number, string>();
  private transcriptFrames: number[] = [];
  private transcriptTexts: string[] = [];
  private transcriptDirty = false;

  constructor(labels: string[], frameCount: number, readonly fps: number) {
    this.labels = labels;
    this.classCount = labels.length;
    this.peak = new Float64Array(labels.length);
    // At least one slot, so views can read frame 0 of a live session before its first frame.
    this.ensureCapacity(Math.max(1, frameCount));
    this.frameCount = frameCount;
  }

  /** Grows every array to hold at least `n` frames (doubling, for live sessions). */
  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const capacity = Math.max(n, this.capacity * 2, 64);
    const c = this.classCount;
    const grow = <T extends Float64Array | Float32Array | Uint8Array | Int16Array>(old: T, perFrame: number, fill: number): T => {
      const next = new (old.constructor as { new (n: number): T })(capacity * perFrame);
      next.fill(fill, old.length);
      next.set(old);
      return next;
    };
    this.t = grow(this.t, 1, NaN);
    this.landmarks = grow(this.landmarks, VALUES_PER_FRAME, NaN);
    this.hasHand = grow(this.hasHand, 1, 0);
    this.frameKnown = grow(this.frameKnown, 1, 0);
    this.analysed = grow(this.analysed, 1, 0);
    this.status = grow(this.status, 1, STATUS_PENDING);
    this.probs = grow(this.probs, c, NaN);
    this.smoothed = grow(this.smoothed, c, NaN);
    this.replyLetter = grow(this.replyLetter, 1, -1);
    this.replyProb = grow(this.replyProb, 1, NaN);
    this.sent = grow(this.sent, 1, 0);
    this.bufferFill = grow(this.bufferFill, 1, 0);
    this.smoothingFill = grow(this.smoothingFill, 1, 0);
    this.target = grow(this.target, 1, -1);
    this.emitted = grow(this.emitted, 1, -1);
    this.capacity = capacity;
  }

  private extendTo(end: number): void {
    if (end > this.frameCount) {
      this.ensureCapacity(end);
      this.frameCount = end;
    }
  }

  addFrames(m: FramesMessage): void {
    this.extendTo(Math.max(m.start + m.count, m.totalFrames ?? 0));
    for (let i = 0; i < m.count; i++) if (!this.frameKnown[m.start + i]) this.framesReceived++;
    this.t.set(m.t, m.start);
    this.landmarks.set(m.landmarks, m.start * VALUES_PER_FRAME);
    this.hasHand.set(m.hasHand, m.start);
    this.frameKnown.fill(1, m.start, m.start + m.count);
    if (m.targets) this.targets = [...m.targets].sort((a, b) => a.frame - b.frame);
    if (m.labelSpans) this.labelSpans = [...m.labelSpans].sort((a, b) => a.t0 - b.t0);
    this.version++;
  }

  addResults(m: ResultsMessage): void {
    if (m.classCount !== this.classCount) {
      throw new Error(`results message has ${m.classCount} classes (expected ${this.classCount}, the labels sent with init)`);
    }
    this.extendTo(m.start + m.count);
    // A frame counts as analysed while its latest result is final and not pending (provisional ones only
    // show the window's distribution early); repeated results must not count twice.
    for (let i = 0; i < m.count; i++) {
      const now = m.provisional !== true && m.status[i] !== STATUS_PENDING ? 1 : 0;
      if (now !== this.analysed[m.start + i]) {
        this.analysed[m.start + i] = now;
        this.resultsReceived += now ? 1 : -1;
      }
    }
    const c = this.classCount;
    const end = m.start + m.count;
    this.status.set(m.status, m.start);
    // Absent in final results that follow provisional ones: the distributions came with those.
    if (m.probs) this.probs.set(m.probs, m.start * c);
    // Absent in provisional results: not known yet.
    setOrFill(this.smoothed, m.smoothed, m.start * c, end * c, NaN);
    setOrFill(this.replyLetter, m.replyLetter, m.start, end, -1);
    setOrFill(this.replyProb, m.replyProb, m.start, end, NaN);
    setOrFill(this.sent, m.sent, m.start, end, 0);
    setOrFill(this.emitted, m.emitted, m.start, end, -1);
    this.bufferFill.set(m.bufferFill, m.start);
    this.smoothingFill.set(m.smoothingFill, m.start);
    this.target.set(m.target, m.start);
    if (m.probs) {
      for (let i = 0; i < m.count; i++) {
        const st = m.status[i];
        if (st !== STATUS_SMOOTHING && st !== STATUS_READY) continue;
        for (let k = 0; k < c; k++) {
          const v = m.probs[i * c + k];
          if (v > this.peak[k]) this.peak[k] = v;
        }
      }
    }
    for (const change of m.transcript) this.transcriptByFrame.set(change.frame, change.text);
    if (m.transcript.length) this.transcriptDirty = true;
    if (m.targetReplies?.length) {
      const byFrame = new Map(this.targetReplies.map((r) => [r.frame, r]));
      for (const r of m.targetReplies) byFrame.set(r.frame, r);
      this.targetReplies = [...byFrame.values()].sort((a, b) => a.frame - b.frame);
    }
    this.version++;
  }

  /**
   * Replaces what the pipeline's sequential half gave every frame (the knobs changed: replyPass), and the
   * window distributions when the softmax policy changed; `smoothingUnchanged`: the columns' status, fills
   * and smoothed distributions are the ones applied last.
   */
  applyReplyColumns(columns: ReplyColumns, probs?: Float32Array, smoothingUnchanged = false): void {
    const n = columns.frameCount;
    const c = this.classCount;
    if (n !== this.frameCount || columns.classCount !== c) throw new Error(`reply columns for ${n} x ${columns.classCount} given to a store of ${this.frameCount} x ${c}`);
    // An hour's smoothed distributions are 12.5 MB: not copied again when only replies changed.
    if (!smoothingUnchanged) {
      this.status.set(columns.status);
      this.smoothingFill.set(columns.smoothingFill);
      this.smoothed.set(columns.smoothed);
    }
    this.replyLetter.set(columns.replyLetter);
    this.replyProb.set(columns.replyProb);
    this.sent.set(columns.sent);
    this.emitted.set(columns.emitted);
    this.target.set(columns.target);
    if (probs) this.probs.set(probs.subarray(0, n * c));
    this.transcriptByFrame = new Map(columns.transcript.map((change) => [change.frame, change.text]));
    this.transcriptDirty = true;
    this.targetReplies = columns.targetReplies.map((r) => ({ frame: r.frame, t: r.t, reply: r.reply }));
    this.version++;
  }

  /** Session time of a frame in ms; frames not received yet are placed by the fps. */
  timeOf(frame: number): number {
    const t = this.t[frame];
    if (!Number.isNaN(t)) return t;
    return this.startMs() + (frame * 1000) / (this.fps || 30);
  }

  startMs(): number {
    return this.frameCount > 0 && !Number.isNaN(this.t[0]) ? this.t[0] : 0;
  }

  endMs(): number {
    if (this.frameCount === 0) return 0;
    return this.timeOf(this.frameCount - 1);
  }

  /** Seconds from the first frame to `frame`, as the readouts show it. */
  secondsAt(frame: number): string {
    return ((this.timeOf(frame) - this.startMs()) / 1000).toFixed(3);
  }

  /** The last frame whose time is <= `ms` (0 when before the first). */
  frameAtTime(ms: number): number {
    let lo = 0;
    let hi = this.frameCount - 1;
    if (hi < 0) return 0;
    if (ms <= this.timeOf(0)) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.timeOf(mid) <= ms) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  isComplete(): boolean {
    return this.frameCount > 0 && this.framesReceived >= this.frameCount && this.resultsReceived >= this.frameCount;
  }

  /** Transcript after `frame` (the decoder's text so far). */
  transcriptAt(frame: number): string {
    if (this.transcriptDirty) {
      this.transcriptFrames = [...this.transcriptByFrame.keys()].sort((a, b) => a - b);
      this.transcriptTexts = this.transcriptFrames.map((f) => this.transcriptByFrame.get(f) ?? '');
      this.transcriptDirty = false;
    }
    let lo = 0;
    let hi = this.transcriptFrames.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.transcriptFrames[mid] <= frame) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? '' : this.transcriptTexts[found];
  }

  /** The frame of the last transcript change at or before `frame`, or -1. */
  lastTranscriptChange(frame: number): number {
    this.transcriptAt(frame);
    let best = -1;
    for (const f of this.transcriptFrames) {
      if (f > frame) break;
      best = f;
    }
    return best;
  }

  /** No-hand frames come from the frames themselves, so they are counted even when no analysis ran. */
  counts(): { repliesSent: number; noHandFrames: number; windows: number; distributions: number } {
    let repliesSent = 0;
    let noHandFrames = 0;
    let windows = 0;
    let distributions = 0;
    for (let i = 0; i < this.frameCount; i++) {
      const s = this.status[i];
      if (this.sent[i]) repliesSent++;
      if (this.frameKnown[i] ? !this.hasHand[i] : s === STATUS_NO_HAND) noHandFrames++;
      if (s === STATUS_SMOOTHING || s === STATUS_READY) {
        windows++;
        if (!Number.isNaN(this.probs[i * this.classCount])) distributions++;
      }
    }
    return { repliesSent, noHandFrames, windows, distributions };
  }

  /** Next (dir 1) or previous (dir -1) frame from `frame` where `test` holds, or -1. */
  findFrame(frame: number, dir: 1 | -1, test: (i: number) => boolean): number {
    for (let i = frame + dir; i >= 0 && i < this.frameCount; i += dir) if (test(i)) return i;
    return -1;
  }

  /** Argmax of a row of `probs`/`smoothed` at a frame; -1 when the row is NaN. */
  argmax(values: Float32Array, frame: number): number {
    const c = this.classCount;
    let best = -1;
    let bestValue = -Infinity;
    for (let k = 0; k < c; k++) {
      const v = values[frame * c + k];
      if (v > bestValue) {
        bestValue = v;
        best = k;
      }
    }
    return best;
  }

  /** Classes ordered by their peak window probability over the results received (kept as they arrive). */
  classesByPeak(): number[] {
    const peak = this.peak;
    return [...Array(this.classCount).keys()].sort((a, b) => peak[b] - peak[a] || a - b);
  }
}

/** Copies `values` into `into` at `from`, or fills [from, to) with `empty` when there are none. */
function setOrFill<T extends Float32Array | Uint8Array | Int16Array>(into: T, values: T | undefined, from: number, to: number, empty: number): void {
  if (values) into.set(values, from);
  else into.fill(empty, from, to);
}
