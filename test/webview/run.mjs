// Layer 2: the webview bundle in real headless Chromium, fed with real pipeline output.
// 1. makes sessions with the synthesizer (`landmark-lens synth`) and runs them through the project's
//    pipeline (core reader, model host with onnxruntime-node, replaySession) into protocol messages;
// 2. serves a page per theme that stubs acquireVsCodeApi, sets VS Code's --vscode-* variables and a
//    strict nonce CSP, and loads dist/toolkit.min.js and dist/webview.js;
// 3. drives it (cases.mjs) and prints `webview: N passed, N failed`; screenshots go to test-results/webview/.
// Usage: node test/webview/run.mjs [name filter]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { THEMES } from './themes.mjs';
import { CASES } from './cases.mjs';
import { CAMERA_CASES } from './cameraCases.mjs';
import { LIVE_CAMERA_CASES } from './liveCameraCases.mjs';
import { ATTRIBUTION_CASES } from './attributionCases.mjs';
import { startPageServer } from './pageServer.mjs';
import { testPageHtml } from './testPage.mjs';
import { launchChromium } from '../hosts/browser.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const resultsDir = join(root, 'test-results', 'webview');
const filter = process.argv[2] ?? '';

function fail(message) {
  console.error(`webview: ${message}`);
  console.log('webview: 0 passed, 1 failed');
  process.exit(1);
}

for (const f of ['dist/webview.js', 'dist/test/webview/harness.js', 'dist/cli.js', 'dist/modelhost.js']) {
  if (!existsSync(join(root, f))) fail(`${f} is missing: run \`node esbuild.mjs\` first`);
}

// The producer runs the pipeline in Node; it is bundled here (the build's test pages are browser bundles).
await esbuild.build({
  entryPoints: [join(root, 'test/webview/producer/produce.ts')],
  outfile: join(root, 'dist/test/webview-node/produce.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'onnxruntime-node'],
  logLevel: 'warning',
});

// The protocol's boundary checks, to hold every message the webview posts to them.
await esbuild.build({
  entryPoints: [join(root, 'src/protocol/messages.ts')],
  outfile: join(root, 'dist/test/webview-node/protocol.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const protocol = await import(pathToFileURL(join(root, 'dist/test/webview-node/protocol.mjs')).href);

const work = mkdtempSync(join(tmpdir(), 'landmark-lens-webview-'));
mkdirSync(resultsDir, { recursive: true });

function run(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) fail(`${what} failed: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
  return r.stdout;
}

const demoModel = join(root, 'models', 'demo.onnx');
const fixtureModel = join(root, 'test', 'fixtures', 'models', 'seq-flat-29.onnx');
const model = existsSync(demoModel) ? demoModel : fixtureModel;
if (model !== demoModel) console.log(`webview: models/demo.onnx is not there yet; using ${model.slice(root.length + 1)}`);

function synth(text, name, extra = []) {
  const out = join(work, `${name}.landmarks.jsonl`);
  run(['bin/landmark-lens.js', 'synth', text, '--out', out, ...extra], `synth ${text}`);
  return out;
}

function produce(session, name, chunk = 64, compareProfile = null, withModel = model) {
  const out = join(work, `${name}.messages.json`);
  run(['dist/test/webview-node/produce.js', session, withModel, out, String(chunk), compareProfile ?? '-'], `pipeline on ${name}`);
  return readFileSync(out, 'utf8');
}

const started = Date.now();
const sessions = {};
sessions.hello = synth('HELLO', 'hello', ['--seed', '3']);
sessions.practice = synth('BAD', 'practice', ['--seed', '5', '--practice']);
sessions.letters = synth('ABLVY', 'letters', ['--seed', '7', '--hand', 'right']);
// A damaged copy of the HELLO session: one line is not JSON, one frame has 20 points.
{
  const lines = readFileSync(sessions.hello, 'utf8').split('\n');
  const frameLines = lines.map((l, i) => [l, i]).filter(([l]) => l.includes('"frame"'));
  const [, brokenAt] = frameLines[90];
  lines[brokenAt] = lines[brokenAt].slice(0, 40);
  const [shortLine, shortAt] = frameLines[120];
  const record = JSON.parse(shortLine);
  if (record.hands?.[0]) record.hands[0].landmarks.pop();
  lines[shortAt] = JSON.stringify(record);
  sessions.bad = join(work, 'bad.landmarks.jsonl');
  writeFileSync(sessions.bad, lines.join('\n'));
}
// The ABLVY session with labels the model has no class for: a phrase and a letter outside A-Z.
{
  let k = 0;
  const texts = ['A', 'hello world', 'Ä'];
  const lines = readFileSync(sessions.letters, 'utf8').split('\n').map((line) => {
    if (!line.includes('"label"')) return line;
    const record = JSON.parse(line);
    record.text = texts[k++] ?? record.text;
    return JSON.stringify(record);
  });
  sessions.unknownLabels = join(work, 'unknown-labels.landmarks.jsonl');
  writeFileSync(sessions.unknownLabels, lines.join('\n'));
}
// A session whose strings hold markup: the header's source, a label, and a bad line's value (in the banner).
{
  const lines = readFileSync(sessions.hello, 'utf8').split('\n');
  const header = JSON.parse(lines[0]);
  header.source = '<img src=x onerror="window.__pwned=1">';
  lines[0] = JSON.stringify(header);
  lines.push(JSON.stringify({ type: 'label', t0: 0, t1: 500, text: '<script>window.__pwned=2</script><b>H</b>' }));
  const frameAt = lines.findIndex((l, i) => i > 200 && l.includes('"frame"'));
  const record = JSON.parse(lines[frameAt]);
  record.hands[0].handedness = '<b onclick=x>L</b>';
  lines[frameAt] = JSON.stringify(record);
  sessions.markup = join(work, 'markup.landmarks.jsonl');
  writeFileSync(sessions.markup, lines.join('\n'));
}
// Real MediaPipe landmarks of real signing (read-only shared data, never copied into the repo).
const realPose = join(root, '..', 'shared', 'data', 'real', 'pose', 'mediapipe.pose');
if (!existsSync(realPose)) fail(`${realPose} is missing (the shared test data)`);
sessions.real = realPose;
// Real camera frames with their reference landmarks (the ASL clip, 620x1080): a session with an images
// sidecar, as Replay Video or Images writes it, linking the shared JPEGs rather than copying them.
const handsData = join(root, '..', 'shared', 'data', 'real', 'hands');
const cameraFrames = 100;
{
  const reference = JSON.parse(readFileSync(join(handsData, 'asl_hand.full.json'), 'utf8'));
  const header = { type: 'header', format: 'landmark-session', version: 1, fps: 25, source: 'asl_hand_frames', images: 'camera.images', width: 620, height: 1080 };
  const lines = [JSON.stringify(header)];
  mkdirSync(join(work, 'camera.images'));
  for (let f = 0; f < cameraFrames; f++) {
    // x, y and z in pixels of the 620 px wide frame, as the session sample divides them.
    const landmarks = reference[f].map(([x, y, z]) => [x / 620, y / 1080, z / 620]);
    lines.push(JSON.stringify({ type: 'frame', t: f * 40, hands: [{ handedness: 'Right', score: 0.99, landmarks }] }));
    symlinkSync(join(handsData, 'asl_hand_frames', `${String(f + 1).padStart(3, '0')}.jpg`), join(work, 'camera.images', `${String(f).padStart(6, '0')}.jpg`));
  }
  sessions.camera = join(work, 'camera.landmarks.jsonl');
  writeFileSync(sessions.camera, lines.join('\n') + '\n');
}
const sample = join(root, 'samples', 'practice-targets.landmarks.jsonl');
if (existsSync(sample)) sessions.sample = sample;
const data = {};
for (const [name, path] of Object.entries(sessions)) data[name] = produce(path, name, name === 'hello' ? 48 : 64);
// Comparisons: the model against itself with a slower smoothing (a weaker profile), and against itself with three
// labels renamed (a model with other labels).
{
  if (!existsSync(`${model}.profile.json`)) fail(`${model}.profile.json is missing (the comparisons change its profile)`);
  const profile = JSON.parse(readFileSync(`${model}.profile.json`, 'utf8'));
  const slower = join(work, 'slower.profile.json');
  writeFileSync(slower, JSON.stringify({ ...profile, smoothingWindow: 12 }));
  const renamed = join(work, 'renamed.profile.json');
  writeFileSync(renamed, JSON.stringify({ ...profile, labels: profile.labels.map((l) => ({ SPACE: 'space', DELETE: 'del', NOTHING: 'none' })[l] ?? l) }));
  data.compareSlower = produce(sessions.hello, 'compare-slower', 48, slower);
  data.compareRenamed = produce(sessions.hello, 'compare-renamed', 48, renamed);
}
// The HELLO session with point 1 left of the wrist in frames 100-102, through a model whose output is NaN
// where it is (nonfinite-some-29.onnx): those windows, and any of the session's own, count as uniform.
{
  let frame = -1;
  const lines = readFileSync(sessions.hello, 'utf8').split('\n').map((line) => {
    if (!line.includes('"frame"')) return line;
    frame++;
    if (frame < 100 || frame > 102) return line;
    const record = JSON.parse(line);
    const [wrist, point] = record.hands[0].landmarks;
    point[0] = wrist[0] - 0.01;
    return JSON.stringify(record);
  });
  const path = join(work, 'nonfinite.landmarks.jsonl');
  writeFileSync(path, lines.join('\n'));
  const someNaN = join(root, 'test', 'fixtures', 'models', 'nonfinite-some-29.onnx');
  data.nonFinite = produce(path, 'nonfinite', 48, null, someNaN);
  // The same session through the demo model, compared with the one whose output is NaN there.
  data.compareNonFinite = produce(path, 'compare-nonfinite', 48, someNaN);
}
console.log(`webview: pipeline output for ${Object.keys(data).length} sessions in ${Date.now() - started} ms (model ${model.slice(root.length + 1)})`);

// --- the page server -------------------------------------------------------------------------------

const server = await startPageServer(root, (origin, url) =>
  testPageHtml(origin, url.searchParams.get('theme') ?? 'dark', url.searchParams.get('toolkit') !== 'no'),
);
const origin = server.origin;

// --- the browser -----------------------------------------------------------------------------------
const browser = await launchChromium();

/** A fresh context (own user data) and page on the test page, with the webview loaded and `ready` posted. */
async function openPage({ theme = 'dark', width = 1280, height = 1000, reducedMotion = 'no-preference', toolkit = true } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, reducedMotion, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  await page.goto(`${origin}/page?theme=${theme}${toolkit ? '' : '&toolkit=no'}`);
  await page.waitForFunction(() => window.harness?.posted.some((m) => m.type === 'ready'), null, { timeout: 10_000 });
  return { page, context, errors };
}

const ctx = {
  data,
  expected: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, JSON.parse(v).expected])),
  openPage,
  protocol,
  resultsDir,
  /** The camera session's images folder (frame n: <n, 6 digits>.jpg). */
  cameraImages: join(work, 'camera.images'),
  themes: Object.keys(THEMES),
  screenshot: (page, name, options = {}) => page.screenshot({ path: join(resultsDir, `${name}.png`), ...options }),
};

let passed = 0;
let failed = 0;
for (const test of [...CASES, ...CAMERA_CASES, ...LIVE_CAMERA_CASES, ...ATTRIBUTION_CASES]) {
  if (filter && !test.name.includes(filter)) continue;
  const t0 = Date.now();
  let timer;
  try {
    await Promise.race([
      test.run(ctx),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out after 60 s')), 60_000);
      }),
    ]);
    passed++;
    console.log(`  ✔ ${test.name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failed++;
    console.log(`  ✖ ${test.name}: ${String(err?.message ?? err).split('\n').slice(0, 6).join('\n      ')}`);
  } finally {
    clearTimeout(timer);
  }
}

await browser.close();
server.close();
rmSync(work, { recursive: true, force: true });
console.log(`webview: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
