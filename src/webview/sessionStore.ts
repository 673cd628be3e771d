/**
 * Everything the webview knows about the session, in flat typed arrays indexed by frame. Filled by
 * `frames` and `results` messages arriving in any order; live sessions grow at the end.
 *
 * A live panel keeps a bounded window (`keepFrames`): when it holds more, the oldest frames are dropped
 * and the rest moved to the front, so index 0 is session frame `dropped`. Messages and what the user
 * reads (frame numbers, seconds) stay in session numbering; the arrays and the views use indices.
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
  /** Live: the followed client sends camera frames (their images can be asked for); null: not said (replay). */
  camera: boolean | null = null;
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
  /** The transcript as it was before the first frame held (frames dropped). */
  private transcriptBefore = '';
  /** Session frames dropped from the front: index i is session frame `dropped + i`. */
  dropped = 0;
  /** Time of the session's first frame, kept when that frame is dropped (seconds count from it). */
  private origin = NaN;
  /** Frames held past `keepFrames` before the oldest are dropped, so not every append moves the arrays. */
  private readonly slack: number;

  /** `keepFrames`: the most frames held after a drop (live panels; Infinity holds every frame). */
  constructor(labels: string[], frameCount: number, readonly fps: number, readonly keepFrames = Infinity) {
    if (!(keepFrames >= 1)) throw new Error(`keepFrames must be at least 1, got ${keepFrames}`);
    this.slack = Number.isFinite(keepFrames) ? Math.max(1, Math.ceil(keepFrames / 16)) : 0;
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

  /** Session frames so far (held and dropped): what the panel shows as the frame count. */
  get sessionFrames(): number {
    return this.dropped + this.frameCount;
  }

  /** The session's number of the frame at index `i`. */
  sessionFrame(i: number): number {
    return this.dropped + i;
  }

  addFrames(message: FramesMessage): void {
    const m = this.heldFrames(message);
    this.extendTo(Math.max(m.start + m.count, (m.totalFrames ?? 0) - this.dropped));
    for (let i = 0; i < m.count; i++) if (!this.frameKnown[m.start + i]) this.framesReceived++;
    this.t.set(m.t, m.start);
    this.landmarks.set(m.landmarks, m.start * VALUES_PER_FRAME);
    this.hasHand.set(m.hasHand, m.start);
    this.frameKnown.fill(1, m.start, m.start + m.count);
    if (m.targets) this.targets = heldTargets(m.targets.map((s) => ({ ...s, frame: s.frame - this.dropped })));
    // In file order: where spans overlap the later line wins, in the lane (drawn on top) and in the scoring.
    if (m.labelSpans) this.labelSpans = [...m.labelSpans];
    if (m.camera !== undefined) this.camera = m.camera;
    this.version++;
    if (this.frameCount > this.keepFrames + this.slack) this.dropOldest(this.frameCount - this.keepFrames);
  }

  addResults(message: ResultsMessage): void {
    if (message.classCount !== this.classCount) {
      throw new Error(`results message has ${message.classCount} classes (expected ${this.classCount}, the labels sent with init)`);
    }
    const m = this.heldResults(message);
    if (m.count === 0 && message.count > 0) return;
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
    if (this.frameCount > this.keepFrames + this.slack) this.dropOldest(this.frameCount - this.keepFrames);
  }

  /** A frames message in index numbering, without the frames already dropped. */
  private heldFrames(m: FramesMessage): FramesMessage {
    if (this.dropped === 0) return m;
    const skip = Math.max(0, Math.min(m.count, this.dropped - m.start));
    return {
      ...m,
      start: m.start - this.dropped + skip,
      count: m.count - skip,
      t: m.t.subarray(skip),
      landmarks: m.landmarks.subarray(skip * VALUES_PER_FRAME),
      hasHand: m.hasHand.subarray(skip),
    };
  }

  /** A results message in index numbering, without the frames already dropped. */
  private heldResults(m: ResultsMessage): ResultsMessage {
    if (this.dropped === 0) return m;
    const skip = Math.max(0, Math.min(m.count, this.dropped - m.start));
    const c = this.classCount;
    const cut = <T extends Float32Array | Uint8Array | Int16Array>(a: T | undefined, per = 1): T | undefined => a && (a.subarray(skip * per) as T);
    return {
      ...m,
      start: m.start - this.dropped + skip,
      count: m.count - skip,
      status: cut(m.status)!,
      probs: cut(m.probs, c),
      smoothed: cut(m.smoothed, c),
      replyLetter: cut(m.replyLetter),
      replyProb: cut(m.replyProb),
      sent: cut(m.sent),
      bufferFill: cut(m.bufferFill)!,
      smoothingFill: cut(m.smoothingFill)!,
      target: cut(m.target)!,
      emitted: cut(m.emitted),
      transcript: m.transcript.flatMap((x) => {
        const frame = x.frame - this.dropped;
        if (frame >= 0) return [{ frame, text: x.text }];
        this.transcriptBefore = x.text;
        return [];
      }),
      ...(m.targetReplies ? { targetReplies: m.targetReplies.map((r) => ({ ...r, frame: r.frame - this.dropped })).filter((r) => r.frame >= 0) } : {}),
    };
  }

  /**
   * Drops the oldest `n` frames: the rest move to the front and every frame-indexed list shifts with
   * them; the target in force and the transcript at the first frame held are kept.
   */
  private dropOldest(n: number): void {
    if (n <= 0) return;
    const held = this.frameCount;
    if (this.dropped === 0) this.origin = this.startMs();
    for (let i = 0; i < n; i++) {
      if (this.frameKnown[i]) this.framesReceived--;
      if (this.analysed[i]) this.resultsReceived--;
    }
    const c = this.classCount;
    const shift = <T extends Float64Array | Float32Array | Uint8Array | Int16Array>(a: T, per: number, fill: number): void => {
      a.copyWithin(0, n * per, held * per);
      a.fill(fill, (held - n) * per, held * per);
    };
    shift(this.t, 1, NaN);
    shift(this.landmarks, VALUES_PER_FRAME, NaN);
    shift(this.hasHand, 1, 0);
    shift(this.frameKnown, 1, 0);
    shift(this.analysed, 1, 0);
    shift(this.status, 1, STATUS_PENDING);
    shift(this.probs, c, NaN);
    shift(this.smoothed, c, NaN);
    shift(this.replyLetter, 1, -1);
    shift(this.replyProb, 1, NaN);
    shift(this.sent, 1, 0);
    shift(this.bufferFill, 1, 0);
    shift(this.smoothingFill, 1, 0);
    shift(this.target, 1, -1);
    shift(this.emitted, 1, -1);
    this.transcriptBefore = this.transcriptAt(n - 1);
    const transcript = new Map<number, string>();
    for (const [frame, text] of this.transcriptByFrame) if (frame >= n) transcript.set(frame - n, text);
    this.transcriptByFrame = transcript;
    this.transcriptDirty = true;
    this.targets = heldTargets(this.targets.map((s) => ({ ...s, frame: s.frame - n })));
    this.targetReplies = this.targetReplies.filter((r) => r.frame >= n).map((r) => ({ ...r, frame: r.frame - n }));
    this.frameCount = held - n;
    this.dropped += n;
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

  /** Time of the first frame held. */
  startMs(): number {
    return this.frameCount > 0 && !Number.isNaN(this.t[0]) ? this.t[0] : 0;
  }

  /** Time of the session's first frame (held or dropped): what seconds are counted from. */
  originMs(): number {
    return this.dropped > 0 ? this.origin : this.startMs();
  }

  endMs(): number {
    if (this.frameCount === 0) return 0;
    return this.timeOf(this.frameCount - 1);
  }

  /** Seconds from the session's first frame to `frame`, as the readouts show it. */
  secondsAt(frame: number): string {
    return ((this.timeOf(frame) - this.originMs()) / 1000).toFixed(3);
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
    return found < 0 ? this.transcriptBefore : this.transcriptTexts[found];
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

/**
 * Target spans in index numbering, in order: spans before index 0 are dropped except the one in force
 * there, which starts at 0.
 */
function heldTargets(spans: TargetSpan[]): TargetSpan[] {
  const sorted = [...spans].sort((a, b) => a.frame - b.frame);
  const first = sorted.findIndex((s) => s.frame > 0);
  const from = first < 0 ? sorted.length - 1 : Math.max(0, first - 1);
  return sorted.slice(Math.max(0, from)).map((s) => (s.frame < 0 ? { ...s, frame: 0 } : s));
}

/** Copies `values` into `into` at `from`, or fills [from, to) with `empty` when there are none. */
function setOrFill<T extends Float32Array | Uint8Array | Int16Array>(into: T, values: T | undefined, from: number, to: number, empty: number): void {
  if (values) into.set(values, from);
  else into.fill(empty, from, to);
}
