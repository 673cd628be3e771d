#!/usr/bin/env node
// Packages Landmark Lens as a platform-specific VSIX that carries only that platform's onnxruntime binary.
// Usage: npm run package -- [--target linux-x64] [--out-dir <dir>] [--keep-staging]
//
// Nothing is built or written in the working tree except the .vsix: production bundles go to a staging
// folder (others keep using dist/), the package files and onnxruntime-node are copied there, and vsce runs
// in it with .vscodeignore narrowed to the target's binary folder.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// vsce target -> onnxruntime-node's bin/napi-v<N>/<os>/<arch> folder.
const TARGETS = {
  'linux-x64': ['linux', 'x64'],
  'linux-arm64': ['linux', 'arm64'],
  'darwin-x64': ['darwin', 'x64'],
  'darwin-arm64': ['darwin', 'arm64'],
  'win32-x64': ['win32', 'x64'],
  'win32-arm64': ['win32', 'arm64'],
};

/** Packages the bundles leave external and load at run time; each ships with its own production dependencies. */
const RUNTIME_PACKAGES = ['onnxruntime-node'];
/** Required by ws inside try/catch only; ws falls back to JavaScript when they are absent. */
const OPTIONAL_REQUIRES = new Set(['bufferutil', 'utf-8-validate']);
const BUNDLES = ['extension.js', 'modelhost.js', 'sessionreader.js', 'replayworker.js', 'cli.js', 'webview.js'];
const COPIED = ['README.md', 'CHANGELOG.md', 'LICENSE', 'bin', 'docs', 'media', 'models', 'samples', 'schemas'];
const ALL_BINARIES_LINE = '!node_modules/onnxruntime-node/bin/**';

class UsageError extends Error {}

function parseArgs(argv) {
  const options = { target: undefined, outDir: repoRoot, keepStaging: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === '--target') options.target = value();
    else if (arg.startsWith('--target=')) options.target = arg.slice('--target='.length);
    else if (arg === '--out-dir') options.outDir = resolve(value());
    else if (arg === '--keep-staging') options.keepStaging = true;
    else throw new UsageError(`unknown argument '${arg}' (expected --target <platform>, --out-dir <dir>, --keep-staging)`);
  }
  if (options.target === undefined) {
    options.target = `${process.platform}-${process.arch}`;
    if (!(options.target in TARGETS)) {
      throw new UsageError(`this machine (${options.target}) is not a supported target; pass --target, one of ${Object.keys(TARGETS).join(', ')}`);
    }
  } else if (!(options.target in TARGETS)) {
    throw new UsageError(`unknown target '${options.target}'; expected one of ${Object.keys(TARGETS).join(', ')}`);
  }
  return options;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** The target's binary folder inside onnxruntime-node, relative to the package (e.g. bin/napi-v6/linux/x64). */
function ortBinaryFolder(target) {
  const ortDir = join(repoRoot, 'node_modules', 'onnxruntime-node');
  if (!existsSync(join(ortDir, 'package.json'))) throw new UsageError('node_modules/onnxruntime-node is missing; run npm install');
  const ort = readJson(join(ortDir, 'package.json'));
  const [os, arch] = TARGETS[target];
  const napiVersions = ort.binary?.napi_versions ?? [];
  for (const napi of napiVersions) {
    const folder = `bin/napi-v${napi}/${os}/${arch}`;
    if (existsSync(join(ortDir, folder, 'onnxruntime_binding.node'))) return { folder, version: ort.version };
  }
  throw new UsageError(
    `onnxruntime-node ${ort.version} ships no binary for ${target} (no ${os}/${arch}/onnxruntime_binding.node under node_modules/onnxruntime-node/bin/napi-v${napiVersions.join('|v')})`,
  );
}

function run(command, args, cwd, what) {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], timeout: 10 * 60_000 });
  if (result.error) throw new UsageError(`${what} failed to run: ${result.error.message}`);
  if (result.status !== 0) throw new UsageError(`${what} exited with ${result.status ?? result.signal}`);
}

/** Every non-built-in package the production bundles require() must ship; fail before packaging if one does not. */
function checkExternalRequires(distDir) {
  const shipped = new Set(RUNTIME_PACKAGES);
  for (const bundle of BUNDLES) {
    const code = readFileSync(join(distDir, bundle), 'utf8');
    for (const match of code.matchAll(/\brequire\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      const name = match[1].startsWith('@') ? match[1].split('/').slice(0, 2).join('/') : match[1].split('/')[0];
      if (name === 'vscode' || name.startsWith('node:') || builtinModules.includes(name) || OPTIONAL_REQUIRES.has(name)) continue;
      if (!shipped.has(name)) throw new UsageError(`dist/${bundle} requires '${name}' at run time but the VSIX does not ship it (add it to RUNTIME_PACKAGES and .vscodeignore)`);
    }
  }
}

/** Node's lookup: the nearest node_modules/<name> walking up from the requiring package. */
function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === repoRoot || dirname(dir) === dir) return undefined;
  }
}

/** Copies the runtime packages and their production dependencies, keeping node_modules' layout, so `npm list` in the staging folder (run by vsce) is satisfied. */
function copyRuntimePackages(stagingDir) {
  const seen = new Set();
  const queue = RUNTIME_PACKAGES.map((name) => ({ name, from: repoRoot, optional: false }));
  while (queue.length) {
    const { name, from, optional } = queue.shift();
    const dir = resolvePackageDir(name, from);
    if (!dir) {
      if (optional) continue;
      throw new UsageError(`package '${name}' needed at run time is not installed (looked from ${relative(repoRoot, from) || '.'}); run npm install`);
    }
    if (seen.has(dir)) continue;
    seen.add(dir);
    cpSync(dir, join(stagingDir, relative(repoRoot, dir)), {
      recursive: true,
      // Nested node_modules are copied as packages of their own, only when something needs them.
      filter: (src) => !relative(dir, src).split(/[\\/]/).includes('node_modules'),
    });
    const pkg = readJson(join(dir, 'package.json'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: dir, optional: false });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ name: dep, from: dir, optional: true });
  }
}

/** The VSIX manifest: the repository's, depending only on what ships, with no scripts for vsce to run. */
function writeManifest(stagingDir) {
  const pkg = readJson(join(repoRoot, 'package.json'));
  const dependencies = {};
  for (const name of RUNTIME_PACKAGES) {
    if (!pkg.dependencies?.[name]) throw new UsageError(`package.json: "dependencies" has no '${name}', which the bundles load at run time`);
    dependencies[name] = pkg.dependencies[name];
  }
  const { scripts: _scripts, devDependencies: _dev, ...rest } = pkg;
  writeFileSync(join(stagingDir, 'package.json'), `${JSON.stringify({ ...rest, dependencies }, null, 2)}\n`);
  return pkg;
}

function writeIgnoreFile(stagingDir, binaryFolder, target) {
  const source = join(repoRoot, '.vscodeignore');
  if (!existsSync(source)) throw new UsageError('.vscodeignore is missing');
  const lines = readFileSync(source, 'utf8').split(/\r?\n/);
  const at = lines.findIndex((line) => line.trim() === ALL_BINARIES_LINE);
  if (at < 0) throw new UsageError(`.vscodeignore: no line '${ALL_BINARIES_LINE}' to narrow to the target's binary folder`);
  lines[at] = `!node_modules/onnxruntime-node/${binaryFolder}/**`;
  const file = join(stagingDir, `.vscodeignore-${target}`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

function vsceCli() {
  const require = createRequire(join(repoRoot, 'package.json'));
  let manifest;
  try {
    manifest = require.resolve('@vscode/vsce/package.json');
  } catch {
    throw new UsageError('@vscode/vsce is not installed; run npm install');
  }
  const bin = readJson(manifest).bin;
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin.vsce);
}

function formatMB(bytes) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const { target } = options;
  const binary = ortBinaryFolder(target);
  const vsce = vsceCli();
  for (const name of COPIED) {
    if (!existsSync(join(repoRoot, name))) throw new UsageError(`${name} is missing from the repository`);
  }
  mkdirSync(options.outDir, { recursive: true });

  const stagingDir = mkdtempSync(join(tmpdir(), `landmark-lens-vsix-${target}-`));
  const started = Date.now();
  try {
    run(process.execPath, ['esbuild.mjs', '--production', '--outdir', join(stagingDir, 'dist')], repoRoot, 'node esbuild.mjs --production');
    checkExternalRequires(join(stagingDir, 'dist'));
    for (const name of COPIED) cpSync(join(repoRoot, name), join(stagingDir, name), { recursive: true });
    copyRuntimePackages(stagingDir);
    const pkg = writeManifest(stagingDir);
    const ignoreFile = writeIgnoreFile(stagingDir, binary.folder, target);

    const vsix = join(options.outDir, `${pkg.name}-${pkg.version}-${target}.vsix`);
    run(
      process.execPath,
      // No repository URL is published yet: vsce would stop to ask for it, and would rewrite the README's
      // relative image links against it. The image ships in the VSIX, where the relative link resolves.
      [vsce, 'package', '--target', target, '--ignoreFile', ignoreFile, '--out', vsix, '--allow-missing-repository', '--no-rewrite-relative-links'],
      stagingDir,
      'vsce package',
    );

    const binaryDir = join(stagingDir, 'node_modules', 'onnxruntime-node', binary.folder);
    const binaryFiles = readdirSync(binaryDir).sort();
    const binaryBytes = binaryFiles.reduce((sum, f) => sum + statSync(join(binaryDir, f)).size, 0);
    const shown = relative(process.cwd(), vsix);
    console.log(`package-vsix: ${shown.startsWith('..') ? vsix : shown}: ${formatMB(statSync(vsix).size)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(
      `package-vsix: carries onnxruntime-node ${binary.version} ${binary.folder} (${binaryFiles.join(', ')}; ${formatMB(binaryBytes)} uncompressed)`,
    );
  } finally {
    if (options.keepStaging) console.log(`package-vsix: staging folder kept at ${stagingDir}`);
    else rmSync(stagingDir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`package-vsix: ${err.message}`);
  process.exit(2);
}
