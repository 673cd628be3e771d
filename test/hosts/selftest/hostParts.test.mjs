import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResults, summarize, resultPrefix } from '../results.mjs';
import { startScreenshotChannel, safeName } from '../screenshotChannel.mjs';
import { withLock } from '../lock.mjs';
import { workbenchUrl } from '../serverHost.mjs';
import { repoRoot } from '../paths.mjs';

const scratch = () => mkdtempSync(join(tmpdir(), 'hosts-selftest-'));

test('readResults prefers the results file over the log', () => {
  const file = join(scratch(), 'r.json');
  writeFileSync(file, JSON.stringify({ passed: 4, failed: 1, pending: 0, failures: [{ title: 't', error: 'e' }] }));
  const log = `${resultPrefix}{"passed":9,"failed":0,"pending":0,"failures":[]}`;
  assert.equal(readResults(file, log).passed, 4);
});

test('readResults falls back to the last well-formed result line in the log', () => {
  const log = [
    `[info] ${resultPrefix}{"passed":1,"failed":0,"pending":0,"failures":[]}`,
    `${resultPrefix}{"passed":2,"failed":1,"pending":0,"failures":[]}`,
    `${resultPrefix}{"passed":3,`,
  ].join('\n');
  assert.deepEqual(readResults(join(scratch(), 'absent.json'), log), { passed: 2, failed: 1, pending: 0, failures: [] });
});

test('readResults gives null when nothing was reported', () => {
  assert.equal(readResults(undefined, 'no results here'), null);
});

test('summarize counts skipped tests and a bad exit code as failures', () => {
  assert.deepEqual(summarize({ passed: 3, failed: 0, pending: 2, failures: [] }, 0).failed, 2);
  const broken = summarize({ passed: 3, failed: 0, pending: 0, failures: [] }, 1);
  assert.equal(broken.failed, 1);
  assert.match(broken.problems.join(), /exited with code 1/);
  assert.deepEqual(summarize(null, 1), { passed: 0, failed: 1, problems: ['the suites reported no results', 'VS Code exited with code 1'] });
  assert.deepEqual(summarize({ passed: 5, failed: 0, pending: 0, failures: [] }, 0), { passed: 5, failed: 0, problems: [] });
});

test('safeName keeps screenshot names inside the results folder', () => {
  assert.equal(safeName('../../etc/passwd'), 'etc-passwd');
  assert.equal(safeName('replay panel: frame 12'), 'replay-panel-frame-12');
  assert.equal(safeName('///'), 'screenshot');
});

test('the screenshot channel captures on request and reports capture errors', async () => {
  const dir = scratch();
  let fail = false;
  const channel = await startScreenshotChannel(dir, async (file) => {
    if (fail) throw new Error('page closed\nmore detail');
    writeFileSync(file, 'png');
  });
  try {
    const ok = await fetch(`${channel.url}?name=replay panel`);
    assert.equal(ok.status, 200);
    const { path } = await ok.json();
    assert.equal(path, join(dir, 'replay-panel.png'));
    assert.equal(readFileSync(path, 'utf8'), 'png');
    assert.deepEqual(channel.taken, [path]);

    fail = true;
    const bad = await fetch(`${channel.url}?name=x`);
    assert.equal(bad.status, 500);
    assert.deepEqual(await bad.json(), { error: 'page closed' });

    const noName = await fetch(channel.url);
    assert.equal(noName.status, 400);
  } finally {
    await channel.close();
  }
});

test('withLock runs holders one after the other', async () => {
  const lock = join(scratch(), 'lock');
  const events = [];
  const holder = (name) => withLock(lock, () => {}, async () => {
    events.push(`${name} in`);
    await new Promise((r) => setTimeout(r, 100));
    events.push(`${name} out`);
  });
  await Promise.all([holder('a'), holder('b')]);
  assert.deepEqual(events, ['a in', 'a out', 'b in', 'b out']);
  assert.equal(existsSync(lock), false);
});

test('withLock takes over a lock whose holder is dead', async () => {
  const lock = join(scratch(), 'lock');
  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), '999999999');
  const value = await withLock(lock, () => {}, async () => 'ran', 2000);
  assert.equal(value, 'ran');
});

test('workbenchUrl loads the extension and the suites from the server', () => {
  const url = new URL(workbenchUrl({ authority: '127.0.0.1:5000', origin: 'http://127.0.0.1:5000' }, { folder: '/w', testsPath: '/t/index.js' }));
  assert.equal(url.searchParams.get('folder'), '/w');
  assert.deepEqual(JSON.parse(url.searchParams.get('payload')), [
    ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:5000${repoRoot}`],
    ['skipWelcome', 'true'],
    ['extensionTestsPath', 'vscode-remote://127.0.0.1:5000/t/index.js'],
  ]);
});

test('cleanEnv drops npm script variables that would redirect a nested install, keeps registry settings', async () => {
  const { cleanEnv } = await import('../processes.mjs');
  const saved = { ...process.env };
  Object.assign(process.env, {
    npm_config_prefix: '/usr',
    npm_config_local_prefix: '/repo',
    npm_lifecycle_event: 'test',
    npm_package_name: 'landmark-lens',
    npm_config_registry: 'https://registry.example/',
    npm_config_cache: '/cache',
  });
  try {
    const env = cleanEnv({ EXTRA: '1' });
    for (const k of ['npm_config_prefix', 'npm_config_local_prefix', 'npm_lifecycle_event', 'npm_package_name']) assert.equal(env[k], undefined, k);
    assert.equal(env.npm_config_registry, 'https://registry.example/');
    assert.equal(env.npm_config_cache, '/cache');
    assert.equal(env.EXTRA, '1');
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
});

test('pickHost honours LANDMARK_LENS_TEST_HOST and rejects what it cannot do', async () => {
  const { pickHost } = await import('../pickHost.mjs');
  const saved = { ...process.env };
  try {
    process.env.LANDMARK_LENS_TEST_HOST = 'server';
    assert.equal((await pickHost()).host, 'server');
    process.env.LANDMARK_LENS_TEST_HOST = 'desktop';
    await assert.rejects(pickHost(), /LANDMARK_LENS_TEST_HOST=desktop: expected electron, server or auto/);
    if (process.platform === 'linux') {
      process.env.LANDMARK_LENS_TEST_HOST = 'electron';
      delete process.env.DISPLAY;
      delete process.env.WAYLAND_DISPLAY;
      process.env.PATH = scratch();
      await assert.rejects(pickHost(), /no display and no xvfb-run/);
    }
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
});
