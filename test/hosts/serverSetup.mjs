// Installs VS Code Server (from the code-server npm package) into .vscode-test/server without running any
// install script, then does by hand what those scripts would do (../shared/reference/vscode-test-hosts.md).
// Idempotent: a stamp file records a finished setup; a later run only checks the stamp.
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, copyFileSync, chmodSync, symlinkSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findOnPath } from './pickHost.mjs';
import { cacheRoot, serverCache, codeServerVersion } from './paths.mjs';
import { cleanEnv, runStep, HostError } from './processes.mjs';
import { withLock } from './lock.mjs';

const codeServerDir = join(serverCache, 'node_modules', 'code-server');
const vscodeDir = join(codeServerDir, 'lib', 'vscode');
const stampFile = join(serverCache, 'setup-stamp.json');
const logFile = join(serverCache, 'setup.log');

/** Native modules the server needs rebuilt for this Node, and the addon each must produce. */
const nativeModules = [
  ['@vscode/spdlog', 'spdlog.node'],
  ['node-pty', 'pty.node'],
  ['native-watchdog', 'watchdog.node'],
  ['kerberos', 'kerberos.node'],
  ['@vscode/deviceid', null],
];

function wantedStamp() {
  return { codeServer: codeServerVersion, node: process.versions.modules, platform: process.platform, arch: process.arch };
}

/** Files a finished setup leaves behind; if one went missing since, the setup runs again. */
function keyFiles() {
  return [
    join(vscodeDir, 'out', 'server-main.js'),
    join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'),
    join(vscodeDir, 'node_modules.asar'),
    ...nativeModules.filter(([, addon]) => addon).map(([name, addon]) => join(vscodeDir, 'node_modules', name, 'build', 'Release', addon)),
  ];
}

function stampIsCurrent() {
  if (!existsSync(stampFile) || !keyFiles().every((f) => existsSync(f))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
    const want = wantedStamp();
    return Object.keys(want).every((k) => stamp[k] === want[k]);
  } catch {
    return false;
  }
}

/** The VS Code version the installed server reports (from its product.json). */
export function serverVersion() {
  return JSON.parse(readFileSync(join(vscodeDir, 'product.json'), 'utf8')).version;
}

export const serverMain = join(vscodeDir, 'out', 'server-main.js');

/**
 * Makes sure the server is installed. Returns { serverMain, version, fresh } where fresh tells whether
 * this call did the setup. `log` receives one line per step.
 */
export async function ensureServer(log = () => {}) {
  if (stampIsCurrent()) return { serverMain, version: serverVersion(), fresh: false };
  mkdirSync(cacheRoot, { recursive: true });
  return withLock(join(cacheRoot, 'server-setup.lock'), log, async () => {
    // Another run may have finished the setup while this one waited for the lock.
    if (stampIsCurrent()) return { serverMain, version: serverVersion(), fresh: false };
    await setUp(log);
    return { serverMain, version: serverVersion(), fresh: true };
  });
}

async function setUp(log) {
  mkdirSync(serverCache, { recursive: true });
  rmSync(stampFile, { force: true });
  writeFileSync(logFile, `setup of code-server@${codeServerVersion} on Node ${process.version}\n`);
  const env = buildEnv();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];

  log(`installing code-server@${codeServerVersion} (scripts off) into ${serverCache}`);
  writeFileSync(join(serverCache, 'package.json'), JSON.stringify({ name: 'vscode-test-server', private: true }, null, 2));
  await runStep(npm, ['install', '--ignore-scripts', ...quiet, `code-server@${codeServerVersion}`], {
    cwd: serverCache, env, logFile, timeoutMs: 15 * 60_000, what: `npm install code-server@${codeServerVersion}`,
  });
  if (!existsSync(vscodeDir)) throw new HostError(`code-server@${codeServerVersion} has no lib/vscode folder after install (log: ${logFile})`);

  log('installing the server\'s runtime dependencies (lib/vscode)');
  await runStep(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], {
    cwd: vscodeDir, env, logFile, timeoutMs: 15 * 60_000, what: 'npm install in code-server/lib/vscode',
  });

  for (const [name, addon] of nativeModules) {
    log(`rebuilding native module ${name}`);
    // node-pty's last install step (compile_commands.json) needs the network and fails here; its addon is
    // built before that step, so success is judged by the addon file, not by npm's exit code.
    await runStep(npm, ['rebuild', ...quiet, name], { cwd: vscodeDir, env, logFile, timeoutMs: 10 * 60_000, what: `npm rebuild ${name}` })
      .catch((err) => log(`  (${err.message.split(': exit code')[0]} reported an error; checking its addon)`));
    const built = join(vscodeDir, 'node_modules', name, 'build', 'Release');
    const ok = existsSync(built) && readdirSync(built).some((f) => (addon ? f === addon : f.endsWith('.node')));
    if (!ok) {
      throw new HostError(
        `native module ${name} did not build (${addon ?? '*.node'} missing in ${built}); it needs g++, make, python3` +
          `${name === 'kerberos' ? ' and libkrb5-dev' : ''} and Node headers (log: ${logFile})`,
      );
    }
  }

  log('placing the system ripgrep where @vscode/ripgrep expects its download');
  const rg = findOnPath('rg');
  if (!rg) throw new HostError('ripgrep (rg) not found on PATH: install it (Debian: apt-get install ripgrep)');
  const rgDir = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
  mkdirSync(rgDir, { recursive: true });
  copyFileSync(rg, join(rgDir, 'rg'));
  chmodSync(join(rgDir, 'rg'), 0o755);

  const asar = join(vscodeDir, 'node_modules.asar');
  if (!isSymlink(asar)) {
    rmSync(asar, { recursive: true, force: true });
    symlinkSync('node_modules', asar);
  }

  log('installing the built-in extensions\' dependencies');
  await runStep(npm, ['install', '--omit=dev', '--ignore-scripts', ...quiet], {
    cwd: join(vscodeDir, 'extensions'), env, logFile, timeoutMs: 10 * 60_000, what: 'npm install in code-server/lib/vscode/extensions',
  });

  log('checking that the native modules load');
  const probe = nativeModules
    .filter(([name]) => name !== '@vscode/deviceid')
    .map(([name]) => `require(${JSON.stringify(name)});`)
    .join('');
  await runStep(process.execPath, ['-e', probe], { cwd: vscodeDir, env, logFile, timeoutMs: 60_000, what: 'loading the rebuilt native modules' });

  writeFileSync(stampFile, JSON.stringify({ ...wantedStamp(), finished: new Date().toISOString() }, null, 2));
}

function buildEnv() {
  // JOBS: node-gyp compiles each addon's sources in parallel.
  const extra = { JOBS: 'max' };
  // node-gyp: Debian's python3 (a pyenv shim on PATH may lack distutils), and the headers of this Node when
  // they are installed locally (no download of headers is possible offline).
  if (existsSync('/usr/bin/python3')) extra.npm_config_python = '/usr/bin/python3';
  const headers = join(process.execPath, '..', '..', 'include', 'node', 'node_version.h');
  if (existsSync(headers) && headersMatch(headers)) extra.npm_config_nodedir = join(process.execPath, '..', '..');
  return cleanEnv(extra);
}

function headersMatch(file) {
  const text = readFileSync(file, 'utf8');
  const part = (name) => text.match(new RegExp(`#define ${name} (\\d+)`))?.[1];
  return `v${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}` === process.version;
}

function isSymlink(file) {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
