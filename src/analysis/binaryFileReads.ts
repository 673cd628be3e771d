import { fstatSync, readSync } from 'node:fs';

/** Bytes before a binary file's JSON block: 4 of magic, a uint32 LE JSON length. */
const PREFIX_BYTES = 8;

/**
 * Reads `into.byteLength` bytes of an open file from `position`; throws an Error saying `what` (the
 * file, and which part) is truncated when the file ends first.
 */
export function readExactly(fd: number, into: Uint8Array, position: number, what: string): void {
  for (let done = 0; done < into.byteLength; ) {
    const read = readSync(fd, into, done, into.byteLength - done, position + done);
    if (read === 0) throw new Error(`${what} is truncated (from byte ${position + done})`);
    done += read;
  }
}

/**
 * The head of a file laid out as `magic`, a uint32 LE length and that many bytes of JSON (session
 * snapshots, results cache entries): the prefix and the JSON block. When the magic is another, or the
 * block would run past the end, only what the prefix holds, so that the caller's decoder of the head
 * says what is wrong.
 */
export function readJsonHead(fd: number, magic: string): Buffer {
  const size = fstatSync(fd).size;
  const prefix = Buffer.alloc(Math.min(size, PREFIX_BYTES));
  readExactly(fd, prefix, 0, 'file');
  if (prefix.length < PREFIX_BYTES || prefix.toString('latin1', 0, 4) !== magic) return prefix;
  const length = PREFIX_BYTES + prefix.readUInt32LE(4);
  if (length > size) return prefix;
  const head = Buffer.alloc(length);
  prefix.copy(head);
  readExactly(fd, head.subarray(PREFIX_BYTES), PREFIX_BYTES, 'file');
  return head;
}
