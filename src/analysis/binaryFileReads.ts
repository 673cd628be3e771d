import { fstatSync, readSync } from 'node:fs';
import { CONTAINER_PREFIX_BYTES, containerHeadBytes, readContainerHead, type ContainerLayout } from '../core/binary/columnContainer';

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
 * The head of a column container file (core/binary/columnContainer.ts: session snapshots, results cache
 * entries), its prefix and JSON, read alone. When the magic is another, or the head would run past the
 * end, only what the prefix holds, so that the container's reader says what is wrong.
 */
export function readContainerHeadBytes(fd: number, magic: string): Uint8Array {
  const size = fstatSync(fd).size;
  const prefix = new Uint8Array(Math.min(size, CONTAINER_PREFIX_BYTES));
  readExactly(fd, prefix, 0, 'file');
  let length: number;
  try {
    length = containerHeadBytes(prefix, magic, 'file');
  } catch {
    return prefix;
  }
  if (length > size) return prefix;
  const head = new Uint8Array(length);
  head.set(prefix);
  readExactly(fd, head.subarray(CONTAINER_PREFIX_BYTES), CONTAINER_PREFIX_BYTES, 'file');
  return head;
}

/**
 * The layout of a column container file from its head alone, checked against the file's size, for a
 * reader that reads the columns itself (some as they are used). Throws an Error naming `what`.
 */
export function readContainerFileLayout<F>(fd: number, magic: string, what: string): ContainerLayout<F> {
  const layout = readContainerHead<F>(readContainerHeadBytes(fd, magic), magic, what);
  const size = fstatSync(fd).size;
  if (layout.byteLength !== size) {
    throw new Error(`${what} is ${size < layout.byteLength ? 'truncated' : 'longer than its head says'} (${size} bytes, its columns end at ${layout.byteLength})`);
  }
  return layout;
}
