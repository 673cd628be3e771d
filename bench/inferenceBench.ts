// Inference measurements for bench/run.mjs, one JSON object on stdout.
//   node dist/bench/inferenceBench.js matmul <model.onnx> <threads,...> <runs>
//   node dist/bench/inferenceBench.js analysis <seed.onnx> <session.landmarks.jsonl> <configs JSON> <maxWindows> <baselineMaxWindows>
// `analysis` reads one session and replays it through replaySession with each configuration
// of model hosts (batch size, intra-op threads, hosts), then with one in-process session.run per
// window (the backend's way, onnxruntime's default threads, then 1 thread), in that one process, side
// by side. A baseline cap of 0 skips the baselines.
import * as ort from 'onnxruntime-node';
import { replaySession } from '../src/core/pipeline/replaySession';
import type { PipelineProfile } from '../src/core/model/profile';
import type { ModelRunner } from '../src/core/pipeline/types';
import { ModelHostPool } from '../src/modelhost/hostPool';
import { findHostScript } from '../src/modelhost/hostScript';
import { loadModelWithProfile } from '../src/modelhost/loadModelWithProfile';
import { readSession } from '../src/core/session/readSession';
import type { Session } from '../src/core/session/types';

interface Config {
  batch: number;
  threads: number;
  hosts: number;
}

interface Timed {
  windows: number;
  ms: number;
  windowsPerSecond: number;
  /** Whole session replayed, or stopped after the window cap. */
  whole: boolean;
  /** The first windows' logits, to check every configuration computes the same thing. */
  firstRows: number[];
}

const CHECK_ROWS = 8;

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Counts windows; aborts the replay once `cap` windows have run and records when that happened. */
function capped(runner: ModelRunner, cap: number, abort: AbortController, firstRows: number[]) {
  let windows = 0;
  let endedAt = 0;
  const counting: ModelRunner = {
    classCount: runner.classCount,
    async run(batch, count) {
      const rows = await runner.run(batch, count);
      if (firstRows.length < CHECK_ROWS * runner.classCount) {
        firstRows.push(...Array.from(rows.subarray(0, CHECK_ROWS * runner.classCount - firstRows.length)));
      }
      windows += count;
      if (windows >= cap && !endedAt) {
        endedAt = now();
        abort.abort();
      }
      return rows;
    },
  };
  return { counting, windows: () => windows, endedAt: () => endedAt };
}

async function timeReplay(
  session: Session,
  profile: PipelineProfile,
  runner: ModelRunner,
  batchSize: number,
  cap: number,
): Promise<Timed> {
  const abort = new AbortController();
  const firstRows: number[] = [];
  const c = capped(runner, cap, abort, firstRows);
  const started = now();
  let whole = true;
  try {
    await replaySession(session, profile, c.counting, { batchSize, signal: abort.signal });
  } catch (err) {
    if (!abort.signal.aborted) throw err;
    whole = false;
  }
  const ms = (c.endedAt() || now()) - started;
  return { windows: c.windows(), ms: Math.round(ms), windowsPerSecond: Math.round((c.windows() / ms) * 1000 * 10) / 10, whole, firstRows };
}

/** The backend's way: one InferenceSession.run per [1, 32, 63] window, in process, default session options. */
async function backendRunner(modelPath: string, profile: PipelineProfile, threads: number): Promise<ModelRunner> {
  const session = await ort.InferenceSession.create(modelPath, threads > 0 ? { intraOpNumThreads: threads } : {});
  const perWindow = profile.windowSize * 63;
  const input = session.inputNames[0];
  const output = session.outputNames[0];
  return {
    classCount: profile.labels.length,
    async run(windows, count) {
      const out = new Float32Array(count * profile.labels.length);
      for (let i = 0; i < count; i++) {
        const tensor = new ort.Tensor('float32', windows.slice(i * perWindow, (i + 1) * perWindow), [1, profile.windowSize, 63]);
        const result = await session.run({ [input]: tensor });
        out.set(result[output].data as Float32Array, i * profile.labels.length);
      }
      return out;
    },
  };
}

function maxDifference(a: number[], b: number[]): number {
  let max = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return a.length === b.length ? max : Number.POSITIVE_INFINITY;
}

async function analysis(modelPath: string, sessionFile: string, configs: Config[], cap: number, baselineCap: number) {
  const t0 = now();
  const session = await readSession(sessionFile);
  const readMs = Math.round(now() - t0);
  const hostScript = findHostScript(__dirname);
  const rows: (Config & Timed & { maxDiff?: number })[] = [];
  let profile: PipelineProfile | null = null;
  for (const config of configs) {
    const pool = new ModelHostPool({ hostScript, intraOpThreads: config.threads, hosts: config.hosts });
    try {
      const loaded = await loadModelWithProfile(pool.clients[0], modelPath);
      await Promise.all(pool.clients.slice(1).map((c) => c.load(modelPath)));
      profile = loaded.resolved.profile;
      const runner = pool.createRunner(profile, config.batch);
      // Warm-up: onnxruntime allocates its arenas for this batch shape on the first runs.
      const warm = new Float32Array(config.batch * profile.windowSize * 63);
      await runner.run(warm, config.batch);
      rows.push({ ...config, ...(await timeReplay(session, profile, runner, config.batch, cap)) });
    } finally {
      await pool.dispose();
    }
    process.stderr.write(`  ${JSON.stringify(rows[rows.length - 1], (k, v) => (k === 'firstRows' ? undefined : v))}\n`);
  }
  if (!profile) throw new Error('no configuration to measure');
  const baselines: (Timed & { threads: number })[] = [];
  for (const threads of baselineCap > 0 ? [0, 1] : []) {
    const runner = await backendRunner(modelPath, profile, threads);
    await runner.run(new Float32Array(profile.windowSize * 63), 1);
    baselines.push({ threads, ...(await timeReplay(session, profile, runner, 1, baselineCap)) });
    process.stderr.write(`  backend way, threads ${threads || 'default'}: ${baselines[baselines.length - 1].windowsPerSecond} windows/s\n`);
  }
  if (baselines.length) for (const row of rows) row.maxDiff = maxDifference(row.firstRows, baselines[0].firstRows);
  const strip = <T extends { firstRows: number[] }>(r: T) => {
    const { firstRows: _rows, ...rest } = r;
    return rest;
  };
  return {
    frames: session.frames.length,
    readMs,
    handFrames: session.frames.filter((f) => f.hands.length > 0).length,
    configs: rows.map(strip),
    baselines: baselines.map(strip),
  };
}

async function matmul(modelPath: string, threadList: number[], runs: number) {
  const n = 1024;
  const flop = 2 * n ** 3;
  const a = new Float32Array(n * n).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const out: { threads: number; medianMs: number; bestMs: number; gflops: number; bestGflops: number }[] = [];
  for (const threads of threadList) {
    const session = await ort.InferenceSession.create(modelPath, {
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    const tensor = new ort.Tensor('float32', a, [n, n]);
    for (let i = 0; i < 3; i++) await session.run({ a: tensor });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const s = now();
      await session.run({ a: tensor });
      times.push(now() - s);
    }
    times.sort((x, y) => x - y);
    const median = times[Math.floor(times.length / 2)];
    out.push({
      threads,
      medianMs: Math.round(median * 100) / 100,
      bestMs: Math.round(times[0] * 100) / 100,
      gflops: Math.round((flop / median / 1e6) * 10) / 10,
      bestGflops: Math.round((flop / times[0] / 1e6) * 10) / 10,
    });
    await session.release();
  }
  return { n, flopPerRun: flop, runs, rows: out };
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  let result: unknown;
  if (mode === 'matmul') {
    result = await matmul(args[0], args[1].split(',').map(Number), Number(args[2]));
  } else if (mode === 'analysis') {
    result = await analysis(args[0], args[1], JSON.parse(args[2]) as Config[], Number(args[3]), Number(args[4]));
  } else {
    throw new Error(`unknown mode '${mode}': expected matmul or analysis`);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err) => {
  process.stderr.write(`inferenceBench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
