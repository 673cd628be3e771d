// Child processes for the test hosts: bounded in time, logged to a file, killed with their whole group.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

export class HostError extends Error {}

// Detached children do not get the terminal's Ctrl-C, so this process kills their groups when it exits,
// however it exits.
const liveGroups = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

// A signal that arrives while no script has its own handler (say, during the server setup) must still
// end in process.exit, or the exit hook above never runs.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    if (process.listenerCount(signal) === 1) process.exit(code);
  });
}

/** Registers a detached child whose process group must not outlive this process. */
export function track(child) {
  if (child.pid) liveGroups.add(child.pid);
  return child;
}

// Settings `npm run` passes down that would redirect or change a nested npm install (npm_config_prefix
// would even make it install into the global prefix). Registry, cache, proxy and CA settings pass through.
const npmSettingsNotInherited = new Set(
  ['prefix', 'local_prefix', 'global_prefix', 'global', 'loglevel', 'omit', 'include', 'production', 'dry_run',
    'save', 'ignore_scripts', 'workspace', 'workspaces', 'user_agent', 'npm_version'].map((k) => `npm_config_${k}`),
);

/** The environment without npm's script variables, so nested npm runs act as if started by hand. */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    const key = k.toLowerCase();
    const dropped = key.startsWith('npm_') && (!key.startsWith('npm_config_') || npmSettingsNotInherited.has(key));
    if (!dropped && v !== undefined) env[k] = v;
  }
  return { ...env, ...extra };
}

/**
 * Runs a command to completion. Resolves with its exit code and output; rejects with a one-line HostError
 * when it cannot start or outlives timeoutMs. With `logFile`, the command and its output are appended there.
 */
export function runCommand(command, args, { cwd, env, timeoutMs = 10 * 60_000, logFile, what = command } = {}) {
  return new Promise((resolve, reject) => {
    if (logFile) appendFileSync(logFile, `\n$ (cd ${cwd ?? process.cwd()}) ${command} ${args.join(' ')}\n`);
    const child = track(spawn(command, args, { cwd, env: env ?? cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true }));
    let output = '';
    const collect = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (logFile) appendFileSync(logFile, text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      killGroup(child);
      reject(new HostError(`${what}: no result after ${Math.round(timeoutMs / 1000)} s, stopped it${logFile ? ` (log: ${logFile})` : ''}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new HostError(`${what}: could not start ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      liveGroups.delete(child.pid);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** Like runCommand, but a non-zero exit is an error naming the step and the last line of its output. */
export async function runStep(command, args, options) {
  const result = await runCommand(command, args, options);
  if (result.code !== 0) {
    const last = lastLines(result.output, 1) || '(no output)';
    const where = options?.logFile ? ` (log: ${options.logFile})` : '';
    throw new HostError(`${options?.what ?? command}: exit code ${result.code}: ${last}${where}`);
  }
  return result;
}

export function lastLines(text, n) {
  return text.split('\n').map((l) => l.trim()).filter(Boolean).slice(-n).join(' | ');
}

/** Kills a detached child and everything it started (its process group). */
export function killGroup(child, signal = 'SIGTERM') {
  if (!child?.pid) return;
  if (signal === 'SIGKILL') liveGroups.delete(child.pid);
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}
