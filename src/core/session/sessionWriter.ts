import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HandObservation } from '../hand/types';
import { SessionError } from './sessionError';
import { imagesFolderName, writeSessionImage, type SessionImage } from './sessionImages';
import { formatFrameLine, formatHeaderLine, formatLabelLine, formatReplyLine, formatTargetLine } from './sessionLines';
import type { SessionHeader } from './types';

export interface SessionWriterOptions {
  /** Replace an existing file. Without it, creating over an existing file rejects with code 'exists'. */
  overwrite?: boolean;
  /** Write buffered lines once this many are waiting (default 30, about a second at 30 fps). */
  flushEveryLines?: number;
  /** Write buffered lines at least this often, in ms (default 1000; 0 turns the timer off). */
  flushIntervalMs?: number;
  /**
   * Keep frames' camera images in the sidecar folder `<name>.images` (named in the header). With
   * `overwrite`, an existing folder's images are removed first.
   */
  images?: boolean;
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
    /** The images' sidecar folder, when the session keeps images. */
    readonly imagesFolder: string | null,
  ) {}

  static async create(path: string, header: HeaderFields, options: SessionWriterOptions = {}): Promise<SessionWriter> {
    const imagesName = options.images ? imagesFolderName(path) : null;
    const headerLine = formatHeaderLine({ created: new Date().toISOString(), ...header, ...(imagesName ? { images: imagesName } : {}) });
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
    const imagesFolder = imagesName ? join(dirname(path), imagesName) : null;
    const writer = new SessionWriter(path, handle, Math.max(1, options.flushEveryLines ?? 30), imagesFolder);
    try {
      if (imagesFolder) {
        if (options.overwrite) await fs.rm(imagesFolder, { recursive: true, force: true });
        await fs.mkdir(imagesFolder, { recursive: true });
      }
      await handle.write(headerLine + '\n');
    } catch (err) {
      await handle.close().catch(() => undefined);
      throw new SessionError('write-failed', path, `cannot write the header or make the images folder (${(err as Error).message})`);
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

  /**
   * Appends a frame; its image (in a session made with `images`) is written before the frame's line,
   * so the line never points at a missing or partial image.
   */
  appendFrame(frame: { t: number; hands: readonly HandObservation[] }, image?: SessionImage | null): void {
    this.checkOpen();
    const line = formatFrameLine(frame);
    if (image) {
      const folder = this.imagesFolder;
      if (!folder) throw new SessionError('invalid-record', this.path, 'a frame image for a session created without images');
      const index = this.frameCount;
      this.writing = this.writing.then(async () => {
        if (this.failure) return;
        try {
          await writeSessionImage(folder, index, image);
        } catch (err) {
          this.failure = new SessionError('write-failed', folder, `cannot write the image of frame ${index} (${(err as Error).message})`);
        }
      });
    }
    this.append(line);
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

  private checkOpen(): void {
    if (this.closed) throw new SessionError('closed', this.path, 'the session writer is closed');
    if (this.failure) throw this.failure;
  }

  private append(line: string): void {
    this.checkOpen();
    this.pending.push(line);
    if (this.pending.length >= this.flushEveryLines) void this.flush().catch(() => undefined);
  }
}
