// Which host runs the integration suites: test-electron where VS Code can be downloaded (and shown: a
// display or xvfb-run), else the offline VS Code Server + Chromium host.
// LANDMARK_LENS_TEST_HOST=electron|server forces one; anything else (or unset) means auto.
import { request } from 'node:https';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HostError } from './processes.mjs';

const updateService = 'https://update.code.visualstudio.com/api/releases/stable';

/** Resolves true when VS Code's update service answers within timeoutMs. */
export function canDownloadVSCode(timeoutMs = 3000) {
  return new Promise((resolve) => {
    const req = request(updateService, { method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** The full path of an executable on PATH, or null. */
export function findOnPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** How to give Electron a display: 'display' (one exists), 'xvfb' (wrap in xvfb-run -a) or null (none). */
export function displayMode() {
  if (process.platform !== 'linux' || process.env.DISPLAY || process.env.WAYLAND_DISPLAY) return 'display';
  return findOnPath('xvfb-run') ? 'xvfb' : null;
}

/** Returns { host: 'electron'|'server', reason }. */
export async function pickHost() {
  const forced = (process.env.LANDMARK_LENS_TEST_HOST ?? '').trim().toLowerCase();
  if (forced === 'electron' || forced === 'test-electron') {
    if (!displayMode()) throw new HostError('LANDMARK_LENS_TEST_HOST=electron, but there is no display and no xvfb-run (Debian: apt-get install xvfb)');
    return { host: 'electron', reason: 'forced by LANDMARK_LENS_TEST_HOST' };
  }
  if (forced === 'server') return { host: 'server', reason: 'forced by LANDMARK_LENS_TEST_HOST' };
  if (forced && forced !== 'auto') throw new HostError(`LANDMARK_LENS_TEST_HOST=${forced}: expected electron, server or auto`);
  if (!(await canDownloadVSCode())) return { host: 'server', reason: `${updateService} is not reachable` };
  if (!displayMode()) return { host: 'server', reason: 'no display and no xvfb-run for desktop VS Code' };
  return { host: 'electron', reason: 'VS Code can be downloaded' };
}
