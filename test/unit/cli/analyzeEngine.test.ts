// `analyze` runs on the replay panel's engine (model hosts per core, batches of 256, the playhead-first
// analysis): its output must be byte for byte what the sequential one-host replay writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { sequentialOutputs } from '../testkit/sequentialAnalyze';

const CLI = join(process.cwd(), 'bin', 'landmark-lens.js');
const MODEL = join(process.cwd(), 'models', 'demo.onnx');
const SESSIONS = ['pangram', 'practice-targets'].map((name) => join(process.cwd(), 'samples', `${name}.landmarks.jsonl`));

/** Equal bytes, or a failure naming the first line that differs (not megabytes of diff). */
function assertSameOutput(actual: string, expected: string, what: string): void {
  if (actual === expected) return;
  const a = actual.split('\n');
  const e = expected.split('\n');
  const line = a.findIndex((l, i) => l !== e[i]);
  assert.fail(`${what}: line ${line + 1} differs (${a.length} lines, expected ${e.length}):\n  got      ${a[line]?.slice(0, 200)}\n  expected ${e[line]?.slice(0, 200)}`);
}

function analyze(args: string[]): string {
  const run = spawnSync(process.execPath, [CLI, 'analyze', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(run.status, 0, `analyze ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

for (const sessionPath of SESSIONS) {
  test(`analyze on the panel's engine writes exactly the sequential replay's output: ${sessionPath.split('/').pop()}`, async () => {
    const expected = await sequentialOutputs(sessionPath, MODEL);
    for (const format of ['jsonl', 'csv', 'summary'] as const) {
      assertSameOutput(analyze([sessionPath, '--model', MODEL, '--format', format]), expected[format], `--format ${format} with the defaults`);
    }
    // However many hosts share the batches, each host request holds the same windows, so the bytes do not
    // change. (The request size itself can change the model's last bits: onnxruntime's GEMM takes other paths.)
    for (const hosts of ['1', '3']) {
      assertSameOutput(analyze([sessionPath, '--model', MODEL, '--hosts', hosts]), expected.jsonl, `--hosts ${hosts}`);
    }
  });
}

test('LANDMARK_LENS_TIMINGS=1 adds one line of where the time went to stderr; the output stays the same', () => {
  const sessionPath = SESSIONS[0];
  const plain = spawnSync(process.execPath, [CLI, 'analyze', sessionPath, '--model', MODEL], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const timed = spawnSync(process.execPath, [CLI, 'analyze', sessionPath, '--model', MODEL], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, LANDMARK_LENS_TIMINGS: '1' },
  });
  assert.equal(timed.status, 0, timed.stderr);
  assertSameOutput(timed.stdout, plain.stdout, 'stdout with timings');
  assert.equal(plain.stderr, '', 'no timings without the variable');
  const lines = timed.stderr.trim().split('\n');
  assert.equal(lines.length, 1, timed.stderr);
  const prefix = 'analyze timings: ';
  assert.ok(lines[0].startsWith(prefix), lines[0]);
  const t = JSON.parse(lines[0].slice(prefix.length)) as Record<string, number | number[]>;
  const windows = plain.stdout.split('\n').filter((l) => l.includes('"probs":[')).length;
  assert.ok(windows > 0, 'the sample has windows');
  assert.equal(t.windows, windows, 'windows analysed');
  // Each step after the one before it; the session is read beside the model's loading, so only after the command.
  for (const [before, after] of [['command', 'read'], ['command', 'loaded'], ['loaded', 'analysing'], ['read', 'analysing'], ['analysing', 'analysed'], ['analysed', 'written']]) {
    assert.ok((t[after] as number) >= (t[before] as number), `${after} (${t[after]}) after ${before} (${t[before]})`);
  }
  const busy = t.hostBusyMs as number[];
  assert.equal(busy.length, Math.max(1, availableParallelism()), 'one figure per model host');
  assert.ok(busy.some((ms) => ms > 0), `the hosts ran the model: ${busy}`);
});
