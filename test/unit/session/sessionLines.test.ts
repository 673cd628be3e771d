import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSession, serializeSession } from '../../../src/core/session';
import { fixture, tempDir, writeTemp } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const dir = tempDir();

test('serializeSession writes a session that reads back to the same frames, targets, labels and replies', async () => {
  const original = await readSession(fixture('valid.landmarks.jsonl'));
  const lines = serializeSession(original);
  assert.match(lines[0], /^\{"type":"header","format":"landmark-session","version":1,"fps":30/);
  const again = await readSession(writeTemp(dir, lines.join('\n') + '\n'));
  assert.deepEqual(again.problems, []);
  const strip = <T extends { line?: number }>(xs: T[]) => xs.map(({ line: _line, ...rest }) => rest);
  assert.deepEqual(strip(sessionFrames(again)).map((f) => ({ ...f, hands: f.hands.map((h) => ({ ...h, landmarks: Array.from(h.landmarks) })) })), strip(sessionFrames(original)).map((f) => ({ ...f, hands: f.hands.map((h) => ({ ...h, landmarks: Array.from(h.landmarks) })) })));
  assert.deepEqual(strip(again.targets), strip(original.targets));
  assert.deepEqual(strip(again.labels), strip(original.labels));
  assert.deepEqual(strip(again.replies ?? []), strip(original.replies ?? []));
});

test('targets go before the frame they precede, replies after the frame they follow, labels at their start', () => {
  const landmarks = new Float64Array(63).fill(0.5);
  const lines = serializeSession({
    header: { type: 'header', format: 'landmark-session', version: 1 },
    frames: [0, 1, 2].map((i) => ({ index: i, t: i * 100, hands: i === 1 ? [] : [{ landmarks }] })),
    targets: [{ t: 100, letter: 'Q', beforeFrame: 1 }],
    labels: [{ t0: 150, t1: 250, text: 'Q' }],
    replies: [{ t: 10, reply: { maxarg_letter: 'A', target_arg_prob: 0 }, afterFrame: 0 }],
  });
  assert.deepEqual(lines.map((l) => JSON.parse(l).type), ['header', 'frame', 'reply', 'target', 'frame', 'label', 'frame']);
});

test('values that would not survive JSON are refused with the field named', () => {
  const landmarks = new Float64Array(63);
  landmarks[62] = Infinity;
  assert.throws(
    () => serializeSession({ header: { type: 'header', format: 'landmark-session', version: 1 }, frames: [{ index: 0, t: 0, hands: [{ landmarks }] }], targets: [], labels: [] }),
    /hands\[0\]\.landmarks\[20\]\[2\]: expected a finite number, found Infinity/,
  );
});
