// What the webview benchmarks (webview-frames.mjs, webview-knobs.mjs) share: the built files they need,
// the test page in headless Chromium with the webview ready, the session's messages decoded into it,
// and their statistics.
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPageServer } from '../test/webview/pageServer.mjs';
import { testPageHtml } from '../test/webview/testPage.mjs';
import { launchChromium } from '../test/hosts/browser.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Exits with a one-line error when the build or the messages file (from dist/bench/webviewData.js) is missing. */
export function checkInputs(bench, messagesFile) {
  for (const f of ['dist/webview.js', 'dist/test/webview/harness.js', 'dist/toolkit.min.js']) {
    if (!existsSync(join(root, f))) {
      console.error(`bench/${bench}: ${f} is missing; run \`node esbuild.mjs\` first`);
      process.exit(2);
    }
  }
  if (!messagesFile || !existsSync(messagesFile)) {
    console.error(`bench/${bench}: expected the messages file from dist/bench/webviewData.js, found '${messagesFile ?? ''}'`);
    process.exit(2);
  }
}

/**
 * Runs `fn({ context, page, errors })` on the dark test page with the webview ready (1280 x 1000), the
 * page's errors collected; closes the browser and the page server after.
 */
export async function withBenchPage(fn) {
  const server = await startPageServer(root, (origin) => testPageHtml(origin));
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.origin}/page`);
    await page.waitForFunction(() => window.harness?.posted.some((m) => m.type === 'ready'), null, { timeout: 30_000 });
    const result = await fn({ context, page, errors });
    await context.close();
    return result;
  } finally {
    await browser.close();
    server.close();
  }
}

/** BULK_MIN_BYTES of src/replayworker/protocol.ts: frames and results messages this large go as files. */
const BULK_MIN_BYTES = 64 * 1024;

/**
 * Decodes the messages file (one message a line) into the page's `window.__benchMessages`, a few
 * megabytes at a time (the harness's transport, not what is measured); returns how many there are.
 * `bulk`: frames and results messages of BULK_MIN_BYTES or more are stored on the page server and
 * replaced by the bulk messages naming them, as the replay worker sends them (the webview fetches them).
 */
export async function loadMessages(page, messagesFile, { bulk = false } = {}) {
  let group = [];
  let groupBytes = 0;
  let messages = 0;
  const flush = async () => {
    if (!group.length) return;
    messages = await page.evaluate((json) => {
      window.__benchMessages ??= [];
      window.__benchMessages.push(...window.harness.decode(json));
      return window.__benchMessages.length;
    }, `{"messages":[${group.join(',')}]}`);
    group = [];
    groupBytes = 0;
  };
  for await (const line of createInterface({ input: createReadStream(messagesFile), crlfDelay: Infinity })) {
    if (!line) continue;
    group.push(line);
    groupBytes += line.length;
    if (groupBytes > 8 << 20) await flush();
  }
  await flush();
  if (bulk) {
    await page.evaluate(async (minBytes) => {
      const bytes = (m) => Object.values(m).reduce((sum, v) => sum + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0);
      const all = window.__benchMessages;
      for (let i = 0; i < all.length; i++) {
        if ((all[i].type === 'frames' || all[i].type === 'results') && bytes(all[i]) >= minBytes) all[i] = await window.harness.storeBulk(all[i]);
      }
    }, BULK_MIN_BYTES);
  }
  return messages;
}

export const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;
};

export const round = (v) => Math.round(v * 100) / 100;
