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
import { SessionColumns, type Column } from './sessionColumns';
import { heldFrames, heldResults, heldTargets } from './heldMessages';
import { TranscriptIndex } from './transcriptIndex';
import { StoreChanges, type ColumnParts } from './storeChanges';
import { targetRepliesOf, writeReplyColumns } from './replyColumnsWrite';

export type { ColumnParts } from './storeChanges';

/** The session's columns (SessionColumns) and what the views ask of them: times, transcript, counts, searches. */
export class SessionStore extends SessionColumns {
  frameCount = 0;
  labels: string[];
  targets: TargetSpan[] = [];
  labelSpans: LabelSpanInfo[] = [];
  targetReplies: TargetReply[] = [];
  framesReceived = 0;
  /** Live: the followed client sends camera frames (their images can be asked for); null: not said (replay). */
  camera: boolean | null = null;
  /** Highest window probability per class so far. */
  private peak: Float64Array;
  resultsReceived = 0;
  private readonly changes = new StoreChanges();
  private readonly transcript = new TranscriptIndex();
  /**
   * The transcript is the one the last applyReplyColumns gave (nothing changed it since). The decoder's
   * text is a function of the labels it emitted, in order: while the emissions stay the same, so does it.
   */
  private transcriptOfEmissions = false;
  /** Session frames dropped from the front: index i is session frame `dropped + i`. */
  dropped = 0;
  /** Time of the session's first frame, kept when that frame is dropped (seconds count from it). */
  private origin = NaN;
  /** Frames held past `keepFrames` before the oldest are dropped, so not every append moves the arrays. */
  private readonly slack: number;

  /**
   * `keepFrames`: the most frames held after a drop (live panels; Infinity holds every frame).
   * `fillLater`: the columns' empty values are written by fillPending, which must return true before the
   * store is used (the panel fills an hour's columns over several tasks).
   */
  constructor(labels: string[], frameCount: number, readonly fps: number, readonly keepFrames = Infinity, fillLater = false) {
    super(labels.length);
    if (!(keepFrames >= 1)) throw new Error(`keepFrames must be at least 1, got ${keepFrames}`);
    this.slack = Number.isFinite(keepFrames) ? Math.max(1, Math.ceil(keepFrames / 16)) : 0;
    this.labels = labels;
    this.peak = new Float64Array(labels.length);
    // At least one slot, so views can read frame 0 of a live session before its first frame.
    this.allocateUnfilled(Math.max(64, frameCount));
    if (!fillLater) this.fillPending(() => false);
    this.frameCount = frameCount;
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
    const m = heldFrames(message, this.dropped);
    const before = this.frameCount;
    const startKnown = this.frameCount > 0 && !Number.isNaN(this.t[0]);
    this.extendTo(Math.max(m.start + m.count, (m.totalFrames ?? 0) - this.dropped));
    // A frame held already that comes with another time moves what views placed by its time.
    let moved = false;
    for (let i = 0; i < m.count; i++) {
      if (!this.frameKnown[m.start + i]) this.framesReceived++;
      else if (this.t[m.start + i] !== m.t[i]) moved = true;
    }
    this.t.set(m.t, m.start);
    this.landmarks.set(m.landmarks, m.start * VALUES_PER_FRAME);
    this.hasHand.set(m.hasHand, m.start);
    this.frameKnown.fill(1, m.start, m.start + m.count);
    if (m.targets) this.targets = heldTargets(m.targets.map((s) => ({ ...s, frame: s.frame - this.dropped })));
    // In file order: where spans overlap the later line wins, in the lane (drawn on top) and in the scoring.
    if (m.labelSpans) this.labelSpans = [...m.labelSpans];
    if (m.camera !== undefined) this.camera = m.camera;
    // A replay's frames come in messages of a few thousand (FRAMES_PER_MESSAGE) while its results stream
    // in: one that only places frames of the session's length changes the views like results at those
    // frames (views place a frame by its time and skip frames not received yet), and the frame before
    // them, whose span reaches the first of them. Anything more (spans, targets, the first frame's time
    // that places the frames not received yet, more frames) changes everything.
    const whole = moved || !startKnown || this.frameCount !== before || m.targets !== undefined || m.labelSpans !== undefined || m.camera !== undefined;
    if (whole) this.changedWhole();
    else this.changed(Math.max(0, m.start - 1), m.start + m.count);
    if (this.frameCount > this.keepFrames + this.slack) this.dropOldest(this.frameCount - this.keepFrames);
  }

  addResults(message: ResultsMessage): void {
    if (message.classCount !== this.classCount) {
      throw new Error(`results message has ${message.classCount} classes (expected ${this.classCount}, the labels sent with init)`);
    }
    const m = heldResults(message, this.dropped, this.classCount, (text) => (this.transcript.before = text));
    if (m.count === 0 && message.count > 0) return;
    const grew = m.start + m.count > this.frameCount;
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
    for (const change of m.transcript) this.transcript.set(change.frame, change.text);
    this.transcriptOfEmissions = false;
    if (m.targetReplies?.length) {
      const byFrame = new Map(this.targetReplies.map((r) => [r.frame, r]));
      for (const r of m.targetReplies) byFrame.set(r.frame, r);
      this.targetReplies = [...byFrame.values()].sort((a, b) => a.frame - b.frame);
    }
    if (grew) this.changedWhole();
    else this.changed(m.start, end);
    if (this.frameCount > this.keepFrames + this.slack) this.dropOldest(this.frameCount - this.keepFrames);
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
    this.shiftColumns(n, held);
    this.transcript.drop(n);
    this.transcriptOfEmissions = false;
    this.targets = heldTargets(this.targets.map((s) => ({ ...s, frame: s.frame - n })));
    this.targetReplies = this.targetReplies.filter((r) => r.frame >= n).map((r) => ({ ...r, frame: r.frame - n }));
    this.frameCount = held - n;
    this.dropped += n;
    this.changedWhole();
  }

  /** Bumped on every change of data, so views know when to redraw traces. */
  get version(): number {
    return this.changes.version;
  }

  private changed(from: number, to: number): void {
    this.changes.changed(from, to);
  }

  private changedWhole(knobParts?: ColumnParts): void {
    this.changes.changedWhole(knobParts);
  }

  /** StoreChanges.partsChangedSince: what knob applications alone changed since `version`, or null. */
  partsChangedSince(version: number): ColumnParts | null {
    return this.changes.partsChangedSince(version);
  }

  /** StoreChanges.changedSince: the frames whose results alone changed since `version`, or null. */
  changedSince(version: number): [number, number] | null {
    return this.changes.changedSince(version);
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
    const written = writeReplyColumns(this, columns, smoothingUnchanged);
    const targetReplies = targetRepliesOf(columns, this.targetReplies);
    // Comparing every change's text costs (changes x length), and each text the pass built is a string
    // the engine must flatten first: where the emissions tell whether the texts changed, they are not compared.
    const decoder = this.transcriptOfEmissions ? written.emitted && this.transcript.replace(columns.transcript, false) : this.transcript.replace(columns.transcript) || written.emitted;
    this.transcriptOfEmissions = true;
    if (probs) this.probs.set(probs.subarray(0, n * c));
    this.targetReplies = targetReplies.replies;
    this.changedWhole({ probs: probs !== undefined, smoothing: !smoothingUnchanged, replies: written.replies || targetReplies.changed, decoder });
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
    return this.transcript.at(frame);
  }

  /** The frame of the last transcript change at or before `frame`, or -1. */
  lastTranscriptChange(frame: number): number {
    return this.transcript.lastChange(frame);
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
function setOrFill<T extends Exclude<Column, Float64Array>>(into: T, values: T | undefined, from: number, to: number, empty: number): void {
  if (values) into.set(values, from);
  else into.fill(empty, from, to);
}
