// The CLI as a careless user drives it: output over input, missing folders, absurd sizes, a closed pipe,
// a recording cut mid-line. Each case is one line on stderr and the right exit code, or quiet success.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'models');
const CLI = join(process.cwd(), 'bin', 'landmark-lens.js');
const SESSION = join(FIXTURES, 'session-a.landmarks.jsonl');
const MODEL = join(FIXTURES, 'seq-flat-29.onnx');
const dir = mkdtempSync(join(tmpdir(), 'll-cli-hardening-'));

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLineError(r: { status: number | null; stderr: string }, message: RegExp): void {
  assert.equal(r.status, 2, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], message);
}

test('analyze --out refuses its own input even with --force, and an existing file without --force', () => {
  const session = join(dir, 'own.landmarks.jsonl');
  const original = readFileSync(SESSION, 'utf8');
  writeFileSync(session, original);
  oneLineError(cli('analyze', session, '--model', MODEL, '--out', session), /--out: .*own\.landmarks\.jsonl is the session being analysed; choose another file/);
  oneLineError(cli('analyze', session, '--model', MODEL, '--out', session, '--force'), /is the session being analysed/);
  assert.equal(readFileSync(session, 'utf8'), original, 'the session is untouched');
  const existing = join(dir, 'existing.jsonl');
  writeFileSync(existing, 'keep me\n');
  oneLineError(cli('analyze', session, '--model', MODEL, '--out', existing), /--out: .*existing\.jsonl already exists; pass --force to replace it/);
  assert.equal(readFileSync(existing, 'utf8'), 'keep me\n');
  const forced = cli('analyze', session, '--model', MODEL, '--out', existing, '--force', '--format', 'summary');
  assert.equal(forced.status, 0, forced.stderr);
  assert.equal(JSON.parse(readFileSync(existing, 'utf8')).frames, 120);
});

test('analyze --out in a missing folder fails first, before the model is even looked at', () => {
  oneLineError(cli('analyze', SESSION, '--model', join(dir, 'no-such-model.onnx'), '--out', '/nonexistent-folder/x.jsonl'), /^landmark-lens analyze: --out: cannot write \/nonexistent-folder\/x\.jsonl: the folder \/nonexistent-folder does not exist/);
});

test('--batch-size, a profile\'s windowSize and --threads are bounded, with the reason', () => {
  oneLineError(cli('analyze', SESSION, '--model', MODEL, '--batch-size', '100000000'), /--batch-size: expected an integer from 1 to 4096 \(windows per model call\), found '100000000'/);
  const profile = join(dir, 'huge-window.json');
  writeFileSync(profile, JSON.stringify({ windowSize: 100000000 }));
  oneLineError(cli('analyze', SESSION, '--model', MODEL, '--profile', profile), /huge-window\.json: field 'windowSize': expected a positive integer up to 4096 \(frames/);
  const cores = cpus().length;
  oneLineError(cli('analyze', SESSION, '--model', MODEL, '--threads', '99999'), new RegExp(`--threads: expected an integer from 0 to ${cores} \\(this machine's ${cores} cores; more only contend\\), found '99999'`));
});

test('a closed stdout (analyze | head -1) ends quietly with exit code 0', async () => {
  const child = spawn(process.execPath, [CLI, 'analyze', SESSION, '--model', MODEL], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('a recording cut in the middle of its last line is analysed up to it, with a warning', () => {
  const text = readFileSync(SESSION, 'utf8').replace(/\n$/, '');
  const cut = join(dir, 'cut.landmarks.jsonl');
  writeFileSync(cut, text.slice(0, text.length - 25));
  const lines = text.split('\n').length;
  const r = cli('analyze', cut, '--model', MODEL, '--format', 'summary');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, `warning: ${cut}:${lines}: truncated JSON: the file ends in the middle of this line (was the recording cut short?); the 119 frames before it are used\n`);
  assert.equal(JSON.parse(r.stdout).frames, 119);
});
