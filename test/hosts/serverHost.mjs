// Host 2: the suites run in VS Code Server's Node extension host, with the workbench open in headless
// Chromium. VS Code reports the suite's exit code through window.codeAutomationExit and its log lines
// (the extension host's console among them) through window.codeAutomationLog.
import { appendFileSync, cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureServer } from './serverSetup.mjs';
import { startServer } from './serverProcess.mjs';
import { launchChromium } from './browser.mjs';
import { startScreenshotChannel } from './screenshotChannel.mjs';
import { readResults } from './results.mjs';
import { repoRoot, resultsDir, suiteIndex } from './paths.mjs';
import { HostError, lastLines } from './processes.mjs';
import { writeQuietSettings } from './quietSettings.mjs';

export const serverHostName = 'vscode-server+chromium';
const startedPrefix = '[landmark-lens-suites] ';
const startupTimeoutMs = Number(process.env.LANDMARK_LENS_STARTUP_TIMEOUT_MS) || 180_000;

/** The workbench URL that opens `folder` with the extension under development (and, for tests, the suites). */
export function workbenchUrl(server, { folder, testsPath, openFile }) {
  const remote = (abs) => `vscode-remote://${server.authority}${abs}`;
  const payload = [['extensionDevelopmentPath', remote(repoRoot)], ['skipWelcome', 'true']];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  if (openFile) payload.push(['openFile', remote(openFile)]);
  return `${server.origin}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Lines worth showing on the console: the suites' own output, not the workbench's chatter. */
function isSuiteOutput(message) {
  return /^\s*(✔|✓|✗|\d+\) |\d+ (passing|failing|pending)|\[screenshot\]|\[landmark-lens)/.test(message) || /^ {2,}\S/.test(message);
}

/**
 * Runs the suites once. Returns { host, version, exitCode, results, setupMs, fresh }.
 * `onLine` gets the suites' console lines as they come.
 */
export async function runInServerHost({ log, onLine, onVersion = () => {}, timeoutMs }) {
  const setupStarted = Date.now();
  const { serverMain, version, fresh } = await ensureServer(log);
  const setupMs = Date.now() - setupStarted;
  onVersion(version);
  log(`VS Code Server ${version} ready (${fresh ? 'set up now' : 'cached'}, ${(setupMs / 1000).toFixed(1)} s)`);

  const work = mkdtempSync(join(tmpdir(), 'landmark-lens-it-'));
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  // Also when the run is interrupted (process.exit skips the finally below).
  process.once('exit', removeWork);
  const resultsFile = join(work, 'results.json');
  const workbenchLog = join(resultsDir, 'workbench.log');
  writeFileSync(workbenchLog, '');
  let page = null;
  let browser = null;
  let server = null;
  let channel = null;
  let logText = '';
  try {
    channel = await startScreenshotChannel(resultsDir, async (file, scrollTo) => {
      if (!page) throw new Error('the workbench page is not open');
      if (scrollTo) await scrollIntoView(page, scrollTo);
      await page.screenshot({ path: file });
    });
    // The server's machine settings (--server-data-dir is server/data) apply to its extension host.
    writeQuietSettings(join(work, 'server', 'data', 'data', 'Machine'));
    server = await startServer({
      serverMain,
      // As the electron host: no other installed extension runs (built-ins are quietened by settings).
      onlyExtensionUnderDevelopment: true,
      dataDir: join(work, 'server'),
      logFile: join(resultsDir, 'server.log'),
      env: {
        LANDMARK_LENS_HOST_NAME: serverHostName,
        LANDMARK_LENS_SCREENSHOT_URL: channel.url,
        LANDMARK_LENS_RESULTS_FILE: resultsFile,
        LANDMARK_LENS_LOGS_ROOT: join(work, 'server'),
      },
    });
    log(`server listening at ${server.origin}`);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1600, height: 1200 } })).newPage();

    let suitesStarted;
    const startup = new Promise((resolve, reject) => {
      suitesStarted = resolve;
      const timer = setTimeout(
        () => reject(new HostError(`the extension host did not start the suites within ${startupTimeoutMs / 1000} s (log: ${workbenchLog})`)),
        startupTimeoutMs,
      );
      timer.unref();
    });
    startup.catch(() => {});
    let exit;
    const exited = new Promise((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      const text = String(message);
      logText += `${text}\n`;
      appendFileSync(workbenchLog, `[${level}] ${text}\n`);
      if (text.startsWith(startedPrefix)) suitesStarted();
      if (isSuiteOutput(text)) onLine(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
    page.on('pageerror', (err) => appendFileSync(workbenchLog, `[pageerror] ${err.message}\n`));
    let pageGone;
    const pageLost = new Promise((_, reject) => (pageGone = reject));
    pageLost.catch(() => {});
    page.on('crash', () => pageGone(new HostError(`the workbench page crashed (log: ${workbenchLog})`)));
    server.child.once('exit', (code, signal) => pageGone(new HostError(`VS Code Server exited during the run (${signal ?? `code ${code}`}; log: ${join(resultsDir, 'server.log')})`)));

    const url = workbenchUrl(server, { folder: repoRoot, testsPath: suiteIndex });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let timer;
    const exitCode = await Promise.race([
      exited,
      pageLost,
      startup.then(() => new Promise(() => {})),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new HostError(`the suites did not finish within ${Math.round(timeoutMs / 1000)} s (log: ${workbenchLog})`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    const logsDir = join(work, 'server', 'data', 'data', 'logs');
    if (existsSync(logsDir)) cpSync(logsDir, join(resultsDir, 'vscode-logs'), { recursive: true });
    const results = readResults(resultsFile, logText);
    if (!results) log(`the suites ended without results; last workbench lines: ${lastLines(logText, 2) || '(none)'}`);
    return { host: serverHostName, version, exitCode, results, setupMs, fresh, screenshots: channel.taken };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    await channel?.close();
    removeWork();
  }
}

/** Scrolls the first element `selector` finds in a shown frame (a webview's are nested frames) into view. */
async function scrollIntoView(page, selector) {
  // A hidden panel keeps its webview (retainContextWhenHidden), so the selector can match in a frame
  // nobody sees: scroll in the one whose frame elements are all shown.
  for (const frame of page.frames()) {
    const element = frame.locator(selector).first();
    if ((await element.count().catch(() => 0)) === 0 || !(await frameShown(frame))) continue;
    await element.scrollIntoViewIfNeeded({ timeout: 10_000 });
    // Two of the webview's animation frames, so the part the scroll brought into view is painted before
    // the screenshot (else it can show as a blank band).
    await frame.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    return;
  }
  throw new Error(`no shown frame of the workbench has ${selector}`);
}

async function frameShown(frame) {
  for (let f = frame; f.parentFrame(); f = f.parentFrame()) {
    if (!(await (await f.frameElement()).isVisible())) return false;
  }
  return true;
}
