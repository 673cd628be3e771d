import { DetectorProtocolError } from './detectorMessages';

/**
 * The detector protocol over a WebSocket (the headless host): a message without bytes is a JSON text
 * message; one with Uint8Array fields is a binary message: a 4-byte little-endian length, that many
 * bytes of JSON in which each such field is `{"$bytes": [offset, length]}`, then the bytes. A webview
 * needs none of this: postMessage carries Uint8Arrays as they are.
 */

const BYTES_KEY = '$bytes';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeWireMessage(message: object): string | Uint8Array {
  const parts: Uint8Array[] = [];
  let offset = 0;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(message)) {
    if (value instanceof Uint8Array) {
      fields[key] = { [BYTES_KEY]: [offset, value.byteLength] };
      parts.push(value);
      offset += value.byteLength;
    } else {
      fields[key] = value;
    }
  }
  const json = JSON.stringify(fields);
  if (parts.length === 0) return json;
  const head = encoder.encode(json);
  const out = new Uint8Array(4 + head.byteLength + offset);
  new DataView(out.buffer).setUint32(0, head.byteLength, true);
  out.set(head, 4);
  let at = 4 + head.byteLength;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The message a text or binary frame carries, not yet checked; throws DetectorProtocolError if it is not one. */
export function decodeWireMessage(data: string | Uint8Array): unknown {
  if (typeof data === 'string') return parseJson(data);
  if (data.byteLength < 4) throw new DetectorProtocolError(`binary detector message of ${data.byteLength} bytes: too short for its header`);
  const headLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true);
  if (4 + headLength > data.byteLength) throw new DetectorProtocolError(`binary detector message: header of ${headLength} bytes runs past its end`);
  const fields = parseJson(decoder.decode(data.subarray(4, 4 + headLength)));
  if (typeof fields !== 'object' || fields === null) return fields;
  const body = data.subarray(4 + headLength);
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    const ref = (value as Record<string, unknown> | null)?.[BYTES_KEY];
    if (!Array.isArray(ref)) continue;
    const [start, length] = ref as number[];
    if (!Number.isInteger(start) || !Number.isInteger(length) || start < 0 || length < 0 || start + length > body.byteLength) {
      throw new DetectorProtocolError(`binary detector message: field '${key}' points past the message's bytes`);
    }
    (fields as Record<string, unknown>)[key] = body.slice(start, start + length);
  }
  return fields;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new DetectorProtocolError(`detector message is not valid JSON: ${text.slice(0, 40)}`);
  }
}
