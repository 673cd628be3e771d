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
import { HostError } from './processes.mjs';

export const serverHostName = 'vscode-server+chromium';

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
export async function runInServerHost({ log, onLine, timeoutMs }) {
  const setupStarted = Date.now();
  const { serverMain, version, fresh } = await ensureServer(log);
  const setupMs = Date.now() - setupStarted;
  log(`VS Code Server ${version} ready (${fresh ? 'set up now' : 'cached'}, ${(setupMs / 1000).toFixed(1)} s)`);

  const work = mkdtempSync(join(tmpdir(), 'landmark-lens-it-'));
  const resultsFile = join(work, 'results.json');
  const workbenchLog = join(resultsDir, 'workbench.log');
  writeFileSync(workbenchLog, '');
  let page = null;
  let browser = null;
  let server = null;
  let channel = null;
  let logText = '';
  try {
    channel = await startScreenshotChannel(resultsDir, async (file) => {
      if (!page) throw new Error('the workbench page is not open');
      await page.screenshot({ path: file });
    }, log);
    server = await startServer({
      serverMain,
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
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();

    let exit;
    const exited = new Promise((resolve) => (exit = resolve));
    await page.exposeFunction('codeAutomationLog', (level, message) => {
      const text = String(message);
      logText += `${text}\n`;
      appendFileSync(workbenchLog, `[${level}] ${text}\n`);
      if (isSuiteOutput(text)) onLine(text);
    });
    await page.exposeFunction('codeAutomationExit', (code) => exit(Number(code)));
    page.on('pageerror', (err) => appendFileSync(workbenchLog, `[pageerror] ${err.message}\n`));

    const url = workbenchUrl(server, { folder: repoRoot, testsPath: suiteIndex });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    let timer;
    const exitCode = await Promise.race([
      exited,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new HostError(`the suites did not finish within ${Math.round(timeoutMs / 1000)} s (log: ${workbenchLog})`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    const logsDir = join(work, 'server', 'data', 'data', 'logs');
    if (existsSync(logsDir)) cpSync(logsDir, join(resultsDir, 'vscode-logs'), { recursive: true });
    return { host: serverHostName, version, exitCode, results: readResults(resultsFile, logText), setupMs, fresh, screenshots: channel.taken };
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    await channel?.close();
    rmSync(work, { recursive: true, force: true });
  }
}
