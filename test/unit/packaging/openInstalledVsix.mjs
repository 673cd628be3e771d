// Installs a VSIX into a fresh VS Code Server with VS Code's own installer, opens the workbench in headless
// Chromium and runs "Landmark Lens: Replay Sample Session" (hello-world) from the command palette, so VS Code
// activates the installed extension, not the working tree. Prints one JSON line { installed, transcript }
// once the replay editor shows the expected transcript (or the last one shown when it never does).
// Usage: node openInstalledVsix.mjs <file.vsix> <expected transcript>
// Reuses the integration runner's server setup, start and browser launch (test/hosts).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureServer } from '../../hosts/serverSetup.mjs';
import { startServer } from '../../hosts/serverProcess.mjs';
import { launchChromium } from '../../hosts/browser.mjs';

const [vsix, expected] = process.argv.slice(2);
if (!vsix || expected === undefined) {
  console.error('usage: node openInstalledVsix.mjs <file.vsix> <expected transcript>');
  process.exit(2);
}
const waitMs = 90_000;

const { serverMain } = await ensureServer();
const dataDir = mkdtempSync(join(tmpdir(), 'll-vsix-server-'));
let server;
let browser;
let page;
try {
  const install = spawnSync(
    process.execPath,
    [serverMain, '--install-extension', vsix, '--extensions-dir', join(dataDir, 'extensions'), '--server-data-dir', join(dataDir, 'data'), '--accept-server-license-terms'],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (install.status !== 0) throw new Error(`--install-extension exited with ${install.status}: ${install.stderr || install.stdout}`);
  const installed = JSON.parse(readFileSync(join(dataDir, 'extensions', 'extensions.json'), 'utf8'));

  server = await startServer({ serverMain, dataDir });
  browser = await launchChromium();
  page = await browser.newPage();
  const folder = join(dataDir, 'workspace');
  mkdirSync(folder);
  // No extensionDevelopmentPath: the only Landmark Lens VS Code can load is the installed VSIX.
  const payload = [['skipWelcome', 'true']];
  await page.goto(`${server.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: waitMs });
  // The palette lists the extension's commands only once the remote extension host has registered it.
  const quickInput = page.locator('.quick-input-widget');
  const command = quickInput.locator('.quick-input-list-row', { hasText: 'Landmark Lens: Replay Sample Session' }).first();
  const paletteDeadline = Date.now() + waitMs;
  for (;;) {
    await page.keyboard.press('F1');
    await quickInput.locator('input').waitFor({ timeout: waitMs });
    await page.keyboard.type('Landmark Lens: Replay Sample Session');
    const listed = await command.waitFor({ timeout: 5000 }).then(() => true, () => false);
    if (listed) break;
    if (Date.now() > paletteDeadline) throw new Error('the command palette never listed "Landmark Lens: Replay Sample Session"');
    await page.keyboard.press('Escape');
  }
  await page.keyboard.press('Enter');
  // Several samples ship: the extension asks which, hello-world first.
  await quickInput.locator('.quick-input-list-row', { hasText: 'hello-world' }).first().waitFor({ timeout: waitMs });
  await page.keyboard.press('Enter');

  const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  const transcript = webview.locator('#transcript');
  await transcript.waitFor({ state: 'attached', timeout: waitMs });
  // At the last frame the transcript shows the decoder's whole text, once the installed model host has
  // analysed the session (at frame 0 it shows nothing yet).
  const last = webview.locator('#last');
  const read = async () => {
    await last.click();
    return transcript.evaluate((el) => [...el.querySelectorAll('.transcript-done, .transcript-current, .transcript-rest')].map((s) => s.textContent).join(''));
  };
  const deadline = Date.now() + waitMs;
  let shown = await read();
  while (shown !== expected && Date.now() < deadline) {
    await page.waitForTimeout(250);
    shown = await read();
  }
  if (shown !== expected) {
    await page.screenshot({ path: join(tmpdir(), 'll-vsix-workbench-failure.png') });
    const logs = join(dataDir, 'data', 'data', 'logs');
    console.error(spawnSync('grep', ['-rhi', 'landmark\\|error', logs], { encoding: 'utf8' }).stdout.slice(-4000));
  }
  console.log(JSON.stringify({ installed, transcript: shown }));
} catch (err) {
  const shot = join(tmpdir(), 'll-vsix-workbench-failure.png');
  const saved = await page?.screenshot({ path: shot }).then(() => true, () => false);
  console.error(`openInstalledVsix: ${String(err?.message ?? err).split('\n')[0]}${saved ? ` (workbench screenshot: ${shot})` : ''}`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
