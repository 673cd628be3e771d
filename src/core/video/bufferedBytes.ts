import type { ByteSource } from './videoTrack';

const WINDOW = 256 * 1024;

/**
 * A ByteSource read through a window of 256 KB, so that walking a container's many small headers
 * costs one file read per window, not one per header.
 */
export class BufferedBytes {
  private start = 0;
  private bytes: Uint8Array = new Uint8Array(0);

  constructor(private readonly source: ByteSource) {}

  get size(): number {
    return this.source.size;
  }

  /** `length` bytes from `offset` (fewer at the end of the file); a view that is valid until the next call. */
  async at(offset: number, length: number): Promise<Uint8Array> {
    if (offset < this.start || offset + length > this.start + this.bytes.byteLength) {
      if (offset >= this.source.size) return new Uint8Array(0);
      this.start = offset;
      this.bytes = await this.source.read(offset, Math.max(WINDOW, length));
    }
    const from = offset - this.start;
    return this.bytes.subarray(from, Math.min(from + length, this.bytes.byteLength));
  }
}
