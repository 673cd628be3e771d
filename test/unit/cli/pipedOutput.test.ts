// A command's output into a pipe arrives whole before it exits, however slowly the pipe is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CLI = join(process.cwd(), 'bin', 'landmark-lens.js');
const MODEL = join(process.cwd(), 'models', 'demo.onnx');
const SESSIONS = [join(process.cwd(), 'samples', 'pangram.landmarks.jsonl')];

test('output into a pipe whose reader is slow arrives whole before the command exits', async () => {
  // The reader waits until the command has written everything it can into the pipe; exiting without
  // waiting for the pipe dropped the rest and still returned 0.
  const child = spawn(process.execPath, [CLI, 'analyze', SESSIONS[0], '--model', MODEL]);
  child.stdout.pause();
  const chunks: Buffer[] = [];
  await new Promise((r) => setTimeout(r, 4000));
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  child.stdout.resume();
  const code = await new Promise<number | null>((r) => child.on('close', r));
  assert.equal(code, 0);
  const text = Buffer.concat(chunks).toString('utf8');
  assert.ok(text.endsWith('\n'), 'the output ends with a whole line');
  const records = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const frames = readFileSync(SESSIONS[0], 'utf8').split('\n').filter((l) => l.startsWith('{"type":"frame"')).length;
  assert.equal(records.filter((r) => !('event' in r)).length, frames, 'one record per frame of the session');
});
