/**
 * The camera images, fetched one at a time: the view asks for the playhead frame's image with
 * want(frame); at most one request is in flight, and when its answer comes the newest wanted frame is
 * asked for next, so playing, scrubbing or a live stream never queues a backlog. A replay keeps a few
 * decoded images to scrub over; a live panel keeps only the one it shows, and shows it for the next
 * frames until theirs arrives, so the image does not blink off at every batch of frames.
 */
import type { FrameImageMessage, WebviewToExtension } from '../protocol/messages';

/** Frames known to have no image are remembered up to this many (a live stream goes on for hours). */
const MISSING_KEPT = 1024;

export interface FrameImagesOptions {
  /** Decoded images kept (oldest closed first). */
  kept: number;
  /** While a frame's image is on its way, the newest decoded image at most this many frames before it stands in. */
  standIn: number;
}

export const REPLAY_IMAGES: FrameImagesOptions = { kept: 8, standIn: 0 };
export const LIVE_IMAGES: FrameImagesOptions = { kept: 1, standIn: 30 };

/** An image to draw, and the frame it belongs to (the playhead's, or an earlier one standing in). */
export interface ShownImage {
  frame: number;
  bitmap: ImageBitmap;
}

export class FrameImages {
  private readonly decoded = new Map<number, ImageBitmap>();
  /** Frames known to have no image (or one that does not decode, or, live, no longer kept). */
  private readonly missing = new Set<number>();
  private inFlight: number | null = null;
  private wanted: number | null = null;
  /** Size of the newest image decoded: the camera's own aspect. */
  naturalSize: { width: number; height: number } | null = null;
  /** Images decoded so far, for the tests. */
  decodedCount = 0;

  constructor(
    private readonly post: (message: WebviewToExtension) => void,
    /** An image arrived (decoded): the views redraw. */
    private readonly onImage: (frame: number) => void,
    private readonly options: FrameImagesOptions = REPLAY_IMAGES,
  ) {}

  /** Decoded images held now (for the tests: a live panel holds only the one it shows). */
  get held(): number {
    return this.decoded.size;
  }

  /** The image to draw at `frame`: its own when decoded (else it is asked for), or one standing in; null: none. */
  want(frame: number): ShownImage | null {
    const image = this.decoded.get(frame);
    if (image) return { frame, bitmap: image };
    if (this.missing.has(frame)) return null;
    this.wanted = frame;
    this.request();
    return this.standIn(frame);
  }

  /** Whether `frame` is known to have no image. */
  hasNone(frame: number): boolean {
    return this.missing.has(frame);
  }

  async receive(message: FrameImageMessage): Promise<void> {
    // Only the answer to the request in flight (one for an earlier session of the panel is dropped).
    if (message.frame !== this.inFlight) return;
    // The request stays in flight until its image is decoded: a draw meanwhile must not ask again.
    if (message.bytes.length === 0) {
      this.noImage(message.frame);
    } else {
      try {
        const bitmap = await createImageBitmap(new Blob([message.bytes as Uint8Array<ArrayBuffer>], { type: message.mime }));
        this.keep(message.frame, bitmap);
      } catch {
        this.noImage(message.frame);
      }
    }
    this.inFlight = null;
    if (this.wanted === message.frame) this.wanted = null;
    this.request();
    this.onImage(message.frame);
  }

  private standIn(frame: number): ShownImage | null {
    if (this.options.standIn === 0) return null;
    let best: number | null = null;
    for (const f of this.decoded.keys()) if (f < frame && frame - f <= this.options.standIn && (best === null || f > best)) best = f;
    return best === null ? null : { frame: best, bitmap: this.decoded.get(best)! };
  }

  private noImage(frame: number): void {
    this.missing.add(frame);
    if (this.missing.size > MISSING_KEPT) this.missing.delete(this.missing.values().next().value as number);
  }

  private keep(frame: number, bitmap: ImageBitmap): void {
    this.naturalSize = { width: bitmap.width, height: bitmap.height };
    this.decodedCount++;
    this.decoded.set(frame, bitmap);
    while (this.decoded.size > this.options.kept) {
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
