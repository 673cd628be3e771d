import { openContainer, writeContainer } from '../core/binary/columnContainer';

/**
 * A webview message as one binary file, for messages too large to post: the replay worker writes it, the
 * webview fetches it (a webview resource, served without the extension host), and both sides see the
 * same message. A column container (core/binary/columnContainer.ts) with magic "LLB2": the message's
 * other fields as its fields, each typed array (a top-level field) a column of the same name. Typed arrays
 * come back as views of the fetched buffer: nothing is copied.
 */
export const BULK_MAGIC = 'LLB2';

/** Bytes of a message's typed arrays (its top-level fields), to tell whether it is worth a file. */
export function typedArrayBytes(message: object): number {
  let bytes = 0;
  for (const value of Object.values(message)) if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  return bytes;
}

/** The file of `message`: its typed arrays (top-level fields) as columns, everything else as JSON. */
export function encodeBulkMessage(message: object): Uint8Array {
  const fields: Record<string, unknown> = {};
  const columns: Array<[string, ArrayBufferView]> = [];
  for (const [name, value] of Object.entries(message)) {
    if (ArrayBuffer.isView(value)) columns.push([name, value]);
    else fields[name] = value;
  }
  return writeContainer(BULK_MAGIC, fields, columns);
}

/**
 * The message a bulk file holds (still to be checked at the protocol's boundary). An error names what is
 * wrong with the file: not one, a head that is not JSON, columns past the end.
 */
export function decodeBulkMessage(buffer: ArrayBuffer): Record<string, unknown> {
  const { fields, columns } = openContainer<Record<string, unknown>>(buffer, BULK_MAGIC, 'bulk message');
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw new Error('bulk message head has no fields object');
  return { ...fields, ...columns };
}
