// Non-finite values on `analyze`'s engine (the replay panel's: model host pool, playhead-first analysis,
// results in columns): the same frames named, counted and written as by the sequential one-host replay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ModelHostClient } from '../../../src/modelhost/client';
import { findHostScript } from '../../../src/modelhost/hostScript';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { readSession } from '../../../src/core/session/readSession';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { sequentialOutputs } from '../testkit/sequentialAnalyze';
import { SOME_NAN_MODEL as SOME_NAN, mirrorPointOne, overflow, sampleWith } from '../testkit/nonFiniteSessions';

const CLI = join(process.cwd(), 'bin', 'landmark-lens.js');
const DEMO = join(process.cwd(), 'models', 'demo.onnx');

/** Frames of a session file whose first hand has point 1 left of the wrist. */
function leftOfWrist(path: string): Set<number> {
  const frames = readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)).filter((r) => r.type === 'frame');
  return new Set(frames.flatMap((r, i) => (r.hands.length && r.hands[0].landmarks[1][0] < r.hands[0].landmarks[0][0] ? [i] : [])));
}

function analyze(args: string[]) {
  return spawnSync(process.execPath, [CLI, 'analyze', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

test("analyze names, counts and writes each window with a NaN output exactly as the sequential replay does", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-nonfinite-'));
  try {
    // Point 1 left of the wrist in three frames: the fixture model's class A is sqrt of a negative there.
    const mirrored = [200, 201, 202];
    const sessionPath = sampleWith(dir, 'mirrored.landmarks.jsonl', mirrored, mirrorPointOne);
    const expected = await sequentialOutputs(sessionPath, SOME_NAN);
    const problems = (JSON.parse(expected.summary) as { problems: string[] }).problems;
    const named = problems.map((p) => Number(/^frame (\d+): non-finite model output: NaN for class A; the window counted as uniform$/.exec(p)?.[1]));
    // The three changed frames, and the sample's own frames with point 1 left of the wrist (a window ending there).
    const left = leftOfWrist(sessionPath);
    assert.ok(mirrored.every((f) => named.includes(f)), `named: ${named.join(' ')}`);
    assert.ok(named.every((f) => left.has(f)), `named: ${named.join(' ')}`);
    for (const format of ['jsonl', 'csv', 'summary'] as const) {
      const run = analyze([sessionPath, '--model', SOME_NAN, '--format', format]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, expected[format], `--format ${format}`);
      assert.equal(run.stderr, expected.warnings, `--format ${format}: the warnings`);
    }
    const summary = JSON.parse(analyze([sessionPath, '--model', SOME_NAN, '--format', 'summary']).stdout);
    assert.equal(summary.nonFinite, named.length);
    const records = analyze([sessionPath, '--model', SOME_NAN]).stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    const flagged = records.filter((r) => r.problem !== undefined);
    assert.deepEqual(flagged.map((r) => r.frame), named);
    for (const r of flagged) assert.ok(r.probs.every((p: number) => Math.abs(p - 1 / 29) < 1e-7), `frame ${r.frame}: uniform, not null`);
    assert.ok(records.every((r) => r.event === 'target' || r.probs === null || r.probs.every((p: number | null) => typeof p === 'number')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('analyze stops at the first frame whose normalization overflows, naming it as the sequential replay does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-nonfinite-'));
  try {
    // Frame 300 is near no playhead window the engine builds first; frame 150 is the first in session order.
    const sessionPath = sampleWith(dir, 'overflow.landmarks.jsonl', [150, 300], overflow);
    const session = await readSession(sessionPath);
    const client = new ModelHostClient({ hostScript: findHostScript(), intraOpThreads: 1 });
    let sequential = '';
    try {
      const model = await loadModelWithProfile(client, DEMO, {});
      await replaySession(session, model.resolved.profile, client.createRunner(model.resolved.profile, 64)).catch((error: Error) => {
        sequential = error.message;
      });
    } finally {
      await client.dispose();
    }
    assert.equal(sequential, "frame 150: non-finite model input: point 20 x minus the wrist's (1e+308 - -1e+308) overflows");
    for (const format of ['jsonl', 'summary']) {
      const run = analyze([sessionPath, '--model', DEMO, '--format', format]);
      assert.equal(run.status, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `landmark-lens analyze: ${sequential}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
