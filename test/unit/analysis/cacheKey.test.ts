// The results cache key's pipeline version: a hash of the pipeline's source, taken by the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PIPELINE_VERSION, resultsCacheKey } from '../../../src/analysis/cacheKey';
import { BACKEND_DEFAULT_PROFILE } from '../../../src/core/model/profile';

interface PipelineVersionScript {
  PIPELINE_SOURCES: string[];
  pipelineSourceFiles(root: string): string[];
  pipelineVersion(root: string): string;
}

const ROOT = process.cwd();
const script = (): Promise<PipelineVersionScript> => import(pathToFileURL(join(ROOT, 'scripts', 'pipelineVersion.mjs')).href);

test('the bundled pipeline version is the hash of the pipeline source the build saw', async () => {
  const { pipelineVersion, pipelineSourceFiles } = await script();
  assert.match(PIPELINE_VERSION, /^[0-9a-f]{64}$/);
  assert.equal(PIPELINE_VERSION, pipelineVersion(ROOT));
  const files = pipelineSourceFiles(ROOT);
  for (const file of ['src/core/pipeline/frameState.ts', 'src/core/pipeline/replaySession.ts', 'src/analysis/windowPass.ts', 'src/analysis/resultsCodec.ts']) {
    assert.ok(files.includes(file), `${file} is part of the pipeline version`);
  }
});

test('any change to the pipeline source changes the version: an edit, a new file, a rename', async () => {
  const { pipelineVersion, PIPELINE_SOURCES } = await script();
  const copy = mkdtempSync(join(tmpdir(), 'lens-pipeline-version-'));
  try {
    for (const source of PIPELINE_SOURCES) cpSync(join(ROOT, source), join(copy, source), { recursive: true });
    const original = pipelineVersion(copy);
    assert.equal(original, pipelineVersion(ROOT), 'the same text gives the same version');
    appendFileSync(join(copy, 'src/core/pipeline/frameState.ts'), '\n');
    const edited = pipelineVersion(copy);
    assert.notEqual(edited, original, 'a one-byte edit');
    writeFileSync(join(copy, 'src/core/pipeline/newStage.ts'), 'export const x = 1;\n');
    const added = pipelineVersion(copy);
    assert.notEqual(added, edited, 'a new file in a listed folder');
    renameSync(join(copy, 'src/core/pipeline/newStage.ts'), join(copy, 'src/core/pipeline/renamedStage.ts'));
    assert.notEqual(pipelineVersion(copy), added, 'a renamed file');
    rmSync(join(copy, 'src/analysis/windowPass.ts'));
    assert.throws(() => pipelineVersion(copy), /src\/analysis\/windowPass\.ts is listed in PIPELINE_SOURCES but does not exist/);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

test('the results cache key is keyed by the pipeline version the build injected', () => {
  const key = resultsCacheKey('model-hash', BACKEND_DEFAULT_PROFILE, 'session-hash');
  assert.equal(key, resultsCacheKey('model-hash', BACKEND_DEFAULT_PROFILE, 'session-hash', PIPELINE_VERSION));
  assert.notEqual(key, resultsCacheKey('model-hash', BACKEND_DEFAULT_PROFILE, 'session-hash', '0'.repeat(64)));
  assert.match(key, /^[0-9a-f]{64}$/);
});
