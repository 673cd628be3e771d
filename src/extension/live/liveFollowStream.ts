import type { Landmarks } from '../../core/hand/types';
import type { BackendReply } from '../../core/model/profile';
import type { FrameResult } from '../../core/pipeline/types';
import type { SessionFrame } from '../../core/session/types';
import { encodeFrames, encodeResults } from '../../protocol/encode';
import type { FrameImageMessage, FramesMessage, ResultsMessage, TargetReply, TargetSpan } from '../../protocol/messages';
import { RecentImages } from './recentImages';

/**
 * What a live panel shows: the frames of one client (the one that sent last), numbered from 0 as they
 * come, with their results; `drain` packs what arrived since the last call into a `frames` and a
 * `results` message appended at the end. A camera client's images are kept for its newest frames only
 * (recentImages.ts), for the webview to ask for. No vscode here, so it is tested as a plain module.
 *
 * It holds only what is not drained yet, and the targets of the last `keepFrames` frames (the webview
 * holds no more), so its memory does not grow with the session.
 */
export class LiveFollowStream {
  private followed: number | null = null;
  private lastFollowed: number | null = null;
  private frames: SessionFrame[] = [];
  private results: FrameResult[] = [];
  private targets: TargetSpan[] = [];
  private targetReplies: TargetReply[] = [];
  private targetsChanged = false;
  private sent = 0;
  private transcriptBefore = '';
  private lastTranscript = '';
  private origin: number | null = null;
  private readonly images = new RecentImages();
  /** The followed client has sent camera frames: the panel may show their images. */
  private cameraClient = false;

  constructor(
    private readonly labels: readonly string[],
    private readonly keepFrames = Infinity,
  ) {}

  /** Frames appended so far (drained or not). */
  get frameCount(): number {
    return this.sent + this.frames.length;
  }

  /** The client whose frames are shown (or were, until it left); null until the first frame. */
  get client(): number | null {
    return this.followed ?? this.lastFollowed;
  }

  /** Whether the followed client sends camera frames (false for a client that sends landmarks). */
  get camera(): boolean {
    return this.cameraClient;
  }

  /** Camera images kept now, for the panel's snapshot. */
  get imagesKept(): { frames: number; bytes: number } {
    return this.images.size;
  }

  /**
   * Takes a processed frame, with the camera image it came from (if any); frames of other clients are
   * ignored while the followed one is connected.
   */
  addFrame(clientId: number, landmarks: Landmarks | null, result: FrameResult, image?: Uint8Array): void {
    if (!this.accept(clientId)) return;
    if (image) {
      this.cameraClient = true;
      this.images.add(this.frameCount, image);
    }
    const t = this.time(result.t);
    this.frames.push({ index: this.frameCount, t, hands: landmarks ? [{ landmarks }] : [] });
    this.results.push({ ...result, t });
    this.lastTranscript = result.transcript;
  }

  addTarget(clientId: number, t: number, letter: string | null, reply: BackendReply): void {
    if (!this.accept(clientId)) return;
    const at = this.time(t);
    this.targets.push({ frame: this.frameCount, t: at, letter });
    this.forgetOldTargets();
    this.targetReplies.push({ frame: this.frameCount, t: at, reply });
    this.targetsChanged = true;
  }

  /** The followed client left: the next client to send a frame is followed. */
  clientLeft(clientId: number): void {
    if (this.followed === clientId) this.followed = null;
  }

  /** The answer to the webview's `requestImage`: the frame's image, or empty bytes when it is not kept. */
  imageMessage(frame: number): FrameImageMessage {
    return this.images.message(frame);
  }

  /** Messages for what arrived since the last call; empty when nothing did. */
  drain(): Array<FramesMessage | ResultsMessage> {
    if (this.frames.length === 0 && !this.targetsChanged) return [];
    const start = this.sent;
    const total = start + this.frames.length;
    const framesMessage = encodeFrames(this.frames, start, {
      totalFrames: total,
      camera: this.cameraClient,
      ...(this.targetsChanged ? { targets: [...this.targets] } : {}),
    });
    const resultsMessage = encodeResults(this.results, start, this.labels, this.transcriptBefore);
    if (this.targetReplies.length) resultsMessage.targetReplies = this.targetReplies;
    this.sent = total;
    this.transcriptBefore = this.lastTranscript;
    this.frames = [];
    this.results = [];
    this.targetReplies = [];
    this.targetsChanged = false;
    return [framesMessage, resultsMessage];
  }

  /** Drops the targets that ended before the last `keepFrames` frames (the one in force there stays). */
  private forgetOldTargets(): void {
    const from = this.frameCount - this.keepFrames;
    let stale = 0;
    while (stale + 1 < this.targets.length && this.targets[stale + 1].frame <= from) stale++;
    if (stale > 0) this.targets.splice(0, stale);
  }

  private accept(clientId: number): boolean {
    if (this.followed === null) {
      // A new client sends images or not, whatever the last one did.
      if (clientId !== this.lastFollowed) this.cameraClient = false;
      this.followed = clientId;
      this.lastFollowed = clientId;
      // A new client starts with an empty transcript of its own.
      this.lastTranscript = '';
    }
    return this.followed === clientId;
  }

  /** Times from 0 at the panel's first frame, so the timeline starts at 0. */
  private time(t: number): number {
    if (this.origin === null) this.origin = t;
    return t - this.origin;
  }
}
