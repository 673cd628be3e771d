// `npm test` after the build: the three layers in order, a summary line per layer, then the overall
// "N passed, N failed" alone on the last line. Exits non-zero when any layer fails or is missing.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const layers = [
  { name: 'unit', script: 'test/run-unit.mjs' },
  { name: 'webview', script: 'test/webview/run.mjs' },
  { name: 'integration', script: 'test/hosts/run-integration.mjs' },
];

/**
 * The counts a layer reported. Node's test runner ends with "ℹ pass N" / "ℹ fail N" ("# pass N" in TAP) (plus cancelled, todo and
 * skipped lines); the other layers end with a line containing "N passed, N failed".
 */
export function parseCounts(output) {
  const nodeCount = (label) => {
    const all = [...output.matchAll(new RegExp(`^\\S*\\s*[ℹ#] ${label} (\\d+)\\s*$`, 'gm'))];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  const pass = nodeCount('pass');
  const fail = nodeCount('fail');
  if (pass !== null && fail !== null) {
    // Cancelled and skipped tests did not pass; the project allows neither.
    const notRun = (nodeCount('cancelled') ?? 0) + (nodeCount('skipped') ?? 0) + (nodeCount('todo') ?? 0);
    return { passed: pass, failed: fail + notRun };
  }
  const summaries = [...output.matchAll(/(\d+) passed, (\d+) failed/g)];
  if (summaries.length) {
    const last = summaries[summaries.length - 1];
    return { passed: Number(last[1]), failed: Number(last[2]) };
  }
  return null;
}

const layerTimeoutMs = Number(process.env.LANDMARK_LENS_LAYER_TIMEOUT_MS) || 30 * 60_000;
const running = new Set();
let interrupted = null;

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

// Layers run in their own process groups, so the terminal's Ctrl-C reaches them only through here.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = signal;
    for (const pid of running) signalGroup(pid, signal);
    setTimeout(() => process.exit(1), 15_000).unref();
  });
}
process.on('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
});

/** Runs one layer's script (relative to `cwd`) with output passed through; resolves with its counts. */
export function runLayer(layer, cwd = root, echo = true) {
  const started = Date.now();
  if (!existsSync(join(cwd, layer.script))) {
    return Promise.resolve({ ...layer, passed: 0, failed: 1, note: `missing: ${layer.script} does not exist`, ms: 0 });
  }
  return new Promise((resolve) => {
    // Its own process group, so a layer that hangs can be stopped with everything it started.
    const child = spawn(process.execPath, [layer.script], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child.pid);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      signalGroup(child.pid, 'SIGTERM');
      setTimeout(() => signalGroup(child.pid, 'SIGKILL'), 10_000).unref();
    }, layerTimeoutMs);
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (echo) process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
      if (echo) process.stderr.write(chunk);
    });
    child.on('error', (err) => resolve({ ...layer, passed: 0, failed: 1, note: `could not start: ${err.message}`, ms: Date.now() - started }));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child.pid);
      const counts = parseCounts(output);
      const ms = Date.now() - started;
      if (timedOut) {
        resolve({ ...layer, passed: counts?.passed ?? 0, failed: Math.max(1, counts?.failed ?? 0), note: `stopped after ${layerTimeoutMs / 60_000} min`, ms });
      } else if (!counts) {
        resolve({ ...layer, passed: 0, failed: 1, note: `exit ${signal ?? code}, no test counts in its output`, ms });
      } else if (code !== 0 && counts.failed === 0) {
        resolve({ ...layer, ...counts, failed: 1, note: `exit ${signal ?? code} although no test failed`, ms });
      } else if (code === 0 && counts.failed > 0) {
        resolve({ ...layer, ...counts, note: 'failures reported but exit code 0', ms });
      } else {
        resolve({ ...layer, ...counts, note: '', ms });
      }
    });
  });
}

function summaryLine(r) {
  const status = r.failed > 0 ? 'FAILED' : 'ok';
  return `${r.name}: ${r.passed} passed, ${r.failed} failed, ${(r.ms / 1000).toFixed(1)} s, ${status}${r.note ? ` (${r.note})` : ''}`;
}

async function main() {
  const results = [];
  for (const layer of layers) {
    console.log(`\n=== ${layer.name} (${layer.script}) ===`);
    const result = await runLayer(layer);
    results.push(result);
    console.log(`=== ${summaryLine(result)}`);
    if (interrupted) {
      results.push({ name: 'interrupted', passed: 0, failed: 1, note: `${interrupted}: later layers not run`, ms: 0 });
      break;
    }
  }
  console.log('\nSummary');
  for (const r of results) console.log(`  ${summaryLine(r)}`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
