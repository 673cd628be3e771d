// Starts VS Code Server's server-main.js directly (code-server's own CLI rejects the test flags) and waits
// until its extension host agent listens.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, killGroup, lastLines, track, HostError } from './processes.mjs';

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function assertPortFree(host, port) {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err) =>
      reject(new HostError(err.code === 'EADDRINUSE' ? `port ${port} on ${host} is already in use` : `cannot listen on ${host}:${port}: ${err.message}`)),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Starts the server. Options: serverMain, port (0: pick one), host, env (added to the server's environment,
 * which its extension host inherits), dataDir (its data and extensions folder; default a temp folder that
 * stop() removes), logFile, startTimeoutMs, onlyExtensionUnderDevelopment (--disable-extensions: no built-in
 * extension runs beside the one under development).
 * Returns { port, origin, authority, stop() }; stop() kills the server with its extension host.
 */
export async function startServer({ serverMain, port = 0, host = '127.0.0.1', env = {}, dataDir, logFile, startTimeoutMs = 90_000, onlyExtensionUnderDevelopment = false }) {
  if (port) await assertPortFree(host, port);
  const listenPort = port || (await freePort());
  const ownDataDir = !dataDir;
  dataDir ??= mkdtempSync(join(tmpdir(), 'landmark-lens-server-'));
  // The server creates its folders one level deep only.
  for (const sub of ['data', 'extensions']) mkdirSync(join(dataDir, sub), { recursive: true });
  const args = [
    serverMain,
    '--host', host,
    '--port', String(listenPort),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-workspace-trust',
    ...(onlyExtensionUnderDevelopment ? ['--disable-extensions'] : []),
    '--server-data-dir', join(dataDir, 'data'),
    '--extensions-dir', join(dataDir, 'extensions'),
  ];
  const child = track(spawn(process.execPath, args, {
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  }));
  const logStream = logFile ? createWriteStream(logFile) : null;
  let output = '';
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    killGroup(child, 'SIGTERM');
    const exited = child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((r) => child.once('exit', r));
    const forced = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 6000))]);
    clearTimeout(forced);
    // The group may outlive its leader (extension host, pty host): make sure none is left behind.
    killGroup(child, 'SIGKILL');
    logStream?.end();
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
  };

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new HostError(`VS Code Server did not start listening within ${startTimeoutMs / 1000} s: ${lastLines(output, 2) || '(no output)'}`)),
      startTimeoutMs,
    );
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      logStream?.write(text);
      // The server logs a failed listen and keeps running, so it must be caught here.
      if (/EADDRINUSE/.test(output)) {
        clearTimeout(timer);
        reject(new HostError(`port ${listenPort} on ${host} is already in use`));
      } else if (/Extension host agent listening on \d+/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new HostError(`could not start VS Code Server: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new HostError(`VS Code Server exited before it was ready (${signal ?? `code ${code}`}): ${lastLines(output, 2) || '(no output)'}`));
    });
  });

  try {
    await ready;
  } catch (err) {
    await stop();
    throw err;
  }
  return { port: listenPort, origin: `http://${host}:${listenPort}`, authority: `${host}:${listenPort}`, stop, child };
}
