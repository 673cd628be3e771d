import { promises as fs } from 'node:fs';
import type { ByteSource } from '../core/video/videoTrack';

/** A file as a ByteSource for the demuxers; close it when done. */
export async function openFileBytes(path: string): Promise<ByteSource & { close(): Promise<void> }> {
  const handle = await fs.open(path, 'r');
  const size = (await handle.stat()).size;
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      const bytes = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      let done = 0;
      while (done < bytes.byteLength) {
        const { bytesRead } = await handle.read(bytes, done, bytes.byteLength - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === bytes.byteLength ? bytes : bytes.subarray(0, done);
    },
    close: () => handle.close(),
  };
}
