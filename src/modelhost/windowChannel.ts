import type { Readable, Writable } from 'node:stream';
import { WINDOW_HEADER_BYTES } from './protocol';

/**
 * Writes a run request's windows on the window channel: the header, then the caller's bytes as they
 * are (no copy). The caller keeps `windows` unchanged until the request is answered, which the host
 * can only do after it has read them all.
 */
export function writeWindows(channel: Writable, id: number, windows: Float32Array): void {
  const header = Buffer.allocUnsafe(WINDOW_HEADER_BYTES);
  header.writeUInt32LE(id, 0);
  header.writeUInt32LE(windows.byteLength, 4);
  channel.write(header);
  channel.write(Buffer.from(windows.buffer, windows.byteOffset, windows.byteLength));
}

/**
 * The host's side of the window channel: reassembles each request's windows from the stream, and hands
 * them to `take(id)` whether they arrive before or after the request's IPC message.
 */
export class WindowChannelReader {
  private readonly arrived = new Map<number, Float32Array>();
  private readonly waiting = new Map<number, (windows: Float32Array) => void>();
  private header = Buffer.alloc(WINDOW_HEADER_BYTES);
  private headerFilled = 0;
  private body: Uint8Array | null = null;
  private bodyFilled = 0;
  private bodyId = 0;

  constructor(channel: Readable) {
    channel.on('data', (chunk: Buffer) => this.feed(chunk));
  }

  /** The windows of request `id`, `bytes` long; waits for them when they have not arrived yet. */
  take(id: number, bytes: number): Promise<Float32Array> {
    const windows = this.arrived.get(id);
    if (windows) {
      this.arrived.delete(id);
      return windows.byteLength === bytes ? Promise.resolve(windows) : Promise.reject(this.lengthError(id, bytes, windows.byteLength));
    }
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (w) => (w.byteLength === bytes ? resolve(w) : reject(this.lengthError(id, bytes, w.byteLength))));
    });
  }

  private lengthError(id: number, expected: number, got: number): Error {
    return new Error(`request ${id}: ${got} bytes of windows arrived, the request says ${expected}`);
  }

  private feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (!this.body) {
        const n = Math.min(WINDOW_HEADER_BYTES - this.headerFilled, chunk.length - at);
        chunk.copy(this.header, this.headerFilled, at, at + n);
        this.headerFilled += n;
        at += n;
        if (this.headerFilled < WINDOW_HEADER_BYTES) return;
        this.headerFilled = 0;
        this.bodyId = this.header.readUInt32LE(0);
        this.body = new Uint8Array(this.header.readUInt32LE(4));
        this.bodyFilled = 0;
      }
      const n = Math.min(this.body.length - this.bodyFilled, chunk.length - at);
      this.body.set(chunk.subarray(at, at + n), this.bodyFilled);
      this.bodyFilled += n;
      at += n;
      if (this.bodyFilled === this.body.length) this.deliver();
    }
  }

  private deliver(): void {
    const body = this.body!;
    this.body = null;
    const windows = new Float32Array(body.buffer, body.byteOffset, body.byteLength / Float32Array.BYTES_PER_ELEMENT);
    const waiter = this.waiting.get(this.bodyId);
    if (waiter) {
      this.waiting.delete(this.bodyId);
      waiter(windows);
    } else this.arrived.set(this.bodyId, windows);
  }
}
