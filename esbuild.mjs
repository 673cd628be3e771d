// Builds every bundle in one run: extension, model host, CLI, webviews, test suites.
// Usage: node esbuild.mjs [--watch] [--production] [--outdir <dir>]
// --outdir writes the bundles somewhere other than dist/ (packaging builds into a staging folder).
import * as esbuild from 'esbuild';
import { readdirSync, statSync, mkdirSync, copyFileSync, existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipelineVersionPlugin } from './scripts/pipelineVersion.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const outdirFlag = process.argv.indexOf('--outdir');
const outRoot = outdirFlag >= 0 ? process.argv[outdirFlag + 1] : 'dist';
if (!outRoot || outRoot.startsWith('--')) {
  console.error('esbuild.mjs: --outdir needs a directory');
  process.exit(2);
}

function findFiles(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  // Symbolic links are not followed: bench/models links to a shared folder, which may be missing or a loop.
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findFiles(full, suffix));
    else if (entry.isFile() && full.endsWith(suffix)) out.push(full);
  }
  return out.sort();
}

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  // The results cache key's pipeline version, a hash of the pipeline's source (scripts/pipelineVersion.mjs).
  plugins: [pipelineVersionPlugin(fileURLToPath(new URL('.', import.meta.url)))],
};

const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'onnxruntime-node', 'playwright-core', 'mocha', '@vscode/test-electron', 'eslint', 'glob'],
};

const builds = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: outRoot },
  { ...nodeCommon, entryPoints: { modelhost: 'src/modelhost/main.ts' }, outdir: outRoot },
  // Worker thread that parses a byte range of a large session file (src/core/session/parallelSessionRead.ts).
  { ...nodeCommon, entryPoints: { sessionreader: 'src/core/session/sessionRangeWorker.ts' }, outdir: outRoot },
  // Worker thread that holds the replay panels' sessions and analyses (src/replayworker).
  { ...nodeCommon, entryPoints: { replayworker: 'src/replayworker/main.ts' }, outdir: outRoot },
  { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, outdir: outRoot },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: { webview: 'src/webview/main.ts' },
    outdir: outRoot,
    loader: { '.css': 'text' },
  },
  // The hand detector's page (src/detector): headless Chromium for the CLI; a webview can host the same module.
  { ...common, platform: 'browser', format: 'iife', target: 'chrome120', entryPoints: { detector: 'src/detector/headlessPage.ts' }, outdir: outRoot },
];

// Unit tests: one bundle per test file, run by `node --test`.
const unitTests = findFiles('test/unit', '.test.ts');
if (unitTests.length) {
  builds.push({
    ...nodeCommon,
    entryPoints: Object.fromEntries(unitTests.map((f) => [relative('test/unit', f).replace(/\.ts$/, ''), f])),
    outdir: join(outRoot, 'test/unit'),
  });
}

// Integration suites: the mocha run() entry plus every *.test.ts, loaded by VS Code's extension host.
const integrationTests = findFiles('test/integration', '.ts');
if (integrationTests.length) {
  builds.push({
    ...nodeCommon,
    entryPoints: Object.fromEntries(
      integrationTests.map((f) => [relative('test/integration', f).replace(/\.ts$/, ''), f]),
    ),
    outdir: join(outRoot, 'test/integration'),
  });
}

// Webview test helpers that run inside Chromium pages.
const webviewTestPages = findFiles('test/webview/pages', '.ts');
if (webviewTestPages.length) {
  builds.push({
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: Object.fromEntries(
      webviewTestPages.map((f) => [relative('test/webview/pages', f).replace(/\.ts$/, ''), f]),
    ),
    outdir: join(outRoot, 'test/webview'),
  });
}

// Benchmark helpers written in TypeScript (run by the bench/*.mjs scripts).
const benchEntries = findFiles('bench', '.ts');
if (benchEntries.length) {
  builds.push({
    ...nodeCommon,
    entryPoints: Object.fromEntries(benchEntries.map((f) => [relative('bench', f).replace(/\.ts$/, ''), f])),
    outdir: join(outRoot, 'bench'),
  });
}

// Test bundles of moved or deleted test files would otherwise stay behind and run again.
rmSync(join(outRoot, 'test'), { recursive: true, force: true });
mkdirSync(outRoot, { recursive: true });
// The toolkit ships a ready browser bundle; it is served as-is from dist/ (see src/webview/toolkit.ts).
const toolkit = 'node_modules/@vscode/webview-ui-toolkit/dist/toolkit.min.js';
if (existsSync(toolkit)) copyFileSync(toolkit, join(outRoot, 'toolkit.min.js'));
// The files of @mediapipe/hands the detector loads at run time (SIMD WASM: every Chromium since 91 has it;
// the lite landmark model for modelComplexity 0), served from dist/hands/. A test checks this list
// against what the page requests.
const HANDS_RUNTIME_FILES = [
  'hands.js', 'hands.binarypb', 'hands_solution_packed_assets_loader.js', 'hands_solution_packed_assets.data',
  'hands_solution_simd_wasm_bin.js', 'hands_solution_simd_wasm_bin.wasm', 'hand_landmark_full.tflite', 'hand_landmark_lite.tflite',
];
mkdirSync(join(outRoot, 'hands'), { recursive: true });
for (const file of HANDS_RUNTIME_FILES) {
  const from = join('node_modules/@mediapipe/hands', file);
  const to = join(outRoot, 'hands', file);
  if (existsSync(from) && (!existsSync(to) || statSync(to).mtimeMs < statSync(from).mtimeMs)) copyFileSync(from, to);
}

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`esbuild: watching ${builds.length} bundles`);
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: ${builds.length} bundles in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
