import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCounts, runLayer } from '../../run-all.mjs';

const nodeRunnerTail = ['ℹ tests 12', 'ℹ suites 2', 'ℹ pass 11', 'ℹ fail 1', 'ℹ cancelled 0', 'ℹ skipped 0', 'ℹ todo 0', 'ℹ duration_ms 5.2'].join('\n');

test('parseCounts reads the summary of the node test runner (spec and TAP reporters)', () => {
  assert.deepEqual(parseCounts(nodeRunnerTail.replaceAll('ℹ', '#')), { passed: 11, failed: 1 });
  assert.deepEqual(parseCounts(`✔ a\n✖ b\n${nodeRunnerTail}\n`), { passed: 11, failed: 1 });
});

test('parseCounts counts cancelled and skipped node tests as failed', () => {
  const tail = nodeRunnerTail.replace('ℹ cancelled 0', 'ℹ cancelled 2').replace('ℹ skipped 0', 'ℹ skipped 1');
  assert.deepEqual(parseCounts(tail), { passed: 11, failed: 4 });
});

test('parseCounts reads the last "N passed, N failed" line of other layers', () => {
  const out = 'x: 1 passed, 9 failed\nintegration (VS Code 1.100.3, vscode-server+chromium): 7 passed, 0 failed\n';
  assert.deepEqual(parseCounts(out), { passed: 7, failed: 0 });
});

test('parseCounts gives null when a layer printed no counts', () => {
  assert.equal(parseCounts('Error: something broke\n'), null);
});

function scratch(files) {
  const dir = mkdtempSync(join(tmpdir(), 'run-all-test-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('a layer whose script does not exist fails as missing', async () => {
  const r = await runLayer({ name: 'webview', script: 'nope/run.mjs' }, scratch({}), false);
  assert.equal(r.failed, 1);
  assert.match(r.note, /^missing: nope\/run\.mjs does not exist/);
});

test('a layer that passes reports its counts', async () => {
  const dir = scratch({ 'ok.mjs': "console.log('webview: 3 passed, 0 failed');" });
  const r = await runLayer({ name: 'webview', script: 'ok.mjs' }, dir, false);
  assert.deepEqual([r.passed, r.failed, r.note], [3, 0, '']);
});

test('a layer that exits non-zero without a failed test counts one failure', async () => {
  const dir = scratch({ 'bad.mjs': "console.log('2 passed, 0 failed'); process.exit(3);" });
  const r = await runLayer({ name: 'x', script: 'bad.mjs' }, dir, false);
  assert.deepEqual([r.passed, r.failed], [2, 1]);
  assert.match(r.note, /exit 3/);
});

test('a layer that crashes before printing counts fails', async () => {
  const dir = scratch({ 'crash.mjs': "throw new Error('boom');" });
  const r = await runLayer({ name: 'x', script: 'crash.mjs' }, dir, false);
  assert.deepEqual([r.passed, r.failed], [0, 1]);
  assert.match(r.note, /no test counts/);
});

test('a layer that hangs is stopped after the layer timeout and fails', async () => {
  const dir = scratch({ 'hang.mjs': "console.log('1 passed, 0 failed'); setInterval(() => {}, 1000);" });
  const { spawnSync } = await import('node:child_process');
  const script = `import { runLayer } from ${JSON.stringify(new URL('../../run-all.mjs', import.meta.url).href)};
    const r = await runLayer({ name: 'x', script: 'hang.mjs' }, ${JSON.stringify(dir)}, false);
    console.log(JSON.stringify(r));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, LANDMARK_LENS_LAYER_TIMEOUT_MS: '1500' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const r = JSON.parse(out.stdout.trim().split('\n').pop());
  assert.equal(r.failed, 1);
  assert.match(r.note, /stopped after/);
});
