// Live server load benchmark: N clients (default 10) each streaming real-looking landmark frames at F fps
// (default 30) for S seconds (default 20) to `landmark-lens serve`, once per model: the bundled demo model
// and the seed-size model (bench/models/seed.onnx, made by bench/make_seed_model.py).
// Reports per model: frames sent and processed, drops (backpressure), replies, reply latency p50/p99
// (reply arrival minus the send time of that client's latest frame before it), the server's own inference
// latency and mean batch, the CPU of the server, its model host(s) and this generator, the load average,
// and the RSS of the server and its model host over time (it must stay bounded).
// The generator runs on the same machine as the server: it sends pre-encoded messages, so that its own
// cost stays small, and its CPU is printed beside the server's.
// Usage: node esbuild.mjs && node bench/live-load.mjs [--clients 10] [--fps 30] [--seconds 20] [--max-batch 32]
//        [--hosts N] [--heap-limit MB] [--model m.onnx ...] [--json]   (--max-batch 1: every window its own model call;
//        --heap-limit: the server's V8 old space, to tell garbage from retained memory; --json: a last line
//        with every model's figures as JSON)
import { spawn, execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { WebSocket } = require('ws');

function flag(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
}
const clients = Number(flag('--clients', 10));
const fps = Number(flag('--fps', 30));
const seconds = Number(flag('--seconds', 20));
const maxBatch = flag('--max-batch', '32');
// Model hosts of the server (serve --hosts); absent: serve's default.
const hosts = flag('--hosts', '');
// A small old-space limit for the server: garbage is collected within it, retained memory would crash it.
const heapLimit = flag('--heap-limit', '');
const json = process.argv.includes('--json');
const explicitModels = process.argv.flatMap((a, i) => (a === '--model' ? [process.argv[i + 1]] : []));

if (!existsSync(join(root, 'dist', 'cli.js'))) {
  console.error('bench/live-load: dist/cli.js is missing; run `node esbuild.mjs` first');
  process.exit(2);
}

/** Frames of the sample sessions (hands only), as the wire's [[x, y, z] x 21]. */
function loadFrames() {
  const dir = join(root, 'samples');
  const frames = [];
  for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
    if (!name.endsWith('.landmarks.jsonl')) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!line.includes('"frame"')) continue;
      const record = JSON.parse(line);
      const hand = record.hands?.[0];
      if (hand) frames.push(hand.landmarks);
    }
  }
  if (frames.length === 0) {
    const fixture = join(root, 'test', 'fixtures', 'models', 'session-a.landmarks.jsonl');
    for (const line of readFileSync(fixture, 'utf8').split('\n')) {
      if (line.includes('"frame"')) frames.push(JSON.parse(line).hands[0].landmarks);
    }
  }
  return frames;
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function rssMB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system) of a process so far, from /proc (NaN when gone or not Linux). */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return NaN;
  }
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

function childPids(pid) {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function startServer(model) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'landmark-lens.js'), 'serve', '--port', '0', '--model', model, '--stats-every', '0', '--max-batch', maxBatch, '--no-detector', ...(hosts ? ['--hosts', hosts] : [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: heapLimit ? { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heapLimit}` } : process.env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (ws:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], output: () => out });
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err.trim() || out.trim()}`)));
  });
}

async function runClient(url, messages, offset, until) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const stats = { sent: 0, replies: 0, errors: 0, latencies: [] };
  let lastSent = 0;
  socket.on('message', (data) => {
    const now = performance.now();
    stats.replies++;
    if (data.includes('"error"')) stats.errors++;
    else stats.latencies.push(now - lastSent);
  });
  const started = performance.now();
  for (let i = 0; performance.now() < until; i++) {
    const due = started + (i * 1000) / fps;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    lastSent = performance.now();
    socket.send(messages[(offset + i) % messages.length]);
    stats.sent++;
  }
  await new Promise((r) => setTimeout(r, 500));
  await new Promise((resolve) => {
    socket.once('close', resolve);
    socket.close(1000);
  });
  return stats;
}

async function bench(model, messages) {
  const { child, url, output } = await startServer(model);
  const rss = [];
  const hosts = new Set();
  const hostCpu = new Map();
  // The model hosts are up before serve listens; their ids are looked up now and after the run, not each
  // second: pgrep is a process started synchronously, which held this generator's event loop for 25-90 ms
  // at load 5-9, so the frames due meanwhile went out late and together, and replies arriving meanwhile
  // were stamped late. (A host restarted mid-run is in the end figures, not in the RSS samples.)
  const hostPids = childPids(child.pid);
  const sampler = setInterval(() => {
    const host = hostPids;
    for (const p of host) {
      hosts.add(p);
      const cpu = cpuSeconds(p);
      if (Number.isFinite(cpu)) hostCpu.set(p, cpu);
    }
    rss.push({ t: rss.length, server: rssMB(child.pid), host: host.reduce((s, p) => s + rssMB(p), 0) });
  }, 1000);
  try {
    const serverCpu0 = cpuSeconds(child.pid);
    const hostCpu0 = new Map(hostPids.map((p) => [p, cpuSeconds(p)]));
    const ownCpu0 = process.cpuUsage();
    const load0 = loadavg();
    const t0 = performance.now();
    const until = t0 + seconds * 1000;
    const results = await Promise.all(
      Array.from({ length: clients }, (_, c) => runClient(url, messages, Math.floor((c * messages.length) / clients), until)),
    );
    await new Promise((r) => setTimeout(r, 300));
    clearInterval(sampler);
    const wall = (performance.now() - t0) / 1000;
    for (const p of childPids(child.pid)) hostCpu.set(p, cpuSeconds(p));
    const serverCpu = (cpuSeconds(child.pid) - serverCpu0) / wall;
    const modelHostCpu = [...hostCpu].reduce((s, [p, cpu]) => s + cpu - (hostCpu0.get(p) ?? 0), 0) / wall;
    const own = process.cpuUsage(ownCpu0);
    const generatorCpu = (own.user + own.system) / 1e6 / wall;
    const load1 = loadavg();
    child.kill('SIGINT');
    await new Promise((r) => child.once('exit', r));
    const text = output();
    const left = [...text.matchAll(/client \d+ left \(code \d+\): (\d+) frames, (\d+) replies, (\d+) dropped, (\d+) errors/g)];
    const dropped = left.reduce((s, m) => s + Number(m[3]), 0);
    const received = left.reduce((s, m) => s + Number(m[1]), 0);
    const final = /stopping: .*latency p50 ([\d.]+) ms p95 ([\d.]+) ms.*?(\d+) windows in (\d+) model calls \(mean batch ([\d.-]+)/.exec(text);
    const latencies = results.flatMap((r) => r.latencies);
    return {
      model,
      sent: results.reduce((s, r) => s + r.sent, 0),
      received,
      dropped,
      replies: results.reduce((s, r) => s + r.replies, 0),
      errors: results.reduce((s, r) => s + r.errors, 0),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      droppedPercent: (100 * dropped) / Math.max(1, received),
      inferP50: final ? Number(final[1]) : NaN,
      inferP95: final ? Number(final[2]) : NaN,
      windows: final ? Number(final[3]) : NaN,
      modelCalls: final ? Number(final[4]) : NaN,
      meanBatch: final ? Number(final[5]) : NaN,
      // Shares of one core over the run.
      cpu: { server: serverCpu, modelHosts: modelHostCpu, hostCount: hosts.size, generator: generatorCpu },
      loadAverage: { start: load0, end: load1 },
      rss,
    };
  } finally {
    clearInterval(sampler);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

const models = explicitModels.length
  ? explicitModels
  : [join(root, 'models', 'demo.onnx'), join(root, 'bench', 'models', 'seed.onnx')];
const frames = loadFrames();
// Encoded once: the generator shares the machine with the server and should cost it little.
const messages = frames.map((landmarks) => JSON.stringify({ landmarks }));
const summaries = [];
console.log(`bench/live-load: ${clients} clients x ${fps} fps x ${seconds} s, ${frames.length} distinct hand frames, ${process.platform} ${process.arch}, Node ${process.version}`);
for (const model of models) {
  const name = relative(root, model);
  if (!existsSync(model)) {
    console.log(`${name}: not present, skipped${name.includes('seed') ? ' (make it with /usr/bin/python3 bench/make_seed_model.py)' : ''}`);
    continue;
  }
  const r = await bench(model, messages);
  const rate = r.sent / seconds;
  const pct = (x) => `${(100 * x).toFixed(0)}%`;
  const load = (l) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`\n${name}`);
  console.log(`  frames sent ${r.sent} (${rate.toFixed(0)}/s offered), received ${r.received}, dropped ${r.dropped} (${r.droppedPercent.toFixed(2)}%), replies ${r.replies}, errors ${r.errors}`);
  console.log(`  reply latency p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms (after the client's latest frame); server inference p50 ${r.inferP50} ms, p95 ${r.inferP95} ms; ${r.windows} windows in ${r.modelCalls} model calls, mean batch ${r.meanBatch}`);
  console.log(`  CPU (of one core): server ${pct(r.cpu.server)}, model host${r.cpu.hostCount === 1 ? '' : `s (${r.cpu.hostCount})`} ${pct(r.cpu.modelHosts)}, this generator ${pct(r.cpu.generator)} (same machine); load average ${load(r.loadAverage.start)} at the start, ${load(r.loadAverage.end)} at the end`);
  const every = Math.max(1, Math.ceil(r.rss.length / 10));
  const points = r.rss.filter((_, i) => i % every === 0 || i === r.rss.length - 1);
  console.log(`  RSS MB over time (s: server + model host): ${points.map((p) => `${p.t}: ${p.server.toFixed(0)}+${p.host.toFixed(0)}`).join(', ')}`);
  const first = r.rss[Math.min(2, r.rss.length - 1)];
  const last = r.rss[r.rss.length - 1];
  if (first && last) console.log(`  RSS growth from second 2 to the end: server ${(last.server - first.server).toFixed(1)} MB, model host ${(last.host - first.host).toFixed(1)} MB`);
  const { rss: _rss, ...summary } = r;
  summaries.push({ ...summary, model: name, clients, fps, seconds });
}
if (json) console.log(JSON.stringify(summaries));
