import type { FrameResult, FrameStatus, ReplayResult, TargetChangeResult } from '../../core/pipeline/types';

/**
 * Binary form of a session's replay result for the on-disk cache: a JSON block with the small
 * per-frame fields, then the distributions as raw float32 (exact, and ~8x smaller than JSON numbers).
 * Layout: "LLR1", uint32 JSON byte length, JSON, zero padding to 4 bytes, float32[count * 2 * classCount].
 */
const MAGIC = 'LLR1';

interface EncodedRecord {
  f: number;
  t: number;
  s: FrameStatus;
  p: boolean;
  m: boolean;
  r: FrameResult['response'];
  x: boolean;
  b: number;
  k: number;
  g: string | null;
  tr: string;
  e: string | null;
}

export function encodeResultsForCache(replay: ReplayResult, classCount: number): Buffer {
  const results = replay.frames;
  const records: EncodedRecord[] = results.map((r) => ({
    f: r.frame,
    t: r.t,
    s: r.status,
    p: r.probs !== null,
    m: r.smoothed !== null,
    r: r.response,
    x: r.sent,
    b: r.bufferFill,
    k: r.smoothingFill,
    g: r.target,
    tr: r.transcript,
    e: r.emitted,
  }));
  const json = Buffer.from(JSON.stringify({ classCount, records, targetChanges: replay.targetChanges, windows: replay.windows }), 'utf8');
  const headerLength = 8 + json.length;
  const padded = Math.ceil(headerLength / 4) * 4;
  const floats = new Float32Array(results.length * 2 * classCount);
  results.forEach((r, i) => {
    if (r.probs) floats.set(r.probs.subarray(0, classCount), i * 2 * classCount);
    if (r.smoothed) floats.set(r.smoothed.subarray(0, classCount), (i * 2 + 1) * classCount);
  });
  const out = Buffer.alloc(padded + floats.byteLength);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).copy(out, padded);
  return out;
}

/** Decodes a cache entry; throws an Error naming what is wrong when the bytes are not a valid entry. */
export function decodeResultsFromCache(bytes: Uint8Array): ReplayResult {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length < 8 || buffer.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a results cache entry');
  const jsonLength = buffer.readUInt32LE(4);
  if (8 + jsonLength > buffer.length) throw new Error('results cache entry is truncated (JSON block)');
  const parsed = JSON.parse(buffer.toString('utf8', 8, 8 + jsonLength)) as {
    classCount: number;
    records: EncodedRecord[];
    targetChanges: TargetChangeResult[];
    windows: number;
  };
  const { classCount, records } = parsed;
  if (!Number.isInteger(classCount) || !Array.isArray(records) || !Array.isArray(parsed.targetChanges)) {
    throw new Error('results cache entry has an unexpected JSON block');
  }
  const padded = Math.ceil((8 + jsonLength) / 4) * 4;
  const floatCount = records.length * 2 * classCount;
  if (padded + floatCount * 4 !== buffer.length) throw new Error('results cache entry is truncated (distributions)');
  // Copy so the floats are aligned and do not keep the file buffer alive.
  const floats = new Float32Array(floatCount);
  new Uint8Array(floats.buffer).set(buffer.subarray(padded, padded + floatCount * 4));
  const frames = records.map((r, i): FrameResult => ({
    frame: r.f,
    t: r.t,
    status: r.s,
    probs: r.p ? floats.slice(i * 2 * classCount, (i * 2 + 1) * classCount) : null,
    smoothed: r.m ? floats.slice((i * 2 + 1) * classCount, (i * 2 + 2) * classCount) : null,
    response: r.r,
    sent: r.x,
    bufferFill: r.b,
    smoothingFill: r.k,
    target: r.g,
    transcript: r.tr,
    emitted: r.e,
  }));
  return { frames, targetChanges: parsed.targetChanges, windows: parsed.windows };
}
