/**
 * A webview message as one binary file, for messages too large to post: the replay worker writes it, the
 * webview fetches it (a webview resource, served without the extension host), and both sides see the
 * same message. Layout: "LLB1", uint32 LE header length, the header as UTF-8 JSON (the message's other
 * fields, and each typed array's name, kind, byte offset and length), then the arrays, each 8-byte aligned.
 * Typed arrays come back as views of the fetched buffer: nothing is copied.
 */

const MAGIC = 'LLB1';
import { errorText } from '../core/errorText';
const PREFIX_BYTES = 8;

const KINDS = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint8Array,
} as const;

type Kind = keyof typeof KINDS;
type AnyTypedArray = InstanceType<(typeof KINDS)[Kind]>;

interface Header {
  fields: Record<string, unknown>;
  /** [field, kind, byte offset from the file's start, element count]. */
  arrays: Array<[string, Kind, number, number]>;
}

function kindOf(value: ArrayBufferView): Kind | undefined {
  for (const [kind, type] of Object.entries(KINDS) as Array<[Kind, (typeof KINDS)[Kind]]>) {
    if (value instanceof type) return kind;
  }
  return undefined;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Bytes of a message's typed arrays (its top-level fields), to tell whether it is worth a file. */
export function typedArrayBytes(message: object): number {
  let bytes = 0;
  for (const value of Object.values(message)) if (ArrayBuffer.isView(value)) bytes += value.byteLength;
  return bytes;
}

/** The file of `message`: its typed arrays (top-level fields) as raw blocks, everything else as JSON. */
export function encodeBulkMessage(message: object): Uint8Array {
  const fields: Record<string, unknown> = {};
  const arrays: Array<[string, AnyTypedArray]> = [];
  for (const [name, value] of Object.entries(message)) {
    if (!ArrayBuffer.isView(value)) {
      fields[name] = value;
      continue;
    }
    const kind = kindOf(value);
    if (!kind) throw new Error(`bulk message field '${name}' is a ${Object.prototype.toString.call(value).slice(8, -1)}, which has no bulk kind`);
    arrays.push([name, value as AnyTypedArray]);
  }
  // Offsets depend on the header's length, which depends on the offsets' digits: lay out until stable.
  let headerBytes = new Uint8Array(0);
  let layout: Header['arrays'] = [];
  for (let headerLength = 0; ; ) {
    let at = align8(PREFIX_BYTES + headerLength);
    layout = arrays.map(([name, array]) => {
      const entry: [string, Kind, number, number] = [name, kindOf(array)!, at, array.length];
      at = align8(at + array.byteLength);
      return entry;
    });
    headerBytes = new TextEncoder().encode(JSON.stringify({ fields, arrays: layout } satisfies Header));
    if (headerBytes.length === headerLength) break;
    headerLength = headerBytes.length;
  }
  const end = layout.length ? align8(layout[layout.length - 1][2] + arrays[arrays.length - 1][1].byteLength) : PREFIX_BYTES + headerBytes.length;
  const out = new Uint8Array(end);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(4, headerBytes.length, true);
  out.set(headerBytes, PREFIX_BYTES);
  layout.forEach(([, , offset], i) => {
    const array = arrays[i][1];
    out.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), offset);
  });
  return out;
}

/**
 * The message a bulk file holds (still to be checked at the protocol's boundary). An error names what is
 * wrong with the file: not one, a header that is not JSON, an array past the end or misaligned.
 */
export function decodeBulkMessage(buffer: ArrayBuffer): Record<string, unknown> {
  if (buffer.byteLength < PREFIX_BYTES || new TextDecoder().decode(new Uint8Array(buffer, 0, 4)) !== MAGIC) {
    throw new Error(`not a bulk message (${buffer.byteLength} bytes, expected "${MAGIC}" first)`);
  }
  const headerLength = new DataView(buffer).getUint32(4, true);
  if (PREFIX_BYTES + headerLength > buffer.byteLength) throw new Error(`bulk message header of ${headerLength} bytes runs past the end (${buffer.byteLength} bytes)`);
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, PREFIX_BYTES, headerLength))) as Header;
  } catch (error) {
    throw new Error(`bulk message header is not JSON: ${errorText(error)}`);
  }
  if (!header || typeof header.fields !== 'object' || !Array.isArray(header.arrays)) throw new Error('bulk message header has no fields or arrays');
  const message: Record<string, unknown> = { ...header.fields };
  for (const entry of header.arrays) {
    const [name, kind, offset, length] = entry;
    const type = KINDS[kind];
    if (!type || !Number.isInteger(offset) || !Number.isInteger(length) || offset % 8 !== 0 || offset + length * type.BYTES_PER_ELEMENT > buffer.byteLength) {
      throw new Error(`bulk message array '${name}' (${kind}, ${length} values at byte ${offset}) does not fit the file's ${buffer.byteLength} bytes`);
    }
    message[name] = new type(buffer, offset, length);
  }
  return message;
}
