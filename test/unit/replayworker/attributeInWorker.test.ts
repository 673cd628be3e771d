// Attribution through the replay worker (a real worker thread with its own model hosts), as a replay panel
// asks for it: the window's occlusion distributions, the reason when there is no window, stale requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { occlusionScores, predictedClass } from '../../../src/core/attribution/occlusion';
import { ReplayWorkerClient } from '../../../src/replayworker/client';

const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'models');

test('the worker attributes the window at a frame with the panel model; a newer request replaces a waiting one', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-attribution-'));
  const client = new ReplayWorkerClient({
    script: join(process.cwd(), 'dist', 'replayworker.js'),
    resultsCacheDir: join(dir, 'cache'),
    modelHosts: { script: join(process.cwd(), 'dist', 'modelhost.js'), hosts: 2 },
  });
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const model = await client.loadModel(join(FIXTURES, 'one-landmark-8-29.onnx'), 'fixture', {});
  const session = await client.open(join(FIXTURES, 'session-a.landmarks.jsonl'), (_m, posted) => posted());

  const outcome = await session.attribute(50, model.key);
  assert.equal(outcome.frame, 50);
  assert.deepEqual(Array.from(outcome.windowFrames!), Array.from({ length: 32 }, (_, i) => 19 + i));
  assert.equal(outcome.classCount, 29);
  assert.equal(outcome.probs!.length, 54 * 29, 'the baseline and 53 occlusion windows');
  const d = { windowSize: 32, classCount: 29, probs: outcome.probs! };
  const scores = occlusionScores(d, predictedClass(d));
  scores.landmarks.forEach((v, p) => (p === 8 ? assert.ok(Math.abs(v) > 1e-3) : assert.ok(Math.abs(v) < 1e-6, `landmark ${p}: ${v}`)));

  assert.deepEqual(await session.attribute(56, model.key), { frame: 56, reason: 'frame 56 has no hand, so no model window ends there' });
  assert.match((await session.attribute(500, model.key)).reason!, /out of range: the session has frames 0-119/);
  assert.match((await session.attribute(50, 'no-such-model')).reason!, /the model was replaced/);

  // Three at once: the first runs, the second waits and is replaced by the third.
  const [a, b, c] = await Promise.all([40, 45, 60].map((f) => session.attribute(f, model.key)));
  assert.equal(a.windowFrames?.at(-1), 40);
  assert.deepEqual(b, { frame: 45, stale: true });
  assert.equal(c.windowFrames?.at(-1), 60);
});
