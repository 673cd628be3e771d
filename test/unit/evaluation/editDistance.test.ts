// The bit-parallel edit distance against the table's definition (the two-row dynamic programme), on
// strings across the 32-character block edges, with characters outside the BMP counted once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance } from '../../../src/core/evaluation/editDistance';

/** Levenshtein distance by its table, over Unicode characters. */
function tableDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[y.length];
}

test('edit distance by hand', () => {
  assert.equal(editDistance('', ''), 0);
  assert.equal(editDistance('', 'ABC'), 3);
  assert.equal(editDistance('KITTEN', 'SITTING'), 3);
  assert.equal(editDistance('SITTING', 'KITTEN'), 3);
  assert.equal(editDistance('😀B', 'B'), 1, 'a character outside the BMP is one character');
  assert.equal(editDistance('A'.repeat(32), 'A'.repeat(33)), 1, 'one block full, the next holds one');
  assert.equal(editDistance('AB'.repeat(40), 'BA'.repeat(40)), 2);
});

test('edit distance equals the table on random strings of 0 to 140 characters', () => {
  let seed = 7;
  const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const alphabet = ['A', 'B', 'C', 'D', ' ', 'é', '😀'];
  const text = (n: number, letters: number): string => Array.from({ length: n }, () => alphabet[Math.floor(random() * letters)]).join('');
  const lengths = new Set<number>();
  for (let round = 0; round < 1500; round++) {
    const a = text(Math.floor(random() * 141), 2 + Math.floor(random() * 6));
    // Some pairs share most of their text, as a transcript and its reference do.
    const b = random() < 0.3 ? a.slice(Math.floor(random() * 10)) + text(5, 3) : text(Math.floor(random() * 141), 2 + Math.floor(random() * 6));
    lengths.add(Math.min(Array.from(a).length, Array.from(b).length) >> 5);
    assert.equal(editDistance(a, b), tableDistance(a, b), `${JSON.stringify(a)} against ${JSON.stringify(b)}`);
  }
  assert.deepEqual([...lengths].sort(), [0, 1, 2, 3, 4], 'shorter strings of one to five blocks');
});
