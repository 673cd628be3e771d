// `npm run package -- --target <platform>` for real: vsce builds the VSIX, the tests open it as a zip.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractZip, readZipEntries, readZipEntry, type ZipEntry } from './zipArchive';

const ROOT = process.cwd();
const SCRIPT = join(ROOT, 'scripts', 'package-vsix.mjs');
const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const ORT = 'extension/node_modules/onnxruntime-node';
const MB = 1024 * 1024;

// Measured with onnxruntime-node 1.30: linux-x64 18.5 MB, win32-x64 28.9 MB before the hand detector, whose
// files add ~10.8 MB compressed (the WASM, the packed palm models and two landmark models); a universal VSIX
// with every platform's binary is several times larger.
const SIZE_BOUND = { 'linux-x64': 35 * MB, 'win32-x64': 45 * MB } as const;

/** Everything a VSIX may hold; anything else (src, test, bench, maps, training, bundled-in packages) is a leak. */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/(package\.json|readme\.md|changelog\.md|LICENSE\.txt)$/,
  /^extension\/dist\/(extension|modelhost|sessionreader|replayworker|cli|webview|toolkit\.min|detector)\.js$/,
  /^extension\/dist\/hands\/[^/]+$/,
  /^extension\/bin\/landmark-lens\.js$/,
  /^extension\/docs\/[^/]+\.png$/,
  /^extension\/media\/walkthrough\/[^/]+\.md$/,
  /^extension\/models\/(demo\.onnx|demo\.onnx\.profile\.json|README\.md)$/,
  /^extension\/samples\/([^/]+\.landmarks\.jsonl|README\.md|LICENSE-[^/]+\.txt)$/,
  /^extension\/schemas\/[^/]+\.json$/,
  /^extension\/node_modules\/onnxruntime-common\/(package\.json|README\.md|dist\/cjs\/[^/]+\.(js|json))$/,
  /^extension\/node_modules\/onnxruntime-node\/(package\.json|README\.md|dist\/[^/]+\.js|bin\/napi-v\d+\/[^/]+\/[^/]+\/[^/]+)$/,
];

interface Packaged {
  vsix: string;
  zip: Buffer;
  entries: ZipEntry[];
  names: string[];
  stdout: string;
}

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function runPackager(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 5 * 60_000 });
}

function packageFor(target: 'linux-x64' | 'win32-x64'): Packaged {
  const outDir = tempDir(`ll-vsix-test-${target}-`);
  const r = runPackager('--target', target, '--out-dir', outDir);
  assert.equal(r.status, 0, `packaging ${target} failed:\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  const vsix = join(outDir, `landmark-lens-${VERSION}-${target}.vsix`);
  assert.ok(existsSync(vsix), `${vsix} was not written; found ${readdirSync(outDir).join(', ')}`);
  const zip = readFileSync(vsix);
  const entries = readZipEntries(zip);
  return { vsix, zip, entries, names: entries.map((e) => e.name), stdout: r.stdout };
}

function binaryFolders(names: string[]): string[] {
  const folders = new Set<string>();
  for (const n of names) {
    const m = /^extension\/node_modules\/onnxruntime-node\/bin\/napi-v\d+\/([^/]+\/[^/]+)\//.exec(n);
    if (m) folders.add(m[1]);
  }
  return [...folders].sort();
}

function entryText(p: Packaged, name: string): string {
  const entry = p.entries.find((e) => e.name === name);
  assert.ok(entry, `${name} missing from the VSIX`);
  return readZipEntry(p.zip, entry).toString('utf8');
}

let linux: Packaged;
let win32: Packaged;
/** The linux-x64 VSIX unpacked outside the repository, so nothing resolves from the repository's node_modules. */
let extracted: string;

before(() => {
  linux = packageFor('linux-x64');
  win32 = packageFor('win32-x64');
  extracted = tempDir('ll-vsix-extracted-');
  extractZip(linux.zip, extracted);
});

test('linux-x64 VSIX: the bundles, the demo model and only the linux/x64 onnxruntime binary', () => {
  // docs/replay-panel.png: the README's image, linked relatively, so it must ship beside the readme. The real
  // sample's Apache-2.0 licence ships with it.
  for (const name of ['samples/asl-hand.landmarks.jsonl', 'samples/LICENSE-tfjs-models.txt', 'dist/extension.js', 'dist/modelhost.js', 'dist/sessionreader.js', 'dist/replayworker.js', 'dist/webview.js', 'dist/cli.js', 'dist/toolkit.min.js', 'models/demo.onnx', 'bin/landmark-lens.js', 'docs/replay-panel.png']) {
    assert.ok(linux.names.includes(`extension/${name}`), `extension/${name} missing`);
  }
  assert.deepEqual(binaryFolders(linux.names), ['linux/x64']);
  assert.ok(linux.names.some((n) => n.startsWith(`${ORT}/bin/`) && n.endsWith('/linux/x64/onnxruntime_binding.node')));
  assert.ok(linux.names.some((n) => n.endsWith('/linux/x64/libonnxruntime.so.1')));
  assert.ok(!linux.names.some((n) => /\.(dll|dylib)$/.test(n)), 'no Windows or macOS libraries');
  assert.match(linux.stdout, /carries onnxruntime-node \S+ bin\/napi-v\d+\/linux\/x64 \(/);
});

test('linux-x64 VSIX: every page the walkthrough shows', () => {
  const walkthroughs: { steps: { media: Record<string, string> }[] }[] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes.walkthroughs;
  const pages = walkthroughs.flatMap((w) => w.steps.flatMap((s) => Object.entries(s.media).filter(([k]) => k !== 'altText').map(([, v]) => v)));
  assert.ok(pages.length >= 3, `walkthrough pages: ${pages.join(', ')}`);
  for (const page of pages) assert.ok(linux.names.includes(`extension/${page}`), `extension/${page} missing`);
});

test('the VSIX carries the hand detector: its page and exactly the @mediapipe/hands files loaded at run time', () => {
  assert.ok(linux.names.includes('extension/dist/detector.js'));
  const hands = linux.names.filter((n) => n.startsWith('extension/dist/hands/')).map((n) => n.slice('extension/dist/hands/'.length)).sort();
  assert.deepEqual(hands, [
    'hand_landmark_full.tflite', 'hand_landmark_lite.tflite', 'hands.binarypb', 'hands.js', 'hands_solution_packed_assets.data',
    'hands_solution_packed_assets_loader.js', 'hands_solution_simd_wasm_bin.js', 'hands_solution_simd_wasm_bin.wasm',
  ]);
});

test('win32-x64 VSIX: only the win32/x64 onnxruntime binary', () => {
  assert.deepEqual(binaryFolders(win32.names), ['win32/x64']);
  assert.ok(win32.names.some((n) => n.endsWith('/win32/x64/onnxruntime_binding.node')));
  assert.ok(win32.names.some((n) => n.endsWith('/win32/x64/onnxruntime.dll')));
  assert.ok(!win32.names.some((n) => /\.(so(\.\d+)*|dylib)$/.test(n)), 'no Linux or macOS libraries');
  assert.ok(win32.names.includes('extension/dist/modelhost.js'));
  assert.match(win32.stdout, /carries onnxruntime-node \S+ bin\/napi-v\d+\/win32\/x64 \(/);
});

test('each VSIX holds only allowed files: no src, test, bench, source maps or inlined packages', () => {
  for (const p of [linux, win32]) {
    const leaks = p.names.filter((n) => !n.endsWith('/') && !ALLOWED.some((re) => re.test(n)));
    assert.deepEqual(leaks, [], `${p.vsix} carries unexpected files`);
    assert.ok(!p.names.some((n) => /^extension\/(src|test|bench)\//.test(n)));
    assert.ok(!p.names.some((n) => n.endsWith('.map') || n.includes('/training/') || n.includes('node_modules/ws/')));
  }
});

test('each VSIX is below its size bound and declares its target platform', () => {
  for (const [p, target] of [[linux, 'linux-x64'], [win32, 'win32-x64']] as const) {
    const size = readFileSync(p.vsix).length;
    assert.ok(size < SIZE_BOUND[target], `${target}: ${(size / MB).toFixed(1)} MB, bound ${SIZE_BOUND[target] / MB} MB`);
    assert.match(entryText(p, 'extension.vsixmanifest'), new RegExp(`TargetPlatform="${target}"`));
  }
});

test('the packaged manifest depends only on what ships and has no scripts; bundles are production builds', () => {
  const manifest = JSON.parse(entryText(linux, 'extension/package.json'));
  assert.deepEqual(Object.keys(manifest.dependencies), ['onnxruntime-node']);
  assert.equal(manifest.scripts, undefined);
  assert.equal(manifest.devDependencies, undefined);
  assert.equal(manifest.main, './dist/extension.js');
  const extension = entryText(linux, 'extension/dist/extension.js');
  assert.ok(!extension.includes('sourceMappingURL'), 'production bundles carry no source map link');
  assert.ok(extension.split('\n').length < 100, 'production bundles are minified');
});

test('the extracted linux-x64 VSIX runs on its own: inspect-model and analyze through its model host', () => {
  const dir = extracted;
  const ext = join(dir, 'extension');
  const env = { ...process.env, NODE_PATH: '' };
  const cli = (bin: string, ...args: string[]) =>
    spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', env, timeout: 120_000 });

  const inspect = cli(join(ext, 'bin', 'landmark-lens.js'), 'inspect-model', join(ext, 'models', 'demo.onnx'));
  assert.equal(inspect.status, 0, inspect.stderr);
  assert.match(inspect.stdout, /^input: +\S+ \[batch, sequence, 63\]$/m);
  assert.match(inspect.stdout, /^output: +\S+ \[batch, 29\]$/m);

  // The packaged (minified, production) CLI gives byte-identical records to the working tree's build.
  const session = join(ext, 'samples', 'hello-world.landmarks.jsonl');
  const packaged = cli(join(ext, 'bin', 'landmark-lens.js'), 'analyze', session);
  const working = cli(join(ROOT, 'bin', 'landmark-lens.js'), 'analyze', session, '--model', join(ext, 'models', 'demo.onnx'));
  assert.equal(packaged.status, 0, packaged.stderr);
  assert.equal(working.status, 0, working.stderr);
  const records = packaged.stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.ok(records.filter((r) => r.status === 'ready' && Array.isArray(r.probs)).length > 100, 'the model ran on many windows');
  assert.equal(packaged.stdout, working.stdout);
});

test('VS Code installs the linux-x64 VSIX and the installed extension replays the sample through its model host', () => {
  // The transcript the packaged CLI decodes from the packaged sample is what the replay editor must show.
  const ext = join(extracted, 'extension');
  const summary = spawnSync(
    process.execPath,
    [join(ext, 'bin', 'landmark-lens.js'), 'analyze', join(ext, 'samples', 'hello-world.landmarks.jsonl'), '--format', 'summary'],
    { cwd: extracted, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(summary.status, 0, summary.stderr);
  const expected: string = JSON.parse(summary.stdout).transcript;
  assert.ok(expected.length > 0, 'the sample decodes to a non-empty transcript');

  // VS Code Server's --install-extension, then the workbench in headless Chromium runs
  // "Landmark Lens: Replay Sample Session" with no extension under development loaded.
  const driver = join(ROOT, 'test', 'unit', 'packaging', 'openInstalledVsix.mjs');
  const r = spawnSync(process.execPath, [driver, linux.vsix, expected], { cwd: ROOT, encoding: 'utf8', timeout: 20 * 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!);
  assert.deepEqual(
    result.installed.map((e: { identifier: { id: string }; version: string }) => [e.identifier.id, e.version]),
    [['landmark-lens.landmark-lens', VERSION]],
  );
  assert.equal(result.transcript, expected, r.stderr);
});

test('bad targets and arguments: one clear line, exit 2, no stack trace, no VSIX', () => {
  const outDir = tempDir('ll-vsix-bad-');
  const cases: [string[], RegExp][] = [
    [['--target', 'solaris-sparc'], /^package-vsix: unknown target 'solaris-sparc'; expected one of linux-x64, linux-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64$/],
    [['--target'], /^package-vsix: --target needs a value$/],
    [['--platform', 'linux-x64'], /^package-vsix: unknown argument '--platform'/],
  ];
  // onnxruntime-node 1.30 dropped Intel macOS; a target without a binary must say so, not ship an empty VSIX.
  const ortRoot = join(ROOT, 'node_modules', 'onnxruntime-node', 'bin');
  const hasDarwinX64 = readdirSync(ortRoot).some((napi) => existsSync(join(ortRoot, napi, 'darwin', 'x64', 'onnxruntime_binding.node')));
  if (!hasDarwinX64) cases.push([['--target', 'darwin-x64'], /^package-vsix: onnxruntime-node \S+ ships no binary for darwin-x64 \(no darwin\/x64\/onnxruntime_binding\.node under /]);
  for (const [args, expected] of cases) {
    const r = runPackager(...args, '--out-dir', outDir);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], expected);
  }
  assert.deepEqual(readdirSync(outDir), []);
});
