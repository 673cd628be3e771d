import { FLOAT8_MAX_BYTES, writeFloat8 } from './float8Text';

const encoder = new TextEncoder();

/**
 * UTF-8 output built in one growing byte block: strings as they are, float32 lists as float8Text's
 * JSON (`[0.1,...]`, null for a non-finite value) written digit by digit. analyze's jsonl takes a
 * third of the time it took as strings joined and encoded, and writing it is then a copy.
 */
export class LineBytes {
  private bytes: Uint8Array;
  private pos = 0;

  constructor(expectedBytes = 64 * 1024) {
    this.bytes = new Uint8Array(Math.max(256, expectedBytes));
  }

  get length(): number {
    return this.pos;
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.pos + bytes));
    grown.set(this.bytes.subarray(0, this.pos));
    this.bytes = grown;
  }

  text(s: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    this.room(3 * s.length);
    const out = this.bytes;
    let pos = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        pos += encoder.encodeInto(s.slice(i), out.subarray(pos)).written;
        break;
      }
      out[pos++] = c;
    }
    this.pos = pos;
  }

  /** `[v,...]` with float8Text's texts, `null` for a non-finite value; `null` for no list. */
  floats(values: Float32Array | null): void {
    if (values === null) {
      this.text('null');
      return;
    }
    this.room(2 + values.length * (FLOAT8_MAX_BYTES + 1));
    const out = this.bytes;
    let pos = this.pos;
    out[pos++] = 91; // '['
    for (let i = 0; i < values.length; i++) {
      if (i > 0) out[pos++] = 44; // ','
      const v = values[i];
      if (Number.isFinite(v)) pos = writeFloat8(v, out, pos);
      else {
        out[pos++] = 110; // 'null'
        out[pos++] = 117;
        out[pos++] = 108;
        out[pos++] = 108;
      }
    }
    out[pos++] = 93; // ']'
    this.pos = pos;
  }

  /** The bytes so far; the builder starts again empty. */
  take(): Uint8Array {
    const taken = this.bytes.subarray(0, this.pos);
    this.bytes = new Uint8Array(Math.max(256, this.bytes.length));
    this.pos = 0;
    return taken;
  }
}
