// Layer 3: the mocha suites of dist/test/integration inside a real VS Code extension host.
// Picks the host (see pickHost.mjs), runs the suites once, and ends with the line
//   integration (VS Code <version>, <host>): N passed, N failed
// Environment: LANDMARK_LENS_TEST_HOST=electron|server|auto, LANDMARK_LENS_TEST_GREP=<mocha grep>,
// LANDMARK_LENS_INTEGRATION_TIMEOUT_MS (whole run, default 20 min), LANDMARK_LENS_VSCODE_VERSION (test-electron).
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pickHost } from './pickHost.mjs';
import { runInServerHost, serverHostName } from './serverHost.mjs';
import { runInElectronHost, electronHostName } from './electronHost.mjs';
import { summarize } from './results.mjs';
import { resultsDir, suiteIndex, repoRoot } from './paths.mjs';
import { HostError } from './processes.mjs';

const log = (line) => console.log(`[integration] ${line}`);
const timeoutMs = Number(process.env.LANDMARK_LENS_INTEGRATION_TIMEOUT_MS) || 20 * 60_000;

function finish(version, host, passed, failed) {
  console.log(`integration (VS Code ${version}, ${host}): ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

// Whatever happens, the run ends: a hard stop slightly after the hosts' own timeout.
const hardStop = setTimeout(() => {
  log(`no result after ${Math.round(timeoutMs / 1000) + 60} s: giving up`);
  finish('?', 'unknown host', 0, 1);
}, timeoutMs + 60_000);
hardStop.unref();

const runMarker = join(resultsDir, `.run-${process.pid}`);

function otherRunActive() {
  return readdirSync(resultsDir).some((f) => {
    const pid = Number(f.match(/^\.run-(\d+)$/)?.[1]);
    if (!pid || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}

let hostName = 'unknown host';
let knownVersion = '?';
async function main() {
  if (!existsSync(suiteIndex)) throw new HostError(`${suiteIndex} is missing: build first (node esbuild.mjs)`);
  // Old screenshots and logs would pass for this run's; but another run in this tree may be writing there.
  if (existsSync(resultsDir) && !otherRunActive()) {
    for (const f of readdirSync(resultsDir)) rmSync(join(resultsDir, f), { recursive: true, force: true });
  }
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(runMarker, '');
  process.on('exit', () => rmSync(runMarker, { force: true }));

  const { host, reason } = await pickHost();
  hostName = host === 'electron' ? electronHostName : serverHostName;
  log(`host: ${hostName} (${reason})`);
  const started = Date.now();
  const run = host === 'electron' ? runInElectronHost : runInServerHost;
  const outcome = await run({ log, onLine: (line) => console.log(line), onVersion: (v) => (knownVersion = v), timeoutMs });
  const { passed, failed, problems } = summarize(outcome.results, outcome.exitCode);
  for (const f of outcome.results?.failures ?? []) log(`FAILED ${f.title}: ${f.error}`);
  for (const p of problems) log(p);
  const shots = outcome.screenshots.length ? `, ${outcome.screenshots.length} screenshot(s) in ${join('test-results', 'integration')}` : '';
  log(`host setup ${outcome.setupMs === null ? 'failed' : `${(outcome.setupMs / 1000).toFixed(1)} s`}, whole run ${((Date.now() - started) / 1000).toFixed(1)} s${shots}; logs in ${resultsDir.slice(repoRoot.length + 1)}`);
  finish(outcome.version, hostName, passed, failed);
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  // The hosts clean up in their finally blocks; a second signal exits at once.
  process.once(signal, () => {
    log(`${signal}: stopping`);
    finish(knownVersion, hostName, 0, 1);
  });
}

main().catch((err) => {
  log(err instanceof HostError ? err.message : `unexpected error: ${err?.stack ?? err}`);
  finish(knownVersion, hostName, 0, 1);
});
