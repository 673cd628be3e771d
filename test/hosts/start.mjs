// `npm start` (after the build): open the extension for a person to try.
// With a desktop `code` on PATH: code --extensionDevelopmentPath=<repo> <repo> [sample session].
// Without: serve the offline VS Code Server on 127.0.0.1 with the extension loaded and the repository as the
// workspace, print the URL, and keep serving until Ctrl-C. The extension opens the sample in the replay
// editor when it activates (LANDMARK_LENS_OPEN_ON_START on the server; the repository's session files
// activate it, workspaceContains).
// LANDMARK_LENS_START_HOST=desktop|server forces one; LANDMARK_LENS_PORT picks the server's port.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.mjs';
import { ensureServer } from './serverSetup.mjs';
import { startServer } from './serverProcess.mjs';
import { workbenchUrl } from './serverHost.mjs';
import { findOnPath } from './pickHost.mjs';
import { HostError } from './processes.mjs';

const log = (line) => console.log(`[start] ${line}`);
const sample = join(repoRoot, 'samples', 'hello-world.landmarks.jsonl');
const openFile = existsSync(sample) ? sample : undefined;

function isDesktopCode() {
  // Inside a VS Code Server terminal, `code` is the server's remote CLI, which cannot open a development host.
  const code = findOnPath('code');
  return code !== null && !code.includes('remote-cli');
}

async function startDesktop() {
  const args = [`--extensionDevelopmentPath=${repoRoot}`, repoRoot, ...(openFile ? [openFile] : [])];
  log(`code ${args.join(' ')}`);
  const child = spawn('code', args, { stdio: 'inherit' });
  await new Promise((resolve, reject) => {
    child.on('error', (err) => reject(new HostError(`could not start code: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new HostError(`code exited with ${code}`))));
  });
}

async function startServerForPerson() {
  const { serverMain, version } = await ensureServer(log);
  const port = process.env.LANDMARK_LENS_PORT ? Number(process.env.LANDMARK_LENS_PORT) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new HostError(`LANDMARK_LENS_PORT=${process.env.LANDMARK_LENS_PORT}: expected a port number`);
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  // The workbench would open a file given in the URL before it knows the extension's custom editor (as
  // text); the extension opens this one in the replay editor itself once it is active.
  const env = openFile ? { LANDMARK_LENS_OPEN_ON_START: openFile } : {};
  const server = await startServer({ serverMain, port, env, logFile: join(repoRoot, 'test-results', 'start-server.log') }).catch((err) => {
    throw port && /in use/.test(err.message) ? new HostError(`${err.message}: set LANDMARK_LENS_PORT to a free port, or unset it for any free port`) : err;
  });
  const url = workbenchUrl(server, { folder: repoRoot });
  let stopping = false;
  const stop = async (why) => {
    stopping = true;
    log(`${why}: stopping the server`);
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => stop('Ctrl-C'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  server.child.once('exit', (code) => {
    if (stopping) return;
    log(`the server exited (code ${code}); see test-results/start-server.log`);
    process.exit(1);
  });
  log(`VS Code ${version} (VS Code Server) with Landmark Lens loaded${openFile ? ' and the sample session open' : ''}:`);
  console.log(`\n  ${url}\n`);
  log('open that URL in a browser on this machine; Ctrl-C stops the server');
}

async function main() {
  const forced = (process.env.LANDMARK_LENS_START_HOST ?? '').toLowerCase();
  if (forced && forced !== 'desktop' && forced !== 'server') throw new HostError(`LANDMARK_LENS_START_HOST=${forced}: expected desktop or server`);
  const desktop = forced ? forced === 'desktop' : isDesktopCode();
  if (desktop) await startDesktop();
  else await startServerForPerson();
}

main().catch((err) => {
  log(err instanceof HostError ? err.message : `unexpected error: ${err?.stack ?? err}`);
  process.exit(1);
});
