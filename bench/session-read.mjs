// Session reading memory benchmark: a 1-hour session at 30 fps (108,000 frames) against a
// 6-minute one (10,800 frames). Streaming must not grow with the file; readSession holds the
// whole session, so it does. Each measurement runs in a fresh process.
// Then readSession's time on the large file as before worker threads (sequential, on the calling thread)
// and now (parsed in worker threads), with the calling thread's longest event-loop stall, --runs times each.
// Usage: node esbuild.mjs && node bench/session-read.mjs [--frames 108000] [--runs 3]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const worker = join(root, 'dist/bench/sessionReadWorker.js');
const timing = join(root, 'dist/bench/sessionReadTiming.js');
if (!existsSync(worker) || !existsSync(timing) || !existsSync(join(root, 'dist/sessionreader.js'))) {
  console.error('bench/session-read: dist/bench/sessionReadWorker.js, dist/bench/sessionReadTiming.js or dist/sessionreader.js is missing; run `node esbuild.mjs` first');
  process.exit(2);
}
const framesFlag = process.argv.indexOf('--frames');
const large = framesFlag > 0 ? Number(process.argv[framesFlag + 1]) : 108_000;
const small = Math.round(large / 10);
const runsFlag = process.argv.indexOf('--runs');
const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;
const dir = mkdtempSync(join(tmpdir(), 'landmark-lens-bench-'));

function run(...args) {
  return runScript(worker, ['--expose-gc'], args);
}

function runScript(script, flags, args) {
  const r = spawnSync(process.execPath, [...flags, script, ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`worker ${args.join(' ')} failed: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout.trim());
}

try {
  const rows = [];
  for (const frames of [small, large]) {
    const file = join(dir, `s${frames}.landmarks.jsonl`);
    rows.push(run('write', file, String(frames)));
    rows.push(run('stream', file));
    rows.push(run('read', file));
  }
  console.log('bench/session-read: one hand per frame (1 in 17 frames without), 63 values of 6 decimals');
  console.log('mode     frames     file MB   time ms   peak RSS MB   heap growth MB   live growth MB (after GC)');
  for (const r of rows) {
    console.log(
      `${r.mode.padEnd(8)} ${String(r.frames).padStart(7)} ${(r.bytes / 1048576).toFixed(1).padStart(11)} ${String(r.ms).padStart(9)} ${r.peakRssMB.toFixed(1).padStart(13)} ${r.heapGrowthMB.toFixed(1).padStart(16)} ${r.liveGrowthMB === null ? '         -' : r.liveGrowthMB.toFixed(1).padStart(16)}`,
    );
  }
  const stream = rows.filter((r) => r.mode === 'stream');
  const read = rows.filter((r) => r.mode === 'read');
  const live = (r) => Math.max(r.liveGrowthMB, 0.1);
  const ratio = live(stream[1]) / live(stream[0]);
  console.log(`streaming, memory still held after GC: ${stream[1].liveGrowthMB} MB for ${large} frames vs ${stream[0].liveGrowthMB} MB for ${small} (x${ratio.toFixed(2)} for a 10x file)`);
  console.log(`streaming peak RSS: ${stream[1].peakRssMB} vs ${stream[0].peakRssMB} MB (RSS includes garbage V8 has not collected yet)`);
  console.log(`readSession holds the whole session: ${read[1].liveGrowthMB} MB for ${large} frames vs ${read[0].liveGrowthMB} MB (~${((read[1].liveGrowthMB * 1048576) / large / 1024).toFixed(2)} KB a frame), peak RSS ${read[1].peakRssMB} MB`);
  console.log(`streaming rate: ${Math.round(stream[1].frames / (stream[1].ms / 1000))} frames/s; readSession: ${Math.round(read[1].frames / (read[1].ms / 1000))} frames/s; SessionWriter: ${Math.round(rows[3].frames / (rows[3].ms / 1000))} frames/s`);

  // Sequential and parallel runs alternate so that both meet the same background load.
  const largeFile = join(dir, `s${large}.landmarks.jsonl`);
  const timings = { sequential: [], parallel: [] };
  for (let k = 0; k < runs; k++) {
    for (const mode of ['sequential', 'parallel']) timings[mode].push(runScript(timing, [], [mode, largeFile]));
  }
  const spread = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    return `${sorted[Math.floor((sorted.length - 1) / 2)]} (${sorted[0]}..${sorted[sorted.length - 1]})`;
  };
  console.log(`readSession of ${large} frames, ${runs} runs each, median (min..max):`);
  for (const [mode, label] of [['sequential', 'before, sequential on the calling thread'], ['parallel', `now, ${timings.parallel[0].ranges} worker threads`]]) {
    const t = timings[mode];
    console.log(`  ${label}: ${spread(t.map((r) => r.ms))} ms, longest event-loop stall ${spread(t.map((r) => r.maxStallMs))} ms, calling thread busy ${spread(t.map((r) => r.mainThreadBusyMs))} ms`);
  }
  if (ratio > 2) {
    console.error('bench/session-read: streaming memory grows with the file');
    process.exitCode = 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
