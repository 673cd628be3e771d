// `landmark-lens explain` as users run it: the built CLI in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'models');
const CLI = join(process.cwd(), 'bin', 'landmark-lens.js');
const SESSION = join(FIXTURES, 'session-a.landmarks.jsonl');

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'explain', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('json: the class, its baseline, 21 landmarks by name and the 32 frames of the window', () => {
  const r = cli(SESSION, '--frame', '50', '--model', join(FIXTURES, 'one-landmark-8-29.onnx'), '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.frame, 50);
  assert.equal(report.windows, 54);
  assert.equal(report.class, report.predicted, 'without --class: the predicted class');
  assert.ok(report.baseline > 0 && report.baseline <= 1);
  assert.equal(report.landmarks.length, 21);
  assert.deepEqual(report.landmarks[8].name, 'INDEX_FINGER_TIP');
  const top = report.landmarks.reduce((a: { drop: number }, b: { drop: number }) => (Math.abs(b.drop) > Math.abs(a.drop) ? b : a));
  assert.equal(top.point, 8);
  assert.deepEqual(report.frames.map((f: { frame: number }) => f.frame), Array.from({ length: 32 }, (_, i) => 19 + i));
  assert.equal(report.frames[31].t, report.t);
});

test('--class picks another class, case-insensitive; text lists the landmarks largest effect first', () => {
  const json = JSON.parse(cli(SESSION, '--frame', '110', '--model', join(FIXTURES, 'last-frame-29.onnx'), '--class', 'space', '--format', 'json').stdout);
  assert.equal(json.class, 'SPACE');
  assert.equal(json.classIndex, 26);
  const text = cli(SESSION, '--frame', '110', '--model', join(FIXTURES, 'one-landmark-8-29.onnx'), '--class', 'B');
  assert.equal(text.status, 0, text.stderr);
  const lines = text.stdout.split('\n');
  assert.match(lines[0], /^window ending at frame 110 \(t \d+ ms\), frames 79-110; 54 windows run in one batch$/);
  assert.match(lines[1], /^class B: window probability 0\.\d{4} \(predicted [A-Z]+\)$/);
  const first = lines.indexOf('landmarks, largest effect first:');
  assert.match(lines[first + 1], /^ {2} 8 INDEX_FINGER_TIP +[+-]0\.\d{4} {2}[#-]{24}$/);
  assert.ok(lines.includes('frames of the window, oldest first:'));
});

test('bad input: one line naming the option and what is allowed, exit code 2', () => {
  const model = ['--model', join(FIXTURES, 'seq-flat-29.onnx')];
  const cases: Array<[string[], RegExp]> = [
    [[SESSION, ...model], /--frame N is required/],
    [[SESSION, '--frame', '120', ...model], /--frame 120: frame 120 is out of range: the session has frames 0-119/],
    [[SESSION, '--frame', '-3', ...model], /--frame seems to miss its value|--frame: expected a frame number/],
    [[SESSION, '--frame', 'x', ...model], /--frame: expected a frame number \(an integer >= 0\), found 'x'/],
    [[SESSION, '--frame', '55', ...model], /--frame 55: frame 55 has no hand, so no model window ends there/],
    [[SESSION, '--frame', '75', ...model], /--frame 75: no model window ends at frame 75: the buffer holds 6 of 32 hand frames since the target change before frame 70/],
    [[SESSION, '--frame', '50', '--class', 'HELLO', ...model], /--class: 'HELLO' is not a class of this model; its classes are A, B, .*NOTHING/],
    [[SESSION, '--frame', '50', '--format', 'csv', ...model], /--format: expected text or json, found 'csv'/],
    [[join(FIXTURES, 'missing.landmarks.jsonl'), '--frame', '1', ...model], /missing\.landmarks\.jsonl/],
  ];
  for (const [args, expected] of cases) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, expected);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line: ${r.stderr}`);
    assert.equal(r.stdout, '');
  }
});
