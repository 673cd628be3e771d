import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HandBlocks } from '../../../src/core/session/handBlocks';

/** Hand h's values are h * 1000 + v, so any misplaced value shows. */
function blocksOf(sizes: number[]): HandBlocks {
  const firsts = sizes.map((_, b) => sizes.slice(0, b).reduce((a, n) => a + n, 0));
  return new HandBlocks(sizes.map((n, b) => Float64Array.from({ length: n * 63 }, (_, k) => (firsts[b] + Math.floor(k / 63)) * 1000 + (k % 63))));
}

test('hands in several blocks, empty ones among them, read as one column: views and copies across block edges', () => {
  const blocks = blocksOf([3, 0, 5, 1, 0, 4]);
  assert.equal(blocks.count, 13);
  // Views in a scattered order (the cached last block must not mislead the lookup).
  for (const h of [0, 12, 3, 2, 8, 7, 8, 9, 1, 12, 0]) assert.deepEqual(Array.from(blocks.view(h)), Array.from({ length: 63 }, (_, v) => h * 1000 + v), `hand ${h}`);
  for (const [from, count] of [[0, 13], [2, 4], [7, 3], [8, 1], [12, 1], [5, 0]]) {
    const out = new Float32Array(count * 63 + 5).fill(-1);
    blocks.copyTo(from, count, out, 5);
    assert.deepEqual(Array.from(out.subarray(0, 5)), [-1, -1, -1, -1, -1], 'nothing before the offset');
    assert.deepEqual(Array.from(out.subarray(5)), Array.from({ length: count * 63 }, (_, k) => (from + Math.floor(k / 63)) * 1000 + (k % 63)), `[${from}, +${count})`);
  }
  assert.throws(() => blocks.view(13), RangeError);
  assert.throws(() => new HandBlocks([new Float64Array(62)]), /not whole hands/);
  assert.equal(new HandBlocks([]).count, 0);
});
