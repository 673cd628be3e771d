// `landmark-lens analyze` as users run it: the built CLI in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'models');
const CLI = join(process.cwd(), 'bin', 'landmark-lens.js');
const SESSION = join(FIXTURES, 'session-a.landmarks.jsonl');
const MODEL = join(FIXTURES, 'seq-flat-29.onnx');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('jsonl: one record per frame with exactly the DESIGN.md fields, target changes as event records', () => {
  const r = cli('analyze', SESSION, '--model', MODEL);
  assert.equal(r.status, 0, r.stderr);
  const records = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  const frames = records.filter((x) => !('event' in x));
  assert.equal(frames.length, 120);
  for (const f of frames) assert.deepEqual(Object.keys(f), ['frame', 't', 'status', 'probs', 'smoothed', 'response', 'sent']);
  const targets = records.filter((x) => x.event === 'target');
  assert.equal(targets.length, 1);
  assert.equal(targets[0].letter, 'C');
  assert.equal(records.indexOf(targets[0]), 70, 'placed before frame 70, the frame it precedes');
});

test('csv: frame, t, status, one probs_ and one smoothed_ column per class, the response and sent', () => {
  const r = cli('analyze', SESSION, '--model', MODEL, '--format', 'csv');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const header = lines[0].split(',');
  assert.equal(header.length, 3 + 29 + 29 + 3);
  assert.deepEqual(header.slice(0, 4), ['frame', 't', 'status', 'probs_A']);
  assert.equal(header[3 + 28], 'probs_NOTHING');
  assert.equal(header[3 + 29], 'smoothed_A');
  assert.deepEqual(header.slice(-3), ['response_maxarg_letter', 'response_target_arg_prob', 'sent']);
  assert.equal(lines.length, 121);
  for (const line of lines.slice(1)) assert.equal(line.split(',').length, header.length);
  const jsonl = cli('analyze', SESSION, '--model', MODEL).stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((x) => !('event' in x));
  const last = lines[120].split(',');
  assert.equal(Number(last[3 + 5]), jsonl[119].probs[5]);
  assert.equal(last[last.length - 3], jsonl[119].response.maxarg_letter);
});

test('summary: frames, noHand, windows, repliesSent, transcript and the profile', () => {
  const r = cli('analyze', SESSION, '--model', MODEL, '--format', 'summary');
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.frames, 120);
  assert.equal(s.noHand, 3);
  assert.equal(s.windows, 55, 'ready + smoothing frames each ran one window');
  assert.equal(s.statuses.ready + s.statuses.smoothing, s.windows);
  assert.equal(s.repliesSent, s.frameRepliesSent + 1, 'plus the target change reply');
  assert.equal(typeof s.transcript, 'string');
  assert.equal(s.profile.windowSize, 32);
  assert.equal(s.profileSources.inputLayout, 'inferred');
});

test('--out writes the file; --profile overrides the sidecar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-analyze-'));
  const profile = join(dir, 'p.json');
  writeFileSync(profile, JSON.stringify({ smoothingWindow: 2 }));
  const out = join(dir, 'out.json');
  const r = cli('analyze', SESSION, '--model', MODEL, '--profile', profile, '--format', 'summary', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  const s = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(s.profile.smoothingWindow, 2);
  assert.equal(s.profileSources.smoothingWindow, 'sidecar');
});

test('bad models: one line naming the file and the reason, exit code 2, no stack trace', () => {
  const cases: Array<[string, RegExp]> = [
    ['not-a-model.onnx', /not-a-model\.onnx: not an ONNX model/],
    ['unsupported-42.onnx', /unsupported-42\.onnx: unsupported signature: input 'input' has shape \[batch, sequence, 42\]/],
    ['fails-at-run-time.onnx', /fails-at-run-time\.onnx: inference failed/],
    ['no-such-model.onnx', /no-such-model\.onnx: file not found/],
  ];
  for (const [file, message] of cases) {
    const r = cli('analyze', SESSION, '--model', join(FIXTURES, file));
    assert.equal(r.status, 2, `${file}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `${file}: ${r.stderr}`);
    assert.match(lines[0], message);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('bad arguments and bad profiles are one-line errors with exit code 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-analyze-'));
  const badProfile = join(dir, 'bad.json');
  writeFileSync(badProfile, JSON.stringify({ windowSize: 0 }));
  const cases: Array<[string[], RegExp]> = [
    [['analyze'], /expected one session file/],
    [['analyze', SESSION, '--format', 'xml'], /--format: expected one of jsonl, csv, summary, found 'xml'/],
    [['analyze', SESSION, '--model', MODEL, '--profile', badProfile], /bad\.json: field 'windowSize': expected a positive integer, got 0/],
    [['analyze', join(dir, 'missing.landmarks.jsonl'), '--model', MODEL], /missing\.landmarks\.jsonl/],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, message);
  }
});

test('a session with a malformed line names the line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-analyze-'));
  const session = join(dir, 's.landmarks.jsonl');
  const lines = readFileSync(SESSION, 'utf8').split('\n').slice(0, 5);
  lines.push('{"type":"frame","t":999,"hands":[{"landmarks":[[0,0,0]]}]}');
  writeFileSync(session, lines.join('\n') + '\n');
  const r = cli('analyze', session, '--model', MODEL);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /s\.landmarks\.jsonl:6/);
});

test('inspect-model prints the signature, the profile with sources, and warns about probabilities', () => {
  const r = cli('inspect-model', join(FIXTURES, 'probabilities-29.onnx'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /input: {2}input \[batch, sequence, 63\]/);
  assert.match(r.stdout, /output: probs \[batch, 29\]/);
  assert.match(r.stdout, /inputLayout +"flat" +\(inferred\)/);
  assert.match(r.stdout, /warning: .*already look like probabilities/);
  const json = JSON.parse(cli('inspect-model', join(FIXTURES, 'per-frame-26.onnx'), '--json').stdout);
  assert.equal(json.profile.windowSize, 1);
  assert.equal(json.classCount, 26);
  assert.equal(json.outputsLookLikeProbabilities, false);
  const bad = cli('inspect-model', join(FIXTURES, 'not-a-model.onnx'));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /not-a-model\.onnx: not an ONNX model/);
});
