// Cross-implementation test: `analyze` against the backend pipeline computed by PyTorch + numpy in
// models/training/make_test_models.py (golden.json), for every model signature the pipeline supports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'models');
const CLI = join(process.cwd(), 'bin', 'landmark-lens.js');

interface GoldenFrame {
  frame: number;
  t: number;
  status: string;
  probs: number[] | null;
  smoothed: number[] | null;
  response: { maxarg_letter: string; target_arg_prob: number } | null;
  sent: boolean;
}
interface GoldenRun {
  frames: GoldenFrame[];
  targetChanges: Array<{ t: number; letter: string | null; beforeFrame: number; response: unknown; sent: boolean }>;
}
type Golden = Record<string, { profile: { labels: string[] }; sessions: Record<string, GoldenRun> }>;

const golden = JSON.parse(readFileSync(join(FIXTURES, 'golden.json'), 'utf8')) as Golden;

function analyze(model: string, session: string): { frames: GoldenFrame[]; targets: Array<Record<string, unknown>> } {
  const run = spawnSync(
    process.execPath,
    [CLI, 'analyze', join(FIXTURES, `${session}.landmarks.jsonl`), '--model', join(FIXTURES, `${model}.onnx`), '--batch-size', '16'],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, `analyze failed: ${run.stderr}`);
  const records = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return {
    frames: records.filter((r) => !('event' in r)) as unknown as GoldenFrame[],
    targets: records.filter((r) => r.event === 'target'),
  };
}

function assertClose(actual: number[] | null, expected: number[] | null, what: string): void {
  if (expected === null) {
    assert.equal(actual, null, `${what} should be null`);
    return;
  }
  assert.ok(actual !== null, `${what} should not be null`);
  assert.equal(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= 1e-5, `${what}[${i}]: ${actual[i]} vs PyTorch ${expected[i]}`);
  }
}

for (const [model, entry] of Object.entries(golden)) {
  for (const [session, expected] of Object.entries(entry.sessions)) {
    test(`analyze ${model} on ${session} matches the PyTorch backend within 1e-5`, () => {
      const { frames, targets } = analyze(model, session);
      assert.equal(frames.length, expected.frames.length, 'frame count');
      let ready = 0;
      for (let i = 0; i < expected.frames.length; i++) {
        const e = expected.frames[i];
        const a = frames[i];
        const where = `frame ${i}`;
        assert.deepEqual(Object.keys(a), ['frame', 't', 'status', 'probs', 'smoothed', 'response', 'sent'], where);
        assert.equal(a.frame, e.frame, where);
        assert.equal(a.t, e.t, where);
        assert.equal(a.status, e.status, `${where} status`);
        assertClose(a.probs, e.probs, `${where} probs`);
        assertClose(a.smoothed, e.smoothed, `${where} smoothed`);
        if (e.response === null) assert.equal(a.response, null, `${where} response`);
        else {
          assert.ok(a.response, `${where} response`);
          assert.equal(a.response.maxarg_letter, e.response.maxarg_letter, `${where} letter`);
          // Rounded to 4 decimals on both sides; a 1e-5 difference may only flip the last digit.
          assert.ok(Math.abs(a.response.target_arg_prob - e.response.target_arg_prob) <= 1e-4 + 1e-12, `${where} prob`);
        }
        assert.equal(a.sent, e.sent, `${where} sent`);
        if (e.status === 'ready') ready++;
      }
      assert.equal(targets.length, expected.targetChanges.length, 'target changes');
      for (let i = 0; i < targets.length; i++) {
        const e = expected.targetChanges[i];
        assert.deepEqual(
          { t: targets[i].t, letter: targets[i].letter, beforeFrame: targets[i].beforeFrame, response: targets[i].response, sent: targets[i].sent },
          { t: e.t, letter: e.letter, beforeFrame: e.beforeFrame, response: e.response, sent: e.sent },
        );
      }
      // The fixtures are built so that most runs reach the ready state; guard against a vacuous pass.
      if (session === 'session-a') assert.ok(ready > 40, `only ${ready} ready frames`);
    });
  }
}
