/**
 * The session's camera images, fetched one at a time: the view asks for the playhead frame's image with
 * want(frame); at most one request is in flight, and when its answer comes the newest wanted frame is
 * asked for next, so playing or scrubbing never queues a backlog. A few decoded images are kept.
 */
import type { FrameImageMessage, WebviewToExtension } from '../protocol/messages';

const KEPT = 8;

export class FrameImages {
  private readonly decoded = new Map<number, ImageBitmap>();
  /** Frames known to have no image (or one that does not decode). */
  private readonly missing = new Set<number>();
  private inFlight: number | null = null;
  private wanted: number | null = null;
  /** Size of the first image decoded: the recorded image's own aspect. */
  naturalSize: { width: number; height: number } | null = null;
  /** Images decoded so far, for the tests. */
  decodedCount = 0;

  constructor(
    private readonly post: (message: WebviewToExtension) => void,
    /** An image arrived (decoded): the views redraw. */
    private readonly onImage: (frame: number) => void,
  ) {}

  /** The frame's image when decoded; otherwise null, and it is asked for. */
  want(frame: number): ImageBitmap | null {
    const image = this.decoded.get(frame);
    if (image) return image;
    if (this.missing.has(frame)) return null;
    this.wanted = frame;
    this.request();
    return null;
  }

  /** Whether `frame` is known to have no image. */
  hasNone(frame: number): boolean {
    return this.missing.has(frame);
  }

  async receive(message: FrameImageMessage): Promise<void> {
    // The request stays in flight until its image is decoded: a draw meanwhile must not ask again.
    if (message.bytes.length === 0) {
      this.missing.add(message.frame);
    } else {
      try {
        const bitmap = await createImageBitmap(new Blob([message.bytes as Uint8Array<ArrayBuffer>], { type: message.mime }));
        this.keep(message.frame, bitmap);
      } catch {
        this.missing.add(message.frame);
      }
    }
    if (this.inFlight === message.frame) this.inFlight = null;
    if (this.wanted === message.frame) this.wanted = null;
    this.request();
    this.onImage(message.frame);
  }

  private keep(frame: number, bitmap: ImageBitmap): void {
    this.naturalSize ??= { width: bitmap.width, height: bitmap.height };
    this.decodedCount++;
    this.decoded.set(frame, bitmap);
    while (this.decoded.size > KEPT) {
      const oldest = this.decoded.keys().next().value as number;
      this.decoded.get(oldest)?.close();
      this.decoded.delete(oldest);
    }
  }

  private request(): void {
    if (this.inFlight !== null || this.wanted === null) return;
    const frame = this.wanted;
    if (this.decoded.has(frame) || this.missing.has(frame)) {
      this.wanted = null;
      return;
    }
    this.inFlight = frame;
    this.post({ type: 'requestImage', frame });
  }
}
