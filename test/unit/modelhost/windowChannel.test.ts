import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { WindowChannelReader, writeWindows } from '../../../src/modelhost/windowChannel';

/** Everything writeWindows puts on the channel for these requests, as one buffer. */
function framed(requests: Array<[number, Float32Array]>): Buffer {
  const out: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (chunk: Buffer) => out.push(chunk));
  for (const [id, windows] of requests) writeWindows(sink, id, windows);
  sink.end();
  return Buffer.concat(out);
}

const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i) * 3);

test('windows arrive whole however the stream cuts them, before or after their request is taken', async () => {
  const a = values(2016 * 3, 1);
  const b = values(2016, 2);
  const c = new Float32Array(0);
  const bytes = framed([[7, a], [8, b], [9, c]]);
  for (const piece of [1, 3, 8, 13, 4096, bytes.length]) {
    const channel = new PassThrough();
    const reader = new WindowChannelReader(channel);
    const first = reader.take(7, a.byteLength);
    for (let at = 0; at < bytes.length; at += piece) channel.write(bytes.subarray(at, at + piece));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(await first, a, `taken before arriving, pieces of ${piece}`);
    assert.deepEqual(await reader.take(8, b.byteLength), b, `arrived before taken, pieces of ${piece}`);
    assert.deepEqual(await reader.take(9, 0), c);
  }
});

test('a byte count that differs from the request is an error naming the request', async () => {
  const channel = new PassThrough();
  const reader = new WindowChannelReader(channel);
  channel.write(framed([[3, values(10, 3)]]));
  await new Promise((r) => setImmediate(r));
  await assert.rejects(reader.take(3, 80), /request 3: 40 bytes of windows arrived, the request says 80/);
});

test('writeWindows sends the caller\'s bytes as they are, from a view into a larger block', () => {
  const block = values(100, 4);
  const view = block.subarray(10, 30);
  const bytes = framed([[0xfffffffe, view]]);
  assert.equal(bytes.readUInt32LE(0), 0xfffffffe);
  assert.equal(bytes.readUInt32LE(4), 80);
  assert.deepEqual(new Float32Array(bytes.buffer.slice(bytes.byteOffset + 8, bytes.byteOffset + 88)), view);
});
