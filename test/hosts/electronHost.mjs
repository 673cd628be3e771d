// Host 1: desktop VS Code downloaded by @vscode/test-electron. The parent side spawns this same file as a
// child (under `xvfb-run -a` on Linux without a display); the child downloads VS Code and calls runTests().
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readResults } from './results.mjs';
import { cacheRoot, repoRoot, resultsDir, suiteIndex } from './paths.mjs';
import { cleanEnv, killGroup, lastLines, track, HostError } from './processes.mjs';
import { displayMode } from './pickHost.mjs';
import { writeQuietSettings } from './quietSettings.mjs';

export const electronHostName = 'test-electron';
const versionPrefix = '[landmark-lens-vscode-version] ';

/** The VS Code version to download: the lowest the extension supports, unless LANDMARK_LENS_VSCODE_VERSION says. */
function wantedVersion() {
  return process.env.LANDMARK_LENS_VSCODE_VERSION || '1.100.3';
}

function isSuiteOutput(line) {
  return /^\s*(✔|✓|✗|\d+\) |\d+ (passing|failing|pending)|\[screenshot\]|\[landmark-lens)/.test(line) || /^ {2,}\S/.test(line);
}

/** Parent side. Returns { host, version, exitCode, results, setupMs (download or cache check; null when it failed), fresh }. */
export async function runInElectronHost({ log, onLine, onVersion = () => {}, timeoutMs }) {
  const work = mkdtempSync(join(tmpdir(), 'landmark-lens-electron-'));
  const resultsFile = join(work, 'results.json');
  const hostLog = join(resultsDir, 'electron.log');
  const logStream = createWriteStream(hostLog);
  const self = fileURLToPath(import.meta.url);
  const command = displayMode() === 'xvfb' ? ['xvfb-run', '-a', process.execPath, self, '--child'] : [process.execPath, self, '--child'];
  log(`running desktop VS Code ${wantedVersion()} through @vscode/test-electron${command[0] === 'xvfb-run' ? ' under xvfb-run -a' : ''}`);
  const started = Date.now();
  const child = track(spawn(command[0], command.slice(1), {
    cwd: repoRoot,
    env: cleanEnv({ LANDMARK_LENS_RESULTS_FILE: resultsFile, LANDMARK_LENS_WORK_DIR: work }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  }));
  let version = wantedVersion();
  let setupMs = null;
  let logText = '';
  let pending = '';
  const onData = (chunk) => {
    const text = chunk.toString();
    logStream.write(text);
    logText += text;
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith(versionPrefix)) {
        version = line.slice(versionPrefix.length).trim();
        setupMs = Date.now() - started;
        onVersion(version);
      }
      else if (isSuiteOutput(line)) onLine(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  try {
    const exitCode = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        killGroup(child, 'SIGKILL');
        reject(new HostError(`test-electron did not finish within ${Math.round(timeoutMs / 1000)} s (log: ${hostLog})`));
      }, timeoutMs);
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new HostError(`could not start ${command[0]}: ${err.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve(code ?? 1);
      });
    });
    const logsDir = join(work, 'user-data', 'logs');
    if (existsSync(logsDir)) cpSync(logsDir, join(resultsDir, 'vscode-logs'), { recursive: true });
    const results = readResults(resultsFile, logText);
    if (!results) log(`test-electron ended without results: ${lastLines(logText, 2) || '(no output)'}`);
    return { host: electronHostName, version, exitCode, results, setupMs, fresh: false, screenshots: [] };
  } finally {
    killGroup(child, 'SIGKILL');
    logStream.end();
    rmSync(work, { recursive: true, force: true });
  }
}

function installedVersion(executable) {
  let dir = dirname(executable);
  for (let i = 0; i < 4; i++) {
    for (const file of [join(dir, 'resources', 'app', 'product.json'), join(dir, 'Resources', 'app', 'product.json')]) {
      if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')).version;
    }
    dir = dirname(dir);
  }
  return null;
}

/** Child side: download VS Code (cached in .vscode-test/) and run the suites in it. */
async function child() {
  const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
  const work = process.env.LANDMARK_LENS_WORK_DIR ?? mkdtempSync(join(tmpdir(), 'landmark-lens-electron-'));
  const userData = join(work, 'user-data');
  writeQuietSettings(join(userData, 'User'));
  let executable;
  try {
    executable = await downloadAndUnzipVSCode({ version: wantedVersion(), cachePath: cacheRoot, timeout: 60_000 });
  } catch (err) {
    console.error(`could not download VS Code ${wantedVersion()}: ${String(err?.message ?? err).split('\n')[0]}`);
    process.exit(2);
  }
  console.log(versionPrefix + (installedVersion(executable) ?? wantedVersion()));
  try {
    const code = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: suiteIndex,
      extensionTestsEnv: {
        LANDMARK_LENS_HOST_NAME: electronHostName,
        LANDMARK_LENS_RESULTS_FILE: process.env.LANDMARK_LENS_RESULTS_FILE,
        LANDMARK_LENS_LOGS_ROOT: userData,
      },
      launchArgs: [
        repoRoot,
        '--disable-extensions',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-workspace-trust',
        '--disable-gpu',
        `--user-data-dir=${userData}`,
        `--extensions-dir=${join(work, 'extensions')}`,
      ],
    });
    process.exit(code);
  } catch (err) {
    console.error(String(err?.message ?? err).split('\n')[0]);
    process.exit(Number.isInteger(err?.code) ? err.code : 1);
  }
}

if (process.argv.includes('--child') && process.argv[1] === fileURLToPath(import.meta.url)) await child();
