// A lock between concurrent test runs in the same tree (several people run `npm test` at once).
import { mkdirSync, rmSync, writeFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HostError } from './processes.mjs';

const pollMs = 500;

function holder(dir) {
  try {
    return Number(readFileSync(join(dir, 'pid'), 'utf8'));
  } catch {
    return NaN;
  }
}

function alive(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function ageMs(dir) {
  try {
    return Date.now() - statSync(dir).mtimeMs;
  } catch {
    return 0;
  }
}

/** Runs fn while holding the lock directory `dir`; waits up to timeoutMs for another live holder. */
export async function withLock(dir, log, fn, timeoutMs = 20 * 60_000) {
  const started = Date.now();
  let announced = false;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const pid = holder(dir);
      // A lock whose pid file is not written yet is young; give its owner a moment before calling it stale.
      const stale = Number.isNaN(pid) ? ageMs(dir) > 10_000 : !alive(pid);
      if (stale) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (!announced) log(`waiting for another run (pid ${Number.isNaN(pid) ? '?' : pid}) that holds ${dir}`);
      announced = true;
      if (Date.now() - started > timeoutMs) throw new HostError(`gave up waiting for the lock ${dir} held by pid ${pid}`);
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
