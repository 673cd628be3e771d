import { createReadStream } from 'node:fs';
import { fileOpenError } from './sessionFile';

export interface SourceLine {
  /** 1-based line number. */
  line: number;
  /** The line's text without its line ending; undefined when it is not valid UTF-8 or too long. */
  text?: string;
  /** Why `text` is missing. */
  error?: string;
  /** True for a last line that has no newline after it (a write that may have been cut short). */
  unterminated: boolean;
}

export interface LineSourceOptions {
  /** Longest line kept, in bytes; longer lines are reported, not held in memory. */
  maxLineBytes?: number;
  chunkBytes?: number;
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * The lines of a file, read in chunks: memory holds one chunk and one line at a time, never the file.
 * Lines are split on bytes (so a character cut by a chunk boundary is never a problem), then decoded.
 */
export async function* readFileLines(path: string, options: LineSourceOptions = {}): AsyncGenerator<SourceLine> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 256 * 1024 });
  let pieces: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let lineNumber = 0;

  const finish = (unterminated: boolean): SourceLine => {
    lineNumber++;
    if (tooLong) {
      pieces = [];
      pendingBytes = 0;
      tooLong = false;
      return { line: lineNumber, error: `line longer than ${maxLineBytes} bytes`, unterminated };
    }
    let bytes = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, pendingBytes);
    pieces = [];
    pendingBytes = 0;
    if (bytes.length > 0 && bytes[bytes.length - 1] === CARRIAGE_RETURN) bytes = bytes.subarray(0, bytes.length - 1);
    try {
      let text = decoder.decode(bytes);
      if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return { line: lineNumber, text, unterminated };
    } catch {
      return { line: lineNumber, error: 'not valid UTF-8 text', unterminated };
    }
  };

  const keep = (bytes: Buffer): void => {
    if (tooLong || bytes.length === 0) return;
    if (pendingBytes + bytes.length > maxLineBytes) {
      tooLong = true;
      pieces = [];
      pendingBytes = 0;
      return;
    }
    pieces.push(bytes);
    pendingBytes += bytes.length;
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (;;) {
        const end = chunk.indexOf(NEWLINE, start);
        if (end < 0) break;
        keep(chunk.subarray(start, end));
        yield finish(false);
        start = end + 1;
      }
      // Copy the tail: holding a view would keep the whole chunk alive.
      if (start < chunk.length) keep(Buffer.from(chunk.subarray(start)));
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException)?.code !== undefined) throw fileOpenError(path, err);
    throw err;
  } finally {
    stream.destroy();
  }
  if (pendingBytes > 0 || tooLong) yield finish(true);
}
