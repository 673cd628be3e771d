import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSession, SessionError, streamSession } from '../../../src/core/session';
import { fixture, tempDir, writeTemp } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const dir = tempDir();

test('a valid file gives its header, frames in order, the target, the label and the reply', async () => {
  const session = await readSession(fixture('valid.landmarks.jsonl'));
  assert.deepEqual(session.problems, []);
  assert.equal(session.header.fps, 30);
  assert.equal(session.header.source, 'fixture');
  assert.equal(sessionFrames(session).length, 6);
  assert.deepEqual(sessionFrames(session).map((f) => f.index), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(sessionFrames(session).map((f) => f.hands.length), [1, 1, 0, 1, 1, 0]);
  assert.deepEqual(sessionFrames(session).map((f) => f.line), [3, 4, 5, 6, 8, 9]);
  assert.equal(sessionFrames(session)[0].hands[0].handedness, 'Right');
  assert.equal(sessionFrames(session)[0].hands[0].score, 0.97);
  assert.equal(sessionFrames(session)[0].hands[0].landmarks.length, 63);
  assert.equal(sessionFrames(session)[0].hands[0].landmarks[0], 0.6);
  assert.deepEqual(session.targets, [{ t: 0, letter: 'B', beforeFrame: 0, line: 2 }]);
  assert.deepEqual(session.labels, [{ t0: 0, t1: 166.667, text: 'B', line: 10 }]);
  assert.equal(session.replies?.length, 1);
  assert.equal(session.replies?.[0].afterFrame, 3);
  assert.deepEqual(session.replies?.[0].reply, { maxarg_letter: 'A', target_arg_prob: 0 });
});

test('a file of short-form frames without a header is accepted, with a note', async () => {
  const session = await readSession(fixture('no-header-short.landmarks.jsonl'));
  assert.deepEqual(session.problems, []);
  assert.equal(sessionFrames(session).length, 5);
  assert.deepEqual(sessionFrames(session).map((f) => f.hands.length), [0, 1, 1, 0, 1]);
  assert.equal(session.header.fps, undefined);
  assert.equal(session.notes?.length, 1);
  assert.match(session.notes![0].message, /no header line/);
});

test('streamSession yields the header first, then records in file order', async () => {
  const kinds: string[] = [];
  for await (const r of streamSession(fixture('valid.landmarks.jsonl'))) kinds.push(r.kind);
  assert.deepEqual(kinds, ['header', 'target', 'frame', 'frame', 'frame', 'frame', 'reply', 'frame', 'frame', 'label']);
});

test('whole-file problems reject with a typed SessionError', async () => {
  const cases: [string, string | Uint8Array | undefined, string, RegExp][] = [
    ['missing', undefined, 'not-found', /no such file/],
    ['empty', '', 'empty', /empty/],
    ['blank', '\n \n\n', 'empty', /only blank lines/],
    ['nul', new Uint8Array([0x7b, 0x00, 0x01, 0x02]), 'binary', /NUL byte at offset 1/],
    ['latin1', new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x7d]), 'binary', /not UTF-8/],
  ];
  for (const [name, content, code, message] of cases) {
    const path = content === undefined ? `${dir}/missing.landmarks.jsonl` : writeTemp(dir, content);
    await assert.rejects(readSession(path), (err: unknown) => {
      assert.ok(err instanceof SessionError, name);
      assert.equal(err.code, code, name);
      assert.match(err.message, message, name);
      assert.ok(err.message.startsWith(path), `${name}: message names the file`);
      assert.equal(err.message.includes('\n'), false, `${name}: one line`);
      return true;
    });
  }
  await assert.rejects(readSession(dir), (err: unknown) => err instanceof SessionError && err.code === 'not-a-file');
});
