import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { globSync } from 'glob';
import { findSuiteFiles } from '../../integration/index';
import { repoRoot } from '../session/testPaths';

test('the Extension Test Runner configuration names the suites npm test runs', async () => {
  const root = repoRoot();
  const config = (await import(pathToFileURL(join(root, '.vscode-test.mjs')).href)).default as { files: string; mocha: { ui: string } };
  const fromConfig = globSync(config.files, { cwd: root, absolute: true }).sort();
  const fromRunner = findSuiteFiles(join(root, 'dist', 'test', 'integration', 'suite'));
  assert.ok(fromRunner.length >= 4, `expected the built suites, found ${fromRunner.length}`);
  assert.deepEqual(fromConfig, fromRunner);
  assert.equal(config.mocha.ui, 'tdd');
  const sources = globSync('test/integration/suite/**/*.test.ts', { cwd: root }).length;
  assert.equal(fromRunner.length, sources, 'every suite source is built');
});
