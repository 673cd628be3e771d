import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBulkMessage, encodeBulkMessage, typedArrayBytes } from '../../../src/protocol/bulkMessage';
import { checkExtensionToWebview } from '../../../src/protocol/messages';
import { encodeFrameRange, encodeResults } from '../../../src/protocol/encode';
import { frameObjectsSource } from '../../../src/core/session/frameSource';
import { LABELS_29 } from '../../../src/core/model/profile';

function bufferOf(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

test('a bulk file holds the message as posted: typed arrays bit for bit (NaN, -0), the other fields as JSON', () => {
  const landmarks = Float64Array.from({ length: 63 }, (_, i) => (i % 5 === 0 ? -0 : i / 7));
  const frames = [
    { index: 0, t: 0, hands: [{ landmarks }] },
    { index: 1, t: 33.3, hands: [] },
    { index: 2, t: 66.7, hands: [{ landmarks }] },
  ];
  const framesMessage = encodeFrameRange(frameObjectsSource(frames), 0, 3, { targets: [{ frame: 1, t: 33.3, letter: 'B' }], labelSpans: [], totalFrames: 3 });
  const result = (frame: number) => ({
    frame, t: frame * 33, status: 'ready' as const, probs: new Float32Array(29).fill(1 / 29), smoothed: null, response: { maxarg_letter: 'B', target_arg_prob: 0.5 },
    sent: frame === 1, bufferFill: 32, smoothingFill: 5, target: 'B', transcript: frame > 1 ? 'B' : '', emitted: frame === 2 ? 'B' : null,
  });
  const resultsMessage = encodeResults([1, 2].map(result), 1, LABELS_29, '');
  for (const message of [framesMessage, resultsMessage]) {
    const decoded = decodeBulkMessage(bufferOf(encodeBulkMessage(message)));
    const checked = checkExtensionToWebview(decoded);
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    assert.deepEqual(Object.keys(decoded).sort(), Object.keys(message).sort());
    for (const [name, value] of Object.entries(message)) {
      const back = decoded[name];
      if (!ArrayBuffer.isView(value)) {
        assert.deepEqual(back, value, name);
        continue;
      }
      assert.equal(Object.prototype.toString.call(back), Object.prototype.toString.call(value), `${name}: same kind`);
      const a = Array.from(value as unknown as ArrayLike<number>);
      const b = Array.from(back as ArrayLike<number>);
      assert.equal(b.length, a.length, name);
      a.forEach((v, i) => assert.ok(Object.is(v, b[i]), `${name}[${i}]: ${b[i]} for ${v}`));
    }
  }
  assert.equal(typedArrayBytes(framesMessage), 3 * 8 + 3 * 63 * 4 + 3);
});

test('a damaged bulk file is an error that says what is wrong with it', () => {
  const good = encodeBulkMessage(encodeFrameRange(frameObjectsSource([{ index: 0, t: 0, hands: [] }]), 0, 1));
  assert.throws(() => decodeBulkMessage(new ArrayBuffer(3)), /not a bulk message \(3 bytes/);
  assert.throws(() => decodeBulkMessage(bufferOf(new TextEncoder().encode('{"type":"frames"}'))), /not a bulk message/);
  const truncated = bufferOf(good.subarray(0, 20));
  assert.throws(() => decodeBulkMessage(truncated), /bulk message is truncated \(head of \d+ bytes, 20 bytes in all\)/);
  const cut = bufferOf(good.subarray(0, good.byteLength - 16));
  assert.throws(() => decodeBulkMessage(cut), /bulk message is truncated \(\d+ bytes, its columns end at \d+\)/);
  const notJson = good.slice();
  notJson[9] = 0x7b; // "{" where a quote was
  assert.throws(() => decodeBulkMessage(bufferOf(notJson)), /bulk message head is not JSON/);
  assert.throws(() => encodeBulkMessage({ type: 'frames', odd: new BigInt64Array(1) }), /column 'odd' is a BigInt64Array, which a container cannot hold/);
});
