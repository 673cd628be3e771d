import { closeSync, openSync, readSync } from 'node:fs';
import { SessionRangeParser, type ParsedRange, type UnusualRange } from './sessionRangeParse';

export interface SessionRangeRead {
  path: string;
  start: number;
  end: number;
  first: boolean;
  maxLineBytes: number;
  /** Bytes read at a time (more when one line is longer); a piece handed to the parser ends at its last newline. */
  chunkBytes: number;
}

const NEWLINE = 0x0a;

/** Reads one byte range of a session file from disk a piece at a time and parses it (in a range worker, or the calling thread). */
export function readSessionRange({ path, start, end, first, maxLineBytes, chunkBytes }: SessionRangeRead): ParsedRange | UnusualRange {
  const parser = new SessionRangeParser({ first, maxLineBytes });
  const fd = openSync(path, 'r');
  try {
    let buffer = Buffer.allocUnsafe(Math.max(1, Math.min(chunkBytes, end - start)));
    let held = 0; // bytes at the front of `buffer` carried over from the last read: the start of a line
    for (let position = start; position < end; ) {
      if (held === buffer.length) {
        // One line fills the buffer: it is longer than the sequential reader keeps, or the buffer grows.
        if (held > maxLineBytes) return { unusual: `a line longer than ${maxLineBytes} bytes` };
        const bigger = Buffer.allocUnsafe(Math.min(buffer.length * 2, held + (end - position)));
        buffer.copy(bigger, 0, 0, held);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, held, Math.min(buffer.length - held, end - position), position);
      if (read === 0) return { unusual: 'the file got shorter while it was read' };
      position += read;
      const filled = held + read;
      const cut = position === end ? filled : buffer.lastIndexOf(NEWLINE, filled - 1) + 1;
      if (cut > 0) {
        const unusual = parser.push(buffer.subarray(0, cut));
        if (unusual) return unusual;
        buffer.copy(buffer, 0, cut, filled);
      }
      held = filled - cut;
    }
  } finally {
    closeSync(fd);
  }
  return parser.finish();
}
