import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { yieldToEventLoop } from './yieldToEventLoop';

/** Bytes hashed between two turns of the event loop. */
const CHUNK_BYTES = 1 << 20;

/**
 * SHA-256 of a file's bytes, read a megabyte at a time with the event loop turning in between, so large
 * files neither sit in memory nor block it. The reads are synchronous: a stream's go through libuv's
 * thread pool, which every thread of the process shares, and a large session's many reads would queue
 * there behind, and race with, the extension host's own work.
 */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      await yieldToEventLoop();
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
