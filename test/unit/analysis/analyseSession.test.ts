// The evaluation's analysis (the replay panel's engine on two model hosts) against replaySession, the
// CLI's `analyze`, with the bundled demo model through real model hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyseSessionFile } from '../../../src/analysis/analyseSession';
import { loadModelFileInPool } from '../../../src/model/loadModelFileInPool';
import { ModelHostClient } from '../../../src/modelhost/client';
import { findHostScript } from '../../../src/modelhost/hostScript';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { readSession } from '../../../src/core/session/readSession';
import { replayOfEntry } from '../../../src/analysis/resultsCodec';
import type { FrameResult } from '../../../src/core/pipeline/types';
import { repoRoot } from '../session/testPaths';

const comparable = (frames: FrameResult[]) =>
  frames.map((f) => ({ ...f, probs: f.probs && Array.from(f.probs), smoothed: f.smoothed && Array.from(f.smoothed) }));

test('analyseSessionFile gives exactly the results of replaySession (the CLI analyze), frame by frame', async () => {
  const model = join(repoRoot(), 'models', 'demo.onnx');
  const session = join(repoRoot(), 'samples', 'pangram.landmarks.jsonl');
  const pooled = await loadModelFileInPool(model, { hosts: 2 });
  const client = new ModelHostClient({ hostScript: findHostScript(), intraOpThreads: 1 });
  try {
    const finals: FrameResult[] = [];
    const outcome = await analyseSessionFile(session, pooled.resolved.profile, pooled.runner, { onFinal: (frames) => finals.push(...frames) });
    await client.load(model);
    const expected = await replaySession(await readSession(session), pooled.resolved.profile, client.createRunner(pooled.resolved.profile, 64), { batchSize: 64 });
    assert.ok(outcome.modelCalls > 2, 'several batches');
    assert.equal(outcome.result.windows, expected.windows);
    assert.deepEqual(comparable(replayOfEntry(outcome.result).frames), comparable(expected.frames));
    assert.deepEqual(comparable(finals), comparable(expected.frames), 'the final chunks in session order');
    assert.ok(finals.at(-1)!.transcript.length > 20, `the demo model decodes the pangram: ${finals.at(-1)!.transcript}`);
  } finally {
    await Promise.all([pooled.pool.dispose(), client.dispose()]);
  }
});
