import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Throttle } from '../../../src/core/pipeline/throttle';

test('the first reply always passes', () => {
  assert.equal(new Throttle(75, 0.03).offer(0, 'A', 0), true);
});

test('exactly 75 ms later with a changed letter passes; 74 ms does not', () => {
  const a = new Throttle(75, 0.03);
  a.offer(1000, 'A', 0.5);
  assert.equal(a.offer(1074, 'B', 0.5), false);
  assert.equal(a.offer(1075, 'B', 0.5), true);
});

test('a letter change within 75 ms is held back', () => {
  const a = new Throttle(75, 0.03);
  a.offer(0, 'A', 0.5);
  assert.equal(a.offer(10, 'B', 0.9), false);
  assert.equal(a.offer(74.9, 'C', 0.1), false);
});

test('same letter: a move of exactly 0.03 is not enough, more than 0.03 is', () => {
  const a = new Throttle(75, 0.03);
  a.offer(0, 'A', 0);
  assert.equal(a.offer(100, 'A', 0.03), false, '|0.03 - 0| is not > 0.03');
  assert.equal(a.offer(200, 'A', 0.0300001), true);
});

test('the comparison is with the last SENT reply, not the last offered one', () => {
  const a = new Throttle(75, 0.03);
  a.offer(0, 'A', 0.5);
  assert.equal(a.offer(100, 'A', 0.52), false);
  assert.equal(a.offer(200, 'A', 0.531), true, '0.031 from the sent 0.5 (only 0.011 from the held-back 0.52)');
});

test('forceSent counts as the last sent reply; reset makes the next reply pass', () => {
  const a = new Throttle(75, 0.03);
  a.offer(0, 'B', 0.9);
  a.forceSent(500, 'A', 0);
  assert.equal(a.offer(520, 'B', 0.9), false, 'within 75 ms of the forced reply');
  assert.equal(a.offer(600, 'A', 0), false, 'same letter and prob as the forced reply');
  a.reset();
  assert.equal(a.offer(601, 'A', 0), true);
});
