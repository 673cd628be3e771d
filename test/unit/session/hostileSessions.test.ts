import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readSession } from '../../../src/core/session';
import { parseLiveMessage } from '../../../src/core/live/liveMessage';
import { tempDir, writeTemp } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';

/** Session files as a careless or hostile writer leaves them: each a clear line, or the valid rest used. */
const dir = tempDir();
const HEADER = '{"type":"header","format":"landmark-session","version":1,"fps":30}';
const frame = (t: number) => `{"t":${t},"landmarks":${JSON.stringify(Array.from({ length: 21 }, (_, p) => [0.1 + p / 100, 0.2, 0]))}}`;
const CLI = join(process.cwd(), 'bin', 'landmark-lens.js');

test('a torn last line is a warning: every frame before it is kept', async () => {
  const text = [HEADER, frame(0), frame(33), frame(66)].join('\n');
  const session = await readSession(writeTemp(dir, text.slice(0, text.length - 30)));
  assert.equal(sessionFrames(session).length, 2);
  assert.equal(session.problems.length, 1);
  assert.equal(session.problems[0].warning, true);
  assert.equal(session.problems[0].line, 4);
  // Cut inside the file (a newline after it) is a real problem, not a warning.
  const inside = await readSession(writeTemp(dir, [HEADER, frame(0), frame(33).slice(0, 50), frame(66)].join('\n') + '\n'));
  assert.equal(inside.problems[0].warning, undefined);
});

test('one target letter rule for session files and the live protocol: one character', async () => {
  const session = await readSession(writeTemp(dir, [HEADER, '{"type":"target","t":0,"letter":"ZZ9"}', frame(0)].join('\n') + '\n'));
  assert.equal(session.problems[0].field, 'letter');
  const rule = 'one character such as "B" (the backend\'s new_word_letter is a 1-character string)';
  assert.equal(session.problems[0].message, `expected ${rule} or null, found "ZZ9"`);
  const live = parseLiveMessage('{"landmarks": null, "new_word_letter": "ZZ9"}');
  assert.deepEqual(live, { ok: false, error: `new_word_letter: expected ${rule} or null, got the string "ZZ9"` });
  const ok = await readSession(writeTemp(dir, [HEADER, '{"type":"target","t":0,"letter":"Ü"}', frame(0)].join('\n') + '\n'));
  assert.deepEqual(ok.problems, []);
  assert.equal(parseLiveMessage('{"landmarks": null, "new_word_letter": "Ü"}').ok, true);
});

test('a hand of [null, null, null] points blames the first null value, not the number of points', () => {
  const nulls = JSON.stringify({ landmarks: Array.from({ length: 21 }, () => [null, null, null]) });
  assert.deepEqual(parseLiveMessage(nulls), { ok: false, error: 'landmarks[0][0]: expected a finite number, got null' });
  // The Tasks API's nesting still reads as a list of hands.
  const tasks = JSON.stringify({ landmarks: [Array.from({ length: 21 }, () => ({ x: 0.5, y: 0.5, z: 0 }))] });
  assert.equal(parseLiveMessage(tasks).ok, true);
});

test('live errors quote a short escaped excerpt of what the client sent', () => {
  const junkKey = `k\n${'\u0000'.repeat(5000)}`;
  const keyError = parseLiveMessage(JSON.stringify({ [junkKey]: 1 }));
  assert.equal(keyError.ok, false);
  if (!keyError.ok) {
    assert.ok(keyError.error.length < 200, keyError.error);
    assert.match(keyError.error, /got only "k\\n\\u0000/);
  }
  const badJson = parseLiveMessage(`{"landmarks": [${'\u0000'.repeat(3000)}`);
  assert.equal(badJson.ok, false);
  // eslint-disable-next-line no-control-regex -- looking for control characters
  if (!badJson.ok) assert.doesNotMatch(badJson.error, /[\u0000-\u001f]/);
});

test('a header field nested 20,000 deep is a problem naming the field, and convert never blames --out', () => {
  const deep = `{"type":"header","format":"landmark-session","version":1,"x":${'['.repeat(20000)}${']'.repeat(20000)}}`;
  const path = writeTemp(dir, [deep, frame(0)].join('\n') + '\n');
  return readSession(path).then((session) => {
    assert.equal(session.problems[0].line, 1);
    assert.equal(session.problems[0].field, 'x');
    assert.match(session.problems[0].message, /nested more than 64 levels deep/);
    const out = join(dir, 'deep-out.landmarks.jsonl');
    const r = spawnSync(process.execPath, [CLI, 'convert', path, '--out', out], { encoding: 'utf8' });
    assert.doesNotMatch(r.stderr, /--out|call stack/);
    assert.match(r.stderr, /:1: x: nested more than 64 levels deep/);
    assert.ok(r.status === 1 || r.status === 2, `exit code ${r.status}: ${r.stderr}`);
  });
});

test('convert states a huge header frame rate as a number, never "Infinity fps"', () => {
  const path = writeTemp(dir, ['{"type":"header","format":"landmark-session","version":1,"fps":1e308}', frame(0)].join('\n') + '\n');
  const out = join(dir, 'fast.landmarks.jsonl');
  const r = spawnSync(process.execPath, [CLI, 'convert', path, '--out', out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /, 1\.000e\+308 fps/);
  assert.doesNotMatch(r.stdout, /Infinity/);
});
