import { imageTypeOf } from '../../core/session/sessionImages';
import type { FrameImageMessage } from '../../protocol/messages';

/** Frames whose camera image the panel keeps, and their bytes at most: a few seconds to scrub back over. */
const KEPT_FRAMES = 90;
const KEPT_BYTES = 16 * 1024 * 1024;

/**
 * The camera images of the live panel's newest frames, by panel frame number: the webview asks for the
 * image of the frame it shows (one request at a time) and gets it from here. Older images are let go, by
 * count and by bytes, so a long stream holds a few seconds of images, never the whole stream.
 */
export class RecentImages {
  private readonly images = new Map<number, Uint8Array>();
  private bytes = 0;

  add(frame: number, image: Uint8Array): void {
    this.images.set(frame, image);
    this.bytes += image.byteLength;
    while (this.images.size > KEPT_FRAMES || (this.bytes > KEPT_BYTES && this.images.size > 1)) {
      const [oldest, dropped] = this.images.entries().next().value as [number, Uint8Array];
      this.images.delete(oldest);
      this.bytes -= dropped.byteLength;
    }
  }

  /** Images kept now, and their bytes (for the panel's snapshot). */
  get size(): { frames: number; bytes: number } {
    return { frames: this.images.size, bytes: this.bytes };
  }

  /** The `frameImage` answer for `frame`: its bytes, or empty bytes when it had none or it was let go. */
  message(frame: number): FrameImageMessage {
    const bytes = this.images.get(frame);
    const mime = bytes && imageTypeOf(bytes) === 'png' ? 'image/png' : 'image/jpeg';
    // A plain Uint8Array: the server's images are Node Buffers, which postMessage sends as JSON objects.
    return { type: 'frameImage', frame, mime, bytes: bytes ? new Uint8Array(bytes) : new Uint8Array(0) };
  }
}
