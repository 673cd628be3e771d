/**
 * The `size` bytes of `bytes` from `start` as an 8-byte-aligned place for typed-array views: the bytes'
 * own buffer when they are aligned already (a file read on its own usually is, and copying an hour's
 * tens of MB blocked the event loop), else one aligned copy.
 */
export function alignedBlock(bytes: Uint8Array, start: number, size: number): { buffer: ArrayBuffer; base: number } {
  const base = bytes.byteOffset + start;
  if (base % 8 === 0) return { buffer: bytes.buffer as ArrayBuffer, base };
  const buffer = new ArrayBuffer(size);
  new Uint8Array(buffer).set(bytes.subarray(start, start + size));
  return { buffer, base: 0 };
}
