import { promises as fs } from 'node:fs';
import { SessionError } from './sessionError';

/** Bytes looked at to tell text from binary and to choose an importer. */
export const SNIFF_BYTES = 1024;

export interface OpenedSessionFile {
  size: number;
  /** Up to SNIFF_BYTES from the start of the file. */
  firstBytes: Uint8Array;
}

/** Checks that `path` is a readable, non-empty file; rejects with a SessionError saying what is wrong. */
export async function openSessionFile(path: string): Promise<OpenedSessionFile> {
  const handle = await openForReading(path);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SessionError('not-a-file', path, 'not a file');
    if (stat.size === 0) throw new SessionError('empty', path, 'the file is empty');
    const buffer = new Uint8Array(Math.min(SNIFF_BYTES, stat.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { size: stat.size, firstBytes: buffer.subarray(0, bytesRead) };
  } catch (err) {
    if (err instanceof SessionError) throw err;
    throw fileOpenError(path, err);
  } finally {
    await handle.close();
  }
}

/** Opens `path` to read; rejects with a SessionError saying why it cannot be read. */
export async function openForReading(path: string): Promise<fs.FileHandle> {
  try {
    return await fs.open(path, 'r');
  } catch (err) {
    throw fileOpenError(path, err);
  }
}

export function fileOpenError(path: string, err: unknown): SessionError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new SessionError('not-found', path, 'no such file');
  if (code === 'EISDIR') return new SessionError('not-a-file', path, 'is a directory, expected a file');
  if (code === 'EACCES' || code === 'EPERM') return new SessionError('unreadable', path, 'permission denied');
  const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
  return new SessionError('unreadable', path, `cannot read the file (${message})`);
}

/** Why `bytes` (the start of a file) is not text, or undefined when it looks like UTF-8 text. */
export function binaryReason(bytes: Uint8Array): string | undefined {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `binary data (a NUL byte at offset ${nul}), expected UTF-8 text`;
  try {
    // stream: true lets a multi-byte character cut by the end of the sample pass.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return 'not UTF-8 text (invalid byte sequence in the first KB)';
  }
  return undefined;
}

/** Rejects with a SessionError when the file's first bytes are binary. */
export function assertText(path: string, firstBytes: Uint8Array): void {
  const reason = binaryReason(firstBytes);
  if (reason) throw new SessionError('binary', path, reason);
}
