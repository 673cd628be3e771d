import { promises as fs } from 'node:fs';
import type { HandObservation } from '../hand/types';
import { SessionError } from './sessionError';
import { formatFrameLine, formatHeaderLine, formatLabelLine, formatReplyLine, formatTargetLine } from './sessionLines';
import type { SessionHeader } from './types';

export interface SessionWriterOptions {
  /** Replace an existing file. Without it, creating over an existing file rejects with code 'exists'. */
  overwrite?: boolean;
  /** Write buffered lines once this many are waiting (default 30, about a second at 30 fps). */
  flushEveryLines?: number;
  /** Write buffered lines at least this often, in ms (default 1000; 0 turns the timer off). */
  flushIntervalMs?: number;
}

type HeaderFields = Omit<SessionHeader, 'type' | 'format' | 'version'>;

/**
 * Appends a session to a `*.landmarks.jsonl` file while it is recorded. Only whole lines are
 * appended and the header is on disk before `create` resolves, so at every moment the file is a
 * valid session; a crash can lose at most the lines not yet flushed, and at worst cut the last
 * line short, which the reader reports while keeping every frame before it.
 */
export class SessionWriter {
  private pending: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: SessionError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private frameCount = 0;

  private constructor(
    readonly path: string,
    private readonly handle: fs.FileHandle,
    private readonly flushEveryLines: number,
  ) {}

  static async create(path: string, header: HeaderFields, options: SessionWriterOptions = {}): Promise<SessionWriter> {
    const headerLine = formatHeaderLine({ created: new Date().toISOString(), ...header });
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(path, options.overwrite ? 'w' : 'wx');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new SessionError('exists', path, 'already exists; choose another name or allow overwriting');
      if (code === 'ENOENT') throw new SessionError('write-failed', path, 'cannot create the file: its folder does not exist');
      if (code === 'EISDIR') throw new SessionError('write-failed', path, 'is a directory, expected a file name');
      throw new SessionError('write-failed', path, `cannot create the file (${code ?? String(err)})`);
    }
    const writer = new SessionWriter(path, handle, Math.max(1, options.flushEveryLines ?? 30));
    try {
      await handle.write(headerLine + '\n');
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw new SessionError('write-failed', path, `cannot write the header (${(err as Error).message})`);
    }
    const interval = options.flushIntervalMs ?? 1000;
    if (interval > 0) {
      writer.timer = setInterval(() => void writer.flush().catch(() => undefined), interval);
      writer.timer.unref();
    }
    return writer;
  }

  /** Frames appended so far. */
  get frames(): number {
    return this.frameCount;
  }

  appendFrame(frame: { t: number; hands: readonly HandObservation[] }): void {
    this.append(formatFrameLine(frame));
    this.frameCount++;
  }

  appendTarget(target: { t: number; letter: string | null }): void {
    this.append(formatTargetLine(target));
  }

  appendLabel(label: { t0: number; t1: number; text: string }): void {
    this.append(formatLabelLine(label));
  }

  appendReply(reply: { t: number; reply: Record<string, unknown> }): void {
    this.append(formatReplyLine(reply));
  }

  /** Writes every buffered line; resolves when they are handed to the operating system. */
  flush(): Promise<void> {
    if (this.pending.length > 0) {
      const text = this.pending.join('\n') + '\n';
      this.pending = [];
      this.writing = this.writing.then(async () => {
        if (this.failure) return;
        try {
          await this.handle.write(text);
        } catch (err) {
          this.failure = new SessionError('write-failed', this.path, `cannot append to the file (${(err as Error).message})`);
        }
      });
    }
    return this.writing.then(() => {
      if (this.failure) throw this.failure;
    });
  }

  /** Flushes, syncs and closes the file. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    try {
      await this.flush();
      await this.handle.sync().catch(() => undefined);
    } finally {
      await this.handle.close().catch(() => undefined);
    }
  }

  private append(line: string): void {
    if (this.closed) throw new SessionError('closed', this.path, 'the session writer is closed');
    if (this.failure) throw this.failure;
    this.pending.push(line);
    if (this.pending.length >= this.flushEveryLines) void this.flush().catch(() => undefined);
  }
}
