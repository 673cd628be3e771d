import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TargetQueue } from '../../../src/core/session/targetQueue';

test('target changes come out by the frame they precede, in file order on ties, each once', () => {
  const changes = [
    { t: 50, letter: 'C', beforeFrame: 5 },
    { t: 0, letter: 'A', beforeFrame: 0 },
    { t: 20, letter: 'B', beforeFrame: 2 },
    { t: 21, letter: null, beforeFrame: 2 },
    { t: 90, letter: 'D', beforeFrame: 9 },
  ];
  const queue = new TargetQueue(changes);
  const before = (frame: number) => {
    const out: Array<string | null> = [];
    for (let c = queue.nextBefore(frame); c; c = queue.nextBefore(frame)) out.push(c.letter);
    return out;
  };
  assert.deepEqual(before(0), ['A']);
  assert.deepEqual(before(1), []);
  assert.deepEqual(before(4), ['B', null]);
  assert.deepEqual(before(4), [], 'each change once');
  assert.deepEqual(before(Infinity), ['C', 'D']);
  assert.equal(changes[0].letter, 'C', 'the session order is left as it was');
});
