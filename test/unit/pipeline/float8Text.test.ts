import { test } from 'node:test';
import assert from 'node:assert/strict';
import { float8Text, writeFloat8 } from '../../../src/core/pipeline/float8Text';
import { JsonlChunks, csvLines, frameLine, frameRecord, jsonlLines } from '../../../src/core/pipeline/formatAnalysis';
import type { FrameResult, TargetChangeResult } from '../../../src/core/pipeline/types';

const reference = (v: number) => String(Number(v.toPrecision(8)));

const bytesOut = new Uint8Array(64);
const written = (v: number) => Buffer.from(bytesOut.subarray(0, writeFloat8(v, bytesOut, 0))).toString('latin1');

/** The first value whose text, or whose bytes (written after a non-zero offset too), is not toPrecision(8)'s. */
function firstMismatch(values: Float32Array): string | null {
  for (const v of values) {
    const want = reference(v);
    if (float8Text(v) !== want) return `${v}: ${float8Text(v)} vs ${want}`;
    if (written(v) !== want) return `${v}: bytes ${written(v)} vs ${want}`;
    const end = writeFloat8(v, bytesOut, 5);
    if (Buffer.from(bytesOut.subarray(5, end)).toString('latin1') !== want) return `${v}: bytes at 5 vs ${want}`;
  }
  return null;
}

/** A deterministic generator (xorshift32), so a failure names the same values on every run. */
function bits(count: number, seed: number): Uint32Array {
  const out = new Uint32Array(count);
  let x = seed;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 0;
  }
  return out;
}

test('float8Text and writeFloat8 are toPrecision(8) printed, for every kind of float32', () => {
  // Any bit pattern: every exponent, both signs, subnormals, NaN and the infinities among them.
  assert.equal(firstMismatch(new Float32Array(bits(400_000, 0x9e3779b9).buffer)), null);
  // Dyadic values with few bits, where a product can fall exactly on a half.
  assert.equal(firstMismatch(Float32Array.from({ length: 1 << 18 }, (_, i) => i / (1 << 18))), null);
  assert.equal(firstMismatch(Float32Array.from({ length: 1 << 14 }, (_, i) => (i + 0.5) * 2 ** -30)), null);
  // Softmax outputs as analyze prints them: mostly small, down to 1e-30.
  const probs = new Float32Array(200_000);
  const u = bits(probs.length, 12345);
  for (let i = 0; i < probs.length; i++) probs[i] = Math.exp(-(u[i] / 2 ** 32) * 70);
  assert.equal(firstMismatch(probs), null);
  // Each side of every power of ten in float32's range, and where notations change (1e-6, 1e21).
  const edges: number[] = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.5, 1e-6, 9.9999997e-7, 1e21, 3.4028235e38, 1.4e-45];
  for (let e = -45; e <= 38; e++) {
    const p = Math.fround(10 ** e);
    const word = new Uint32Array(new Float32Array([p]).buffer)[0];
    for (let d = -3; d <= 3; d++) edges.push(new Float32Array(new Uint32Array([word + d]).buffer)[0]);
  }
  assert.equal(firstMismatch(Float32Array.from(edges)), null);
});

test('a frame line is its record as JSON.stringify writes it', () => {
  const probs = Float32Array.from([0.1, 1e-7, 0, NaN, 0.99999999, 2.5e-5, Infinity, 1 / 3]);
  const frames: FrameResult[] = [
    { frame: 0, t: 0, status: 'no-hand', probs: null, smoothed: null, response: null, sent: false, bufferFill: 0, smoothingFill: 0, target: null, transcript: '', emitted: null },
    { frame: 7, t: 0.2333, status: 'ready', probs, smoothed: probs.map((v) => v / 7), response: { maxarg_letter: 'B', target_arg_prob: 0.8312 }, sent: true, bufferFill: 32, smoothingFill: 5, target: 'B', transcript: 'AB', emitted: 'B' },
    { frame: 8, t: 1e21, status: 'smoothing', probs, smoothed: null, response: null, sent: false, bufferFill: 32, smoothingFill: 2, target: null, transcript: '', emitted: null, problem: 'model output "x" was NaN' },
  ];
  for (const f of frames) assert.equal(frameLine(f), JSON.stringify(frameRecord(f)));
  const csv = [...csvLines({ frames, targetChanges: [], windows: 2 }, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'])];
  assert.equal(csv[2].split(',').slice(3, 11).join(','), Array.from(probs, (v) => String(Number(v.toPrecision(8)))).join(','));
});

test('jsonl chunks are the bytes of jsonlLines, target changes and non-ASCII text included', () => {
  const probs = Float32Array.from([0.1, 1e-7, 0, NaN, 0.99999999, 2.5e-5, Infinity, 1 / 3, -4.2e-9, 123456.78]);
  const frame = (k: number, extra: Partial<FrameResult> = {}): FrameResult => ({
    frame: k, t: k * 33.333, status: 'ready', probs, smoothed: probs.map((v) => v / (k + 1)), response: { maxarg_letter: 'Ä', target_arg_prob: 0.25 }, sent: k % 3 === 0,
    bufferFill: 32, smoothingFill: 5, target: null, transcript: '', emitted: null, ...extra,
  });
  const frames = [
    frame(0, { status: 'no-hand', probs: null, smoothed: null, response: null }),
    ...Array.from({ length: 40 }, (_, i) => frame(i + 1)),
    frame(41, { problem: 'model output "ü" was NaN' }),
  ];
  const targetChanges: TargetChangeResult[] = [
    { t: 0, letter: 'A', beforeFrame: 0, response: { maxarg_letter: 'A', target_arg_prob: 0 }, sent: true },
    { t: 500, letter: 'ß', beforeFrame: 17, response: { maxarg_letter: 'ß', target_arg_prob: 0 }, sent: true },
    { t: 9000, letter: null, beforeFrame: 99, response: { maxarg_letter: 'NOTHING', target_arg_prob: 0 }, sent: true },
  ];
  const expected = [...jsonlLines({ frames, targetChanges, windows: 41 })].map((l) => l + '\n').join('');
  const chunks = new JsonlChunks(targetChanges);
  // Chunks of uneven sizes, an empty one among them, then the changes after the last frame.
  const parts = [chunks.frames(frames.slice(0, 3)), chunks.frames([]), chunks.frames(frames.slice(3, 30)), chunks.frames(frames.slice(30)), chunks.end()];
  assert.equal(parts[1].length, 0);
  assert.equal(Buffer.concat(parts).toString('utf8'), expected);
  assert.ok(expected.includes('"letter":"ß"') && expected.endsWith('"letter":null,"beforeFrame":99,"response":{"maxarg_letter":"NOTHING","target_arg_prob":0},"sent":true}\n'));
});
