import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';
import { repoRoot } from '../session/testPaths';

/** The layering rule's messages for `code` as if it were the file `path` of the repository. */
async function layeringErrors(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot() });
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot()}/${path}` });
  return result.messages.filter((m) => m.ruleId === 'landmarkLens/layering' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

test('core importing vscode, the extension or a higher layer fails lint', async () => {
  const errors = await layeringErrors(
    'src/core/pipeline/bad.ts',
    "import * as vscode from 'vscode';\nimport { activate } from '../../extension/extension';\nimport { ReplayAnalysis } from '../../analysis/replayAnalysis';\nexport const x = [vscode, activate, ReplayAnalysis];\n",
  );
  assert.equal(errors.length, 3, errors.join('\n'));
  assert.match(errors[0], /core\/ may not import 'vscode'/);
  assert.match(errors[1], /nothing imports the extension host but its entry point/);
  assert.match(errors[2], /core\/ may not import analysis\//);
});

test('core using the DOM fails lint', async () => {
  const errors = await layeringErrors('src/core/hand/bad.ts', 'export const width = () => document.body.clientWidth;\n');
  assert.deepEqual(errors, ['Unexpected use of \'document\'. src/core runs in Node too: no DOM']);
});

test('the webview importing a Node module or worker code fails lint', async () => {
  const errors = await layeringErrors(
    'src/webview/bad.ts',
    "import { readFileSync } from 'node:fs';\nimport { join } from 'path';\nimport { ReplayDocuments } from '../replayworker/replayDocuments';\nexport const x = [readFileSync, join, ReplayDocuments];\n",
  );
  assert.equal(errors.length, 3, errors.join('\n'));
  assert.match(errors[0], /webview\/ may not import Node's 'node:fs'/);
  assert.match(errors[1], /webview\/ may not import Node's 'path'/);
  assert.match(errors[2], /webview\/ may not import replayworker\//);
});

test('the extension host reaches the replay worker only through its client and protocol', async () => {
  const inside = await layeringErrors('src/extension/replay/bad.ts', "import { ReplayDocuments } from '../../replayworker/replayDocuments';\nexport const x = ReplayDocuments;\n");
  assert.equal(inside.length, 1);
  assert.match(inside[0], /only its client, protocol, workerScript are its boundary/);
  const boundary = await layeringErrors(
    'src/extension/replay/good.ts',
    "import { ReplayWorkerClient } from '../../replayworker/client';\nimport type { WorkerModel } from '../../replayworker/protocol';\nexport type X = [ReplayWorkerClient, WorkerModel];\n",
  );
  assert.deepEqual(boundary, []);
});

test('imports the layering allows pass', async () => {
  const errors = await layeringErrors(
    'src/replayworker/good.ts',
    "import { readFileSync } from 'node:fs';\nimport { ReplayAnalysis } from '../analysis/replayAnalysis';\nimport { loadModelInPool } from '../model/loadModelInPool';\nimport { normalizeFrameInto } from '../core/pipeline/normalize';\nexport const x = [readFileSync, ReplayAnalysis, loadModelInPool, normalizeFrameInto];\n",
  );
  assert.deepEqual(errors, []);
});

test('a new folder under src/ must be given its place in the layering', async () => {
  const errors = await layeringErrors('src/newthing/file.ts', 'export const x = 1;\n');
  assert.equal(errors.length, 1);
  assert.match(errors[0], /src\/newthing is not a layer/);
});
