// Helpers for the integration suites that run inside VS Code's extension host.
// The runner (test/hosts/) passes what the suites need through environment variables the host inherits:
//   LANDMARK_LENS_HOST_NAME       'vscode-server+chromium' or 'test-electron'
//   LANDMARK_LENS_SCREENSHOT_URL  where to ask for a workbench screenshot (server host only)
//   LANDMARK_LENS_LOGS_ROOT       a folder under which VS Code writes this run's logs
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

export const extensionId = 'landmark-lens.landmark-lens';

/** The host the suites run in, as the runner named it. */
export function hostName(): string {
  return process.env.LANDMARK_LENS_HOST_NAME ?? 'unknown host';
}

/** The Landmark Lens extension as VS Code knows it (not activated by this call). */
export function extension<T = unknown>(): vscode.Extension<T> {
  const found = vscode.extensions.getExtension<T>(extensionId);
  if (!found) throw new Error(`extension ${extensionId} is not loaded in this VS Code (extensionDevelopmentPath wrong?)`);
  return found;
}

/** Activates the extension (if it is not yet) and returns what its activate() returned. */
export async function extensionExports<T = unknown>(): Promise<T> {
  const ext = extension<T>();
  return ext.isActive ? ext.exports : await ext.activate();
}

/** The repository root: the extension's own folder. */
export function repoRoot(): string {
  return extension().extensionPath;
}

/**
 * Polls `predicate` every 50 ms until it returns a truthy value, which is returned. After `timeoutMs` it
 * throws "timed out after N ms waiting for <what>", with the predicate's last error when it threw.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : lastError ? ` (last error: ${String(lastError)})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Saves a screenshot of the whole workbench as test-results/integration/<name>.png and returns its path;
 * `scrollTo`: a webview element (a selector) scrolled into view first (server host).
 * Call it once the panel you opened has rendered (waitFor its ready message first). Under test-electron no
 * page is reachable: the call says so in the log and returns undefined.
 */
export async function screenshot(name: string, options: { scrollTo?: string } = {}): Promise<string | undefined> {
  const url = process.env.LANDMARK_LENS_SCREENSHOT_URL;
  if (!url) {
    console.log(`[screenshot] ${name}: not captured: the ${hostName()} host cannot take workbench screenshots`);
    return undefined;
  }
  const scrollTo = options.scrollTo ? `&scrollTo=${encodeURIComponent(options.scrollTo)}` : '';
  const response = await fetch(`${url}?name=${encodeURIComponent(name)}${scrollTo}`, { signal: AbortSignal.timeout(60_000) });
  const body = (await response.json()) as { path?: string; error?: string };
  if (!response.ok || !body.path) throw new Error(`screenshot ${name}: ${body.error ?? `HTTP ${response.status}`}`);
  console.log(`[screenshot] ${name}: ${body.path}`);
  return body.path;
}

/**
 * Dismisses every notification toast, so a screenshot shows the panel rather than a stack of old toasts
 * from earlier tests. Tests that want a notification in their screenshot do not call it.
 */
export async function clearNotifications(): Promise<void> {
  await vscode.commands.executeCommand('notifications.clearAll');
}

function findFiles(dir: string, accept: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(full, accept);
    return accept(full) ? [full] : [];
  });
}

function logsRoot(): string {
  const root = process.env.LANDMARK_LENS_LOGS_ROOT;
  if (!root) throw new Error('LANDMARK_LENS_LOGS_ROOT is not set: run the suites through test/hosts/run-integration.mjs');
  return root;
}

/** The text of the extension's own log output channel(s) ("Landmark Lens") written so far in this run. */
export function extensionLogText(): string {
  const files = findFiles(logsRoot(), (f) => f.split(path.sep).includes(extensionId) && f.endsWith('.log'));
  return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
}

/** Lines of VS Code's extension host log about this extension at error level (failed activation and such). */
export function extensionHostErrors(): string[] {
  const files = findFiles(logsRoot(), (f) => path.basename(f) === 'exthost.log' || path.basename(f) === 'remoteexthost.log');
  return files
    .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
    .filter((line) => line.includes('[error]') && line.toLowerCase().includes('landmark'));
}

/** The error-level lines of a VS Code log text ("2025-01-01 10:00:00.000 [error] ..."). */
export function errorLines(logText: string): string[] {
  return logText.split('\n').filter((line) => /\[error\]/.test(line));
}
