// The results cache ignores entries of an older format cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResultsCache } from '../../../src/analysis/resultsCache';
import { RESULTS_MAGIC, replayOfEntry } from '../../../src/analysis/resultsCodec';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';
import { BACKEND_DEFAULT_PROFILE } from '../../../src/core/model/profile';

test('an entry under the previous format magic is not read but removed; the current one opens', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-results-old-'));
  try {
    const { session } = synthesizeFingerspelling('AB', { seed: 3 });
    const classCount = BACKEND_DEFAULT_PROFILE.labels.length;
    const runner = { classCount, run: async (_w: Float32Array, count: number) => new Float32Array(count * classCount).fill(0.5) };
    const replay = await replaySession(session, BACKEND_DEFAULT_PROFILE, runner);
    const store = new ResultsCache(dir);
    await store.put('k', replay, classCount);
    const file = join(dir, 'k.llr');
    const bytes = readFileSync(file);
    assert.equal(bytes.toString('latin1', 0, 4), RESULTS_MAGIC);
    const entry = await store.open('k');
    assert.ok(entry);
    assert.equal(replayOfEntry(entry).frames.length, replay.frames.length);
    entry.release();
    bytes.write('LLR2', 0, 'latin1');
    writeFileSync(file, bytes);
    assert.equal(await store.open('k'), undefined);
    assert.deepEqual(readdirSync(dir), [], 'the old entry is removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
