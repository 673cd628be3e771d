import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { readSession } from '../../../src/core/session/readSession';
import { sessionFrames } from '../../../src/core/session/frameColumns';

async function run(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd });
  return { code, stdout, stderr };
}

test('landmark-lens synth writes a session that the session reader accepts, with labels', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'synth-cli-'));
  try {
    const r = await run(['synth', 'Hi you', '--out', 'hi.landmarks.jsonl', '--seed', '4', '--fps', '24'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote hi\.landmarks\.jsonl: \d+ frames/);
    const path = join(dir, 'hi.landmarks.jsonl');
    const session = await readSession(path);
    assert.deepEqual(session.problems, []);
    assert.equal(session.header.fps, 24);
    assert.equal(session.header.source, 'landmark-lens synth');
    assert.deepEqual(session.labels.map((l) => l.text), ['H', 'I', 'SPACE', 'Y', 'O', 'U']);
    assert.ok(sessionFrames(session).length > 60);
    assert.ok(sessionFrames(session).some((f) => f.hands.length === 1 && f.hands[0].landmarks.length === 63));
    // Coordinates are written with at most 6 decimals.
    const line = readFileSync(path, 'utf8').split('\n').find((l) => l.includes('"landmarks"'))!;
    const numbers = line.slice(line.indexOf('"landmarks"')).match(/-?\d+\.\d+/g)!;
    assert.ok(numbers.every((n) => n.split('.')[1].length <= 6), 'at most 6 decimals');
    // Same seed, same bytes.
    await run(['synth', 'Hi you', '--out', 'again.landmarks.jsonl', '--seed', '4', '--fps', '24'], dir);
    assert.equal(readFileSync(join(dir, 'again.landmarks.jsonl'), 'utf8'), readFileSync(path, 'utf8'));
    // An existing file is replaced only when asked.
    const before = readFileSync(path, 'utf8');
    const refused = await run(['synth', 'Other', '--out', 'hi.landmarks.jsonl'], dir);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /hi\.landmarks\.jsonl already exists; pass --force to replace it/);
    assert.equal(readFileSync(path, 'utf8'), before);
    assert.equal((await run(['synth', 'Other', '--out', 'hi.landmarks.jsonl', '--force'], dir)).code, 0);
    assert.notEqual(readFileSync(path, 'utf8'), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('landmark-lens synth rejects bad text and options with one clear line and exit code 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'synth-cli-'));
  try {
    const cases: [string[], RegExp][] = [
      [['synth', 'HELLO 2U', '--out', 'x.jsonl'], /character 7 is "2"; expected letters A-Z/],
      [['synth', 'HELLO', '--out', 'x.jsonl', '--fps', 'fast'], /--fps: expected a frame rate/],
      [['synth', 'HELLO', '--out', 'x.jsonl', '--seed=-1'], /--seed: expected an integer/],
      [['synth', 'HELLO', '--out', 'x.jsonl', '--seed', '-1'], /--seed seems to miss its value; write --seed=<value> for a value that starts with '-'/],
      [['synth', 'HELLO', '--out', 'x.jsonl', '--colour', 'red'], /unknown option --colour; usage: synth/],
      [['synth', 'HELLO', '--out', 'x.jsonl', '--hand', 'both'], /--hand: expected left or right/],
      [['synth', 'HELLO'], /--out: expected the file to write/],
      [['synth', '--out', 'x.jsonl'], /expected one quoted text/],
      [['synth', 'HELLO', '--out', join('no', 'such', 'dir', 'x.jsonl')], /--out: cannot write .*ENOENT/],
    ];
    for (const [args, message] of cases) {
      const r = await run(args, dir);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.equal(existsSync(join(dir, 'x.jsonl')), false, 'nothing written on error');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
