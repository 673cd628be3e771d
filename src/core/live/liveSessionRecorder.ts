import type { Landmarks } from '../hand/types';
import type { BackendReply } from '../model/profile';
import { SessionWriter } from '../session/sessionWriter';
import { imageTypeOf } from '../session/sessionImages';
import type { LiveRecordSink } from './liveRecordSink';

export interface LiveRecordingHeader {
  /** Who sent the stream, e.g. "live ws://127.0.0.1:8765 client 3 (127.0.0.1:50412)". */
  source: string;
  [extra: string]: unknown;
}

/**
 * Writes one live client's stream to a `*.landmarks.jsonl` file through the SessionWriter: frames,
 * target changes and the replies that went out. Times are shifted so the file starts at 0; the live
 * clock is in whole milliseconds, so the shift is exact and replay throttles on the same differences.
 */
export class LiveSessionRecorder implements LiveRecordSink {
  private origin: number | null = null;
  private failure: Error | null = null;

  private constructor(private readonly writer: SessionWriter) {}

  /** `images`: keep camera frames (JPEG clients) in the session's image sidecar. */
  static async create(path: string, header: LiveRecordingHeader, options: { images?: boolean } = {}): Promise<LiveSessionRecorder> {
    return new LiveSessionRecorder(await SessionWriter.create(path, { ...header, recordedLive: true }, { images: options.images }));
  }

  get path(): string {
    return this.writer.path;
  }

  get frames(): number {
    return this.writer.frames;
  }

  /** The first write error, if any (recording stops writing after it). */
  get error(): Error | null {
    return this.failure;
  }

  frame(t: number, landmarks: Landmarks | null, image?: Uint8Array): void {
    // A camera frame that is not a JPEG or PNG (it did not decode) is recorded without its image.
    const type = image && this.writer.imagesFolder ? imageTypeOf(image) : null;
    this.write(() => this.writer.appendFrame({ t: this.shift(t), hands: landmarks ? [{ landmarks }] : [] }, type ? { bytes: image!, type } : null));
  }

  target(t: number, letter: string | null): void {
    this.write(() => this.writer.appendTarget({ t: this.shift(t), letter }));
  }

  reply(t: number, reply: BackendReply): void {
    this.write(() => this.writer.appendReply({ t: this.shift(t), reply: { ...reply } }));
  }

  /** Flushes and closes the file; rejects with the write error if one happened. */
  async close(): Promise<void> {
    await this.writer.close();
    if (this.failure) throw this.failure;
  }

  private shift(t: number): number {
    if (this.origin === null) this.origin = t;
    return t - this.origin;
  }

  private write(append: () => void): void {
    if (this.failure) return;
    try {
      append();
    } catch (err) {
      this.failure = err instanceof Error ? err : new Error(String(err));
    }
  }
}

/**
 * Whether a recording keeps camera images: always, never, or when the client's first frame is a camera
 * frame ('if-camera': the file is then created at that frame, since a sink is asked for when a client
 * connects, before anyone knows what it sends).
 */
export type RecordImages = boolean | 'if-camera';

/**
 * A sink usable at once while its file is still being created: calls made before the recorder opens
 * are replayed into it in order. The live server asks for sinks synchronously, when a client connects.
 */
export class OpeningRecordSink implements LiveRecordSink {
  private recorder: LiveSessionRecorder | null = null;
  private queued: Array<(r: LiveSessionRecorder) => void> = [];
  private failure: Error | null = null;
  private opening: Promise<void> | null = null;

  constructor(
    readonly path: string,
    private readonly header: LiveRecordingHeader,
    options: { images?: RecordImages } = {},
  ) {
    if (options.images !== 'if-camera') this.open(options.images === true);
  }

  /** Settles when the file is created (or failed to be); at once for a sink still waiting for its first frame. */
  get opened(): Promise<void> {
    return this.opening ?? Promise.resolve();
  }

  get frames(): number {
    return this.recorder?.frames ?? 0;
  }

  frame(t: number, landmarks: Landmarks | null, image?: Uint8Array): void {
    if (!this.opening) this.open(image !== undefined);
    this.call((r) => r.frame(t, landmarks, image));
  }

  target(t: number, letter: string | null): void {
    this.call((r) => r.target(t, letter));
  }

  reply(t: number, reply: BackendReply): void {
    this.call((r) => r.reply(t, reply));
  }

  /** Closes the file (created now if no frame came); rejects with the error that stopped the recording, if any. */
  async close(): Promise<void> {
    if (!this.opening) this.open(false);
    await this.opening;
    if (this.failure) throw this.failure;
    await this.recorder!.close();
  }

  private open(images: boolean): void {
    this.opening = LiveSessionRecorder.create(this.path, this.header, { images }).then(
      (recorder) => {
        this.recorder = recorder;
        for (const call of this.queued) call(recorder);
        this.queued = [];
      },
      (err: unknown) => {
        this.failure = err instanceof Error ? err : new Error(String(err));
        this.queued = [];
      },
    );
  }

  private call(fn: (r: LiveSessionRecorder) => void): void {
    if (this.recorder) fn(this.recorder);
    else if (!this.failure) this.queued.push(fn);
  }
}
