import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { readSession } from '../../../src/core/session';
import { fixture, sharedData, tempDir } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const dir = tempDir();

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: dir });
  return { code, stdout, stderr };
}

for (const [name, frames, noHand] of [['mediapipe.pose', 170, 25], ['mediapipe_long.pose', 278, 25], ['mediapipe_hand_normalized.pose', 170, 25]] as const) {
  test(`convert ${name}: ${frames} frames, ${noHand} without a hand, readable as a session`, async () => {
    const out = join(dir, `${name}.landmarks.jsonl`);
    const r = await cli('convert', sharedData('real', 'pose', name), '--out', out);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`from pose: ${frames} frames \\(${noHand} without a hand\\), 24 fps`));
    assert.match(r.stderr, /note: .*RIGHT_HAND_LANDMARKS/);
    const s = await readSession(out);
    assert.deepEqual(s.problems, []);
    assert.equal(sessionFrames(s).length, frames);
    assert.equal(sessionFrames(s).filter((f) => f.hands.length === 0).length, noHand);
    assert.equal(s.header.fps, 24);
    assert.match(String(s.header.source), new RegExp(name.replace('.', '\\.')));
    // Values survive the round trip exactly (float32 from the file, printed shortest).
    const direct = await readSession(sharedData('real', 'pose', name));
    assert.deepEqual(Array.from(sessionFrames(s)[100].hands[0]?.landmarks ?? []), Array.from(sessionFrames(direct)[100].hands[0]?.landmarks ?? []));
  });
}

test('convert refuses to overwrite without --force, and replaces with it', async () => {
  const out = join(dir, 'exists.landmarks.jsonl');
  writeFileSync(out, 'keep me\n');
  const r = await cli('convert', fixture('hand-x0.csv'), '--out', out);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /already exists; pass --force to replace it/);
  assert.equal(readFileSync(out, 'utf8'), 'keep me\n');
  const forced = await cli('convert', fixture('hand-x0.csv'), '--out', out, '--force');
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(sessionFrames(await readSession(out)).length, 5);
});

test('convert --hand and --fps reach the importer', async () => {
  const out = join(dir, 'legacy.landmarks.jsonl');
  const r = await cli('convert', fixture('legacy-results.jsonl'), '--out', out, '--hand', 'left', '--fps', '25');
  assert.equal(r.code, 0, r.stderr);
  const s = await readSession(out);
  assert.deepEqual(sessionFrames(s).map((f) => f.t), [0, 40, 80, 120]);
  assert.deepEqual(sessionFrames(s).map((f) => f.hands.length), [0, 0, 0, 1]);
  assert.equal(s.header.fps, 25);
});

test('convert gives one-line errors with exit code 2 for bad usage and bad input', async () => {
  const cases: [string[], RegExp][] = [
    [['convert'], /expected one input file, found 0/],
    [['convert', fixture('hand-x0.csv')], /--out: expected the file to write/],
    [['convert', fixture('hand-x0.csv'), '--out', 'x.landmarks.jsonl', '--hand', 'both'], /--hand: expected left or right, found 'both'/],
    [['convert', fixture('hand-x0.csv'), '--out', 'x.landmarks.jsonl', '--fps', '0'], /--fps: expected a frame rate in \(0, 1000\], found '0'/],
    [['convert', fixture('hand-x0.csv'), '--out', 'x.landmarks.jsonl', '--fps', '-3'], /--fps seems to miss its value; write --fps=<value>/],
    [['convert', fixture('hand-x0.csv'), '--out', 'x.landmarks.jsonl', '--speed', '3'], /unknown option --speed; usage: convert/],
    [['convert', fixture('hand-x0.csv'), '--out', 'x.landmarks.jsonl', '--from', 'xml'], /--from: expected one of/],
    [['convert', join(dir, 'missing.pose'), '--out', 'x.landmarks.jsonl'], /missing\.pose: no such file/],
    [['convert', fixture('hand-x0.csv'), '--out', join(dir, 'no/such/dir/x.landmarks.jsonl')], /--out: cannot write .*ENOENT/],
  ];
  for (const [argv, message] of cases) {
    const r = await cli(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('convert writes the valid part of a file with problems, lists them and exits 1', async () => {
  const bad = join(dir, 'bad.landmarks.jsonl');
  writeFileSync(bad, readFileSync(fixture('valid.landmarks.jsonl'), 'utf8').replace('"t": 100.0', '"t": "late"'));
  const out = join(dir, 'fixed.landmarks.jsonl');
  const r = await cli('convert', bad, '--out', out);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /bad\.landmarks\.jsonl:6: t: expected a time in milliseconds, found "late"/);
  const s = await readSession(out);
  assert.deepEqual(s.problems, []);
  assert.equal(sessionFrames(s).length, 3);
});
