/** A minimal protocol buffers wire-format reader: enough to walk an ONNX ModelProto. */
export class ProtobufReader {
  private pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads a field key; returns its number and wire type. */
  key(): { field: number; wire: number } {
    const key = this.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 0) throw new Error(`field number 0 at byte ${this.pos}`);
    return { field, wire };
  }

  /** A varint as a JS number (exact up to 2^53; larger values lose precision, which ONNX never needs). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const b = this.bytes[this.pos++];
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new Error(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A length-delimited field's body as a sub-reader. */
  message(): ProtobufReader {
    const length = this.varint();
    const start = this.pos;
    if (start + length > this.end) throw new Error(`a field of ${length} bytes runs past the end at byte ${start}`);
    this.pos += length;
    return new ProtobufReader(this.bytes, start, start + length);
  }

  string(): string {
    const body = this.message();
    return new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(body.pos, body.end));
  }

  skip(wire: number): void {
    switch (wire) {
      case 0:
        this.varint();
        return;
      case 1:
        this.advance(8);
        return;
      case 2:
        this.message();
        return;
      case 5:
        this.advance(4);
        return;
      default:
        throw new Error(`unsupported wire type ${wire} at byte ${this.pos}`);
    }
  }

  private advance(n: number): void {
    if (this.pos + n > this.end) throw new Error('truncated fixed-size field');
    this.pos += n;
  }
}
