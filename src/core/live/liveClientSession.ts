import type { Landmarks } from '../hand/types';
import type { BackendReply } from '../model/profile';
import type { FrameResult } from '../pipeline/types';
import { imageFrameError, parseLiveMessage } from './liveMessage';
import { LiveMeter } from './liveMeter';
import type { LiveFramePipeline } from './livePipeline';
import type { LiveRecordSink } from './liveRecordSink';
import { WindowSpan } from './windowSpan';
import type { LiveFrameDetector } from './liveDetector';
import { errorText } from '../errorText';

/** Everything a client can be answered: the backend's reply shape, or an error. */
export type LiveReply = BackendReply | { error: string };

/** What the session tells the server and the panel, besides the replies. */
export interface LiveClientObserver {
  /** A frame went through the pipeline (landmarks null: no hand); `image` is the camera frame it came from, if any. */
  frameProcessed?(landmarks: Landmarks | null, result: FrameResult, latencyMs: number, image?: Uint8Array): void;
  targetChanged?(t: number, letter: string | null, reply: BackendReply): void;
  dropped?(count: number): void;
}

export interface LiveClientOptions {
  pipeline: LiveFramePipeline;
  send: (reply: LiveReply) => void;
  /** Wall clock in ms (monotonic); drives throttling, as the backend's time.time() does. */
  clock: () => number;
  /** A finer clock for inference latency; the wall clock when absent. */
  latencyClock?: () => number;
  observer?: LiveClientObserver;
  /**
   * The client's hand detector for camera frames (`jpeg_blob`), asked for at the first one; a reason
   * instead when there is none (camera frames then get an error reply, landmark frames work on).
   */
  detector?: () => LiveFrameDetector | { unavailable: string };
}

type PendingOp =
  /** `image`: a camera frame whose landmarks the detector finds when its turn comes. */
  | { kind: 'frame'; t: number; landmarks: Landmarks | null; image?: Uint8Array }
  | { kind: 'target'; t: number; letter: string | null };

/** Frames kept since the last reset so that a recording started mid-stream can replay from a full window. */
const PRE_ROLL_LIMIT = 64;

/**
 * One connected client: parses its messages, runs them through its own pipeline one at a time, and
 * answers. Backpressure: at most one frame is in flight; while it runs, only the newest frame waits
 * (older waiting frames are dropped and counted), and a target change drops waiting frames, because
 * the reset would clear them anyway. So the queue never holds more than a target change and a frame.
 */
export class LiveClientSession {
  readonly meter = new LiveMeter();
  readonly windowSpan: WindowSpan;
  /** Text and binary messages taken in, understood or not. */
  messages = 0;
  private queue: PendingOp[] = [];
  private busy = false;
  private closed = false;
  private idleWaiters: (() => void)[] = [];
  private target: string | null = null;
  private sink: LiveRecordSink | null = null;
  private lastTargetOp: Extract<PendingOp, { kind: 'target' }> | null = null;
  private framesSinceReset: Extract<PendingOp, { kind: 'frame' }>[] = [];
  private detector: LiveFrameDetector | { unavailable: string } | null = null;

  constructor(private readonly options: LiveClientOptions) {
    this.windowSpan = new WindowSpan(options.pipeline.profile.windowSize);
  }

  /** Handles one text message; replies go out through `send`. */
  receive(text: string): void {
    if (this.closed) return;
    this.messages++;
    const now = this.options.clock();
    const parsed = parseLiveMessage(text);
    if (!parsed.ok) {
      this.meter.errors++;
      this.options.send({ error: parsed.error });
      return;
    }
    const { frame, targetLetter } = parsed.message;
    if (targetLetter !== undefined) this.enqueueTarget(now, targetLetter);
    if (frame.kind === 'hand' || frame.kind === 'no-hand') {
      this.meter.noteArrival(now);
      this.enqueueFrame({ kind: 'frame', t: now, landmarks: frame.kind === 'hand' ? frame.landmarks : null });
    } else if (frame.kind === 'image') {
      const detector = this.clientDetector();
      if ('unavailable' in detector) {
        this.meter.errors++;
        this.options.send({ error: imageFrameError(detector.unavailable, targetLetter) });
      } else {
        this.meter.noteArrival(now);
        this.meter.cameraFrames++;
        this.enqueueFrame({ kind: 'frame', t: now, landmarks: null, image: Buffer.from(frame.base64, 'base64') });
      }
    }
    void this.pump();
  }

  private clientDetector(): LiveFrameDetector | { unavailable: string } {
    this.detector ??= this.options.detector?.() ?? { unavailable: 'this server was started without one' };
    return this.detector;
  }

  /** A message the server could not read as text (a binary frame). */
  rejectBinary(): void {
    this.messages++;
    this.meter.errors++;
    this.options.send({ error: 'expected a JSON text message, got binary data' });
  }

  /** Stops processing; frames still waiting are dropped and counted. */
  close(): void {
    this.closed = true;
    if (this.detector && !('unavailable' in this.detector)) this.detector.close();
    this.dropWaitingFrames();
    this.queue = [];
    this.settleIfIdle();
  }

  get targetLetter(): string | null {
    return this.target;
  }

  /** Resolves when nothing is in flight or waiting. */
  idle(): Promise<void> {
    if (!this.busy && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Starts writing the stream to `sink`. The target in force and the frames since the last reset (up to
   * 64) are written first, so the replay's buffers hold what the live pipeline held; replies are recorded
   * from now on. Only a recording that starts at a reset (connection or target change) replays to exactly
   * the same replies; mid-stream, the replay's throttle starts fresh and its first reply may differ.
   */
  startRecording(sink: LiveRecordSink): void {
    this.sink = sink;
    if (this.lastTargetOp) this.record(this.lastTargetOp);
    for (const op of this.framesSinceReset) this.record(op);
  }

  stopRecording(): void {
    this.sink = null;
  }

  private record(op: PendingOp): void {
    if (!this.sink) return;
    if (op.kind === 'frame') this.sink.frame(op.t, op.landmarks, op.image);
    else this.sink.target(op.t, op.letter);
  }

  private enqueueFrame(op: Extract<PendingOp, { kind: 'frame' }>): void {
    this.dropWaitingFrames();
    this.queue.push(op);
  }

  private enqueueTarget(t: number, letter: string): void {
    this.dropWaitingFrames();
    // Target changes that pile up behind a busy model collapse to the newest: each one resets anyway.
    this.queue = this.queue.filter((op) => op.kind !== 'target');
    this.queue.push({ kind: 'target', t, letter });
  }

  private dropWaitingFrames(): void {
    const before = this.queue.length;
    this.queue = this.queue.filter((op) => op.kind !== 'frame');
    const dropped = before - this.queue.length;
    if (dropped > 0) {
      this.meter.dropped += dropped;
      this.options.observer?.dropped?.(dropped);
    }
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let op = this.queue.shift(); op && !this.closed; op = this.queue.shift()) {
        if (op.kind === 'target') await this.applyTarget(op);
        else await this.runFrame(op);
      }
    } finally {
      this.busy = false;
      this.settleIfIdle();
    }
  }

  private async applyTarget(op: Extract<PendingOp, { kind: 'target' }>): Promise<void> {
    const reply = (await this.options.pipeline.setTarget(op.letter, op.t)).response;
    this.target = op.letter;
    this.windowSpan.reset();
    this.lastTargetOp = op;
    this.framesSinceReset = [];
    this.record(op);
    this.sendReply(op.t, reply);
    this.options.observer?.targetChanged?.(op.t, op.letter, reply);
  }

  /** A camera frame's landmarks (null: no hand, or not an image); false when the detector failed (answered with an error). */
  private async detect(image: Uint8Array): Promise<Landmarks | null | false> {
    const detector = this.clientDetector() as LiveFrameDetector;
    let detected;
    try {
      detected = await detector.detect(image);
    } catch (err) {
      this.meter.errors++;
      if (!this.closed) this.options.send({ error: `the hand detector failed on this frame: ${errorText(err)}` });
      return false;
    }
    if (detected.kind === 'undecodable') {
      this.meter.undecodable++;
      return null;
    }
    this.meter.noteDetector(detected.detectorMs);
    return detected.kind === 'hands' ? detected.hands[0].landmarks : null;
  }

  private async runFrame(op: Extract<PendingOp, { kind: 'frame' }>): Promise<void> {
    if (op.image) {
      const landmarks = await this.detect(op.image);
      if (landmarks === false || this.closed) return;
      op.landmarks = landmarks;
    }
    const latencyClock = this.options.latencyClock ?? this.options.clock;
    const started = latencyClock();
    let result: FrameResult;
    try {
      result = await this.options.pipeline.push(op.landmarks, op.t);
    } catch (err) {
      this.meter.errors++;
      const detail = errorText(err);
      // A frame refused before the model (non-finite input) is the client's, not the model's.
      const text = err instanceof Error && err.name === 'NonFiniteInputError' ? detail : `model failed on this frame: ${detail}`;
      if (!this.closed) this.options.send({ error: text });
      return;
    }
    if (this.closed) return;
    if (result.problem !== undefined) {
      // Said, not swallowed: a NaN reply would never pass the throttle and the client would hear nothing.
      this.meter.errors++;
      this.options.send({ error: `frame ${result.frame}: ${result.problem}` });
    }
    const latency = latencyClock() - started;
    this.meter.processed++;
    if (op.landmarks) this.windowSpan.push(op.t);
    else this.meter.noHand++;
    // Inference latency: only frames whose window went through the model.
    if (result.probs) this.meter.noteLatency(latency);
    this.framesSinceReset.push(op);
    if (this.framesSinceReset.length > PRE_ROLL_LIMIT) this.framesSinceReset.shift();
    this.record(op);
    if (result.response) {
      if (result.sent) this.sendReply(op.t, result.response);
      else this.meter.repliesThrottled++;
    }
    this.options.observer?.frameProcessed?.(op.landmarks, result, latency, op.image);
  }

  private sendReply(t: number, reply: BackendReply): void {
    // Exactly the backend's two keys, in its order.
    const wire: BackendReply = { maxarg_letter: reply.maxarg_letter, target_arg_prob: reply.target_arg_prob };
    this.meter.repliesSent++;
    this.sink?.reply(t, wire);
    this.options.send(wire);
  }

  private settleIfIdle(): void {
    if (this.busy || this.queue.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}
