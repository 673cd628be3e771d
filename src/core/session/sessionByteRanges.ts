import { promises as fs } from 'node:fs';

/** Bytes [start, end) of a file; `start` is 0 or just after a newline, so a range holds whole lines. */
export interface ByteRange {
  start: number;
  end: number;
}

const NEWLINE = 0x0a;
const PROBE_BYTES = 64 * 1024;

/** The offset just after the first newline at or after `from`, or `size` when there is none. */
async function nextLineStart(handle: fs.FileHandle, from: number, size: number): Promise<number> {
  const probe = Buffer.allocUnsafe(PROBE_BYTES);
  for (let position = from; position < size; ) {
    const { bytesRead } = await handle.read(probe, 0, Math.min(PROBE_BYTES, size - position), position);
    if (bytesRead === 0) break;
    const at = probe.subarray(0, bytesRead).indexOf(NEWLINE);
    if (at >= 0) return position + at + 1;
    position += bytesRead;
  }
  return size;
}

/**
 * Up to `count` ranges of about equal size covering bytes [0, size) of the file, each cut just after a
 * newline. Cuts that land on the same offset (long lines, few lines) merge, so there may be fewer ranges
 * than asked for, but never an empty one.
 */
export async function splitAtLineStarts(path: string, size: number, count: number): Promise<ByteRange[]> {
  const handle = await fs.open(path, 'r');
  try {
    const cuts = [0];
    for (let k = 1; k < count; k++) {
      // Searching from one byte before the nominal cut lets a newline right there end the range.
      const cut = await nextLineStart(handle, Math.max(cuts[cuts.length - 1], Math.floor((size * k) / count) - 1), size);
      if (cut > cuts[cuts.length - 1] && cut < size) cuts.push(cut);
    }
    cuts.push(size);
    return cuts.slice(0, -1).map((start, k) => ({ start, end: cuts[k + 1] }));
  } finally {
    await handle.close();
  }
}
