// `npm start` without a desktop `code`: the URL it prints opens the workbench with the sample session in the
// replay editor (not as text), in real Chromium. Screenshot: test-results/start/start-server.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../paths.mjs';
import { launchChromium } from '../browser.mjs';

test('npm start serves VS Code Server with the sample session open in the replay editor', { timeout: 240_000 }, async () => {
  const child = spawn(process.execPath, ['test/hosts/start.mjs'], {
    cwd: repoRoot,
    env: { ...process.env, LANDMARK_LENS_START_HOST: 'server', LANDMARK_LENS_PORT: '' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let browser;
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`start printed no URL within 180 s:\n${output}`)), 180_000);
      const read = (d) => {
        output += d;
        const m = output.match(/^ {2}(http:\/\/127\.0\.0\.1:\d+\/\S+)$/m);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      child.once('exit', (code) => reject(new Error(`start exited (${code}) before printing a URL:\n${output}`)));
    });
    assert.ok(!decodeURIComponent(url).includes('openFile'), 'the workbench is not asked to open the file itself (it would open it as text)');
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(url);
    const tab = page.locator('.tabs-container .tab', { hasText: 'hello-world.landmarks.jsonl' });
    await tab.waitFor({ timeout: 60_000 });
    const replay = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await replay.locator('#title').waitFor({ timeout: 60_000 });
    assert.match(await replay.locator('#title').textContent(), /hello-world\.landmarks\.jsonl/);
    assert.equal(await page.locator('.editor-instance .monaco-editor').count(), 0, 'no text editor shows the sample');
    await replay.locator('#readout').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(3000);
    const dir = join(repoRoot, 'test-results', 'start');
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: join(dir, 'start-server.png') });
  } finally {
    await browser?.close();
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});
