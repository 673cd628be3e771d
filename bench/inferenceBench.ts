// Inference measurements for bench/run.mjs, one JSON object on stdout.
//   node dist/bench/inferenceBench.js analysis <seed.onnx> <session.landmarks.jsonl> <configs JSON> <maxWindows> <baselineMaxWindows> <rounds> <gemm.onnx,...> [<gemm-step.onnx>]
// `analysis` reads one session and replays its first <maxWindows> windows through replaySession (or, for
// a configuration with `panel`, ReplayAnalysis, as the replay panel does) with each configuration of
// model hosts (batch size, intra-op threads, hosts), then its first <baselineMaxWindows> with one
// in-process session.run per window (the backend's way, onnxruntime's default threads, then 1 thread),
// then times the GEMM chains, in interleaved rounds in this one process. A baseline cap of 0 skips the
// baselines. `gemm <gemm.onnx,...>` measures only the GEMM peak (as one round of `analysis` does). With a recurrent-step GEMM model, each round also times the model alone in this process on one
// thread and that GEMM, to show how much of the gap to the GEMM peak is inside onnxruntime's LSTM (see lstmAlone).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { replaySession } from '../src/core/pipeline/replaySession';
import { ReplayAnalysis } from '../src/analysis/replayAnalysis';
import { HOST_REQUEST_WINDOWS } from '../src/model/loadModelInPool';
import type { PipelineProfile } from '../src/core/model/profile';
import type { ModelRunner } from '../src/core/pipeline/types';
import { ModelHostPool } from '../src/model/hostPool';
import { findHostScript } from '../src/modelhost/hostScript';
import { loadModelWithProfile } from '../src/model/loadModelWithProfile';
import { readSession } from '../src/core/session/readSession';
import type { Session } from '../src/core/session/types';
import { sessionFrames } from '../src/core/session/frameColumns';

interface Config {
  batch: number;
  threads: number;
  hosts: number;
  /** Timed as the replay panel analyses (ReplayAnalysis) instead of by replaySession. */
  panel?: boolean;
}

interface Timed {
  windows: number;
  ms: number;
  windowsPerSecond: number;
  /** Each model host's time in onnxruntime during the replay, as a share of its wall time. */
  hostBusy?: number[];
  /** This process's CPU time during the replay (building inputs, sending them, reading replies, the sequential pass), as a share of its wall time. */
  mainCpu?: number;
  /** The first windows' logits, to check every configuration computes the same thing. */
  firstRows: number[];
  /** ReplayAnalysis: ms from the start to the end of its window pass, and from its last model reply to its end. */
  windowPassMs?: number;
  afterLastReplyMs?: number;
}

const CHECK_ROWS = 8;
/** GEMMs in each chain of bench/make_gemm_models.py. */
const GEMM_CHAIN = 16;

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Keeps the first windows' logits, to check every configuration computes the same thing. */
function recording(runner: ModelRunner, firstRows: number[]): ModelRunner {
  return {
    classCount: runner.classCount,
    async run(batch, count) {
      const rows = await runner.run(batch, count);
      if (firstRows.length < CHECK_ROWS * runner.classCount) {
        firstRows.push(...Array.from(rows.subarray(0, CHECK_ROWS * runner.classCount - firstRows.length)));
      }
      return rows;
    },
  };
}

/**
 * The session up to the frame of its `cap`-th window (all of it when it has fewer): a capped measurement
 * is a whole replay of a shorter session, so batches still in flight at the end count as they do in a
 * whole one (aborting at the cap left work started for the next batch uncounted, and a pipelined replay
 * looked slower than it is).
 */
async function prefix(session: Session, profile: PipelineProfile, cap: number): Promise<Pick<Session, 'frames' | 'targets'>> {
  const zeros: ModelRunner = { classCount: profile.labels.length, run: async (_w, count) => new Float32Array(count * profile.labels.length) };
  const dry = await replaySession(session, profile, zeros, { batchSize: 1024 });
  let windows = 0;
  let end = dry.frames.length;
  for (const f of dry.frames) {
    if (f.probs && ++windows === cap) {
      end = f.frame + 1;
      break;
    }
  }
  return { frames: sessionFrames(session).slice(0, end), targets: session.targets.filter((t) => t.beforeFrame < end) };
}

/** One replay of `session`: by replaySession (the CLI's), or by ReplayAnalysis as the replay panel runs it (no cache). */
async function timeReplay(session: Pick<Session, 'frames' | 'targets'>, profile: PipelineProfile, runner: ModelRunner, batchSize: number, panel = false, pool?: ModelHostPool): Promise<Timed> {
  const firstRows: number[] = [];
  const recorded = recording(runner, firstRows);
  const busyBefore = pool?.clients.map((c) => c.busyMs);
  const cpuBefore = process.cpuUsage();
  const started = now();
  let windows: number;
  let windowPassAt = Number.NaN;
  let lastReplyAt = Number.NaN;
  if (panel) {
    const analysis = new ReplayAnalysis({ session, profile, runner: recorded, batchSize });
    const noop = () => undefined;
    const outcome = await analysis.run({
      targets: () => (windowPassAt = now()),
      provisional: () => (lastReplyAt = now()),
      final: noop,
      progress: noop,
    });
    windows = outcome.result.windows;
  } else {
    windows = (await replaySession(session, profile, recorded, { batchSize })).windows;
  }
  const end = now();
  const ms = end - started;
  const cpu = process.cpuUsage(cpuBefore);
  const share = (x: number) => Math.round((x / ms) * 1000) / 1000;
  const hostBusy = pool && busyBefore ? pool.clients.map((c, i) => share(c.busyMs - busyBefore[i])) : undefined;
  return { windows, ms: Math.round(ms), windowsPerSecond: Math.round((windows / ms) * 1000 * 10) / 10, firstRows, hostBusy, mainCpu: share((cpu.user + cpu.system) / 1000), ...(panel ? { windowPassMs: Math.round(windowPassAt - started), afterLastReplyMs: Math.round(end - lastReplyAt) } : {}) };
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

function rssMB(pid: number | null): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  } catch {
    return Number.NaN;
  }
}

function maxDifference(a: number[], b: number[]): number {
  let max = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return a.length === b.length ? max : Number.POSITIVE_INFINITY;
}

interface Round {
  configs: Omit<Timed, 'firstRows'>[];
  baselines: { threads: number; windowsPerSecond: number; windows: number }[];
  /** GEMM GFLOP/s in this round (median of its runs), 1 and 2 threads. */
  gemm: { threads: number; gflops: number }[];
  /** The model alone and its recurrent step as a GEMM, one thread each, in this round (see lstmAlone). */
  alone?: { windows: number; modelGflops: number; stepGflops: number };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Every configuration, the backend way and the GEMM peak, in `rounds` interleaved rounds: the load
 * other processes put on the machine changes by the minute, and interleaving spreads it evenly, so
 * the per-round ratios and their medians compare like with like.
 */
async function analysis(modelPath: string, sessionFile: string, configs: Config[], cap: number, baselineCap: number, rounds: number, gemmModels: string[], stepModel?: string) {
  const t0 = now();
  const session = await readSession(sessionFile);
  const readMs = Math.round(now() - t0);
  const hostScript = findHostScript(__dirname);
  const pools: { config: Config; pool: ModelHostPool; runner: ModelRunner; firstRows: number[] }[] = [];
  const backends: { threads: number; runner: ModelRunner; firstRows: number[] }[] = [];
  const gemm = await gemmSessions(gemmModels);
  let alone: Awaited<ReturnType<typeof lstmAlone>> | null = null;
  /** Resident memory of each configuration's host processes after the warm-up, MB. */
  const hostRss: number[] = [];
  let profile: PipelineProfile | null = null;
  try {
    for (const config of configs) {
      const pool = new ModelHostPool({ hostScript, intraOpThreads: config.threads, hosts: config.hosts });
      pools.push({ config, pool, runner: null as unknown as ModelRunner, firstRows: [] });
      const loaded = await loadModelWithProfile(pool.clients[0], modelPath);
      await Promise.all(pool.clients.slice(1).map((c) => c.load(modelPath)));
      profile = loaded.resolved.profile;
      // The panel's hosts take its batches in requests of HOST_REQUEST_WINDOWS, as loadModelInPool makes them.
      const runner = pool.createRunner(profile, config.panel ? HOST_REQUEST_WINDOWS : config.batch);
      // Warm-up: onnxruntime allocates its arenas for this batch shape on the first runs.
      await runner.run(new Float32Array(config.batch * profile.windowSize * 63), config.batch);
      pools[pools.length - 1].runner = runner;
      hostRss.push(pool.clients.reduce((sum, c) => sum + rssMB(c.pid), 0));
    }
    if (!profile) throw new Error('no configuration to measure');
    for (const threads of baselineCap > 0 ? [0, 1] : []) {
      const runner = await backendRunner(modelPath, profile, threads);
      await runner.run(new Float32Array(profile.windowSize * 63), 1);
      backends.push({ threads, runner, firstRows: [] });
    }
    if (stepModel) alone = await lstmAlone(modelPath, stepModel, profile.windowSize, profile.labels.length);
    // Capped measurements replay a prefix of the session (see prefix), made once.
    const capped = await prefix(session, profile, cap);
    const baselineSession = baselineCap > 0 ? await prefix(session, profile, baselineCap) : capped;
    const results: Round[] = [];
    for (let r = 0; r < rounds; r++) {
      const round: Round = { configs: [], baselines: [], gemm: [] };
      for (const p of pools) {
        const timed = await timeReplay(capped, profile, p.runner, p.config.batch, p.config.panel, p.pool);
        if (!p.firstRows.length) p.firstRows = timed.firstRows;
        const { firstRows: _rows, ...rest } = timed;
        round.configs.push(rest);
        process.stderr.write(`  round ${r + 1}: ${JSON.stringify({ ...p.config, ...rest })}\n`);
      }
      for (const b of backends) {
        const timed = await timeReplay(baselineSession, profile, b.runner, 1);
        if (!b.firstRows.length) b.firstRows = timed.firstRows;
        round.baselines.push({ threads: b.threads, windowsPerSecond: timed.windowsPerSecond, windows: timed.windows });
        process.stderr.write(`  round ${r + 1}: backend way, threads ${b.threads || 'default'}: ${timed.windowsPerSecond} windows/s\n`);
      }
      round.gemm = await gemm.measure(5);
      process.stderr.write(`  round ${r + 1}: GEMM ${round.gemm.map((g) => `${g.threads}t ${g.gflops}`).join(', ')} GFLOP/s\n`);
      if (alone) {
        round.alone = await alone.measure();
        process.stderr.write(`  round ${r + 1}: alone, 1 thread: ${JSON.stringify(round.alone)}\n`);
      }
      results.push(round);
    }
    return {
      frames: sessionFrames(session).length,
      readMs,
      handFrames: sessionFrames(session).filter((f) => f.hands.length > 0).length,
      rounds: results,
      opShares: alone?.opShares,
      lstmShares: alone?.lstmShares,
      configs: pools.map((p, i) => ({
        ...p.config,
        windowsPerSecond: median(results.map((x) => x.configs[i].windowsPerSecond)),
        perRound: results.map((x) => x.configs[i].windowsPerSecond),
        windows: results[0].configs[i].windows,
        whole: sessionFrames(capped).length === sessionFrames(session).length,
        maxDiff: backends.length ? maxDifference(p.firstRows, backends[0].firstRows) : undefined,
        hostRssMB: Math.round(hostRss[i]),
      })),
      baselines: backends.map((b, i) => ({
        threads: b.threads,
        windowsPerSecond: median(results.map((x) => x.baselines[i].windowsPerSecond)),
        perRound: results.map((x) => x.baselines[i].windowsPerSecond),
        windows: results[0].baselines[i].windows,
      })),
    };
  } finally {
    await Promise.all(pools.map((p) => p.pool.dispose()));
    await gemm.release();
    await alone?.release();
  }
}

/** Windows/s to GFLOP/s: the seed-size model's FLOP a window (bench/make_seed_model.py, lstm_flops). */
function modelFlopPerWindow(windowSize: number, classes: number): number {
  const hidden = 256;
  let total = 0;
  let width = 63;
  for (let layer = 0; layer < 2; layer++) {
    total += 2 * windowSize * 2 * 4 * hidden * (width + hidden);
    width = 2 * hidden;
  }
  return total + 2 * width * classes;
}

/**
 * What onnxruntime's LSTM reaches on one core with nothing else in the way: the model in this process on
 * one intra-op thread, HOST_REQUEST_WINDOWS windows a run (one model host request), beside its recurrent
 * step as a plain GEMM chain of the same shape (bench/make_gemm_models.py). Once, with onnxruntime's
 * profiler: each operator type's share of the model's kernel time (the LSTM's own, or transposes and the head).
 */
async function lstmAlone(modelPath: string, stepModel: string, windowSize: number, classes: number) {
  const options = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const };
  const [rows, hidden, gates] = (/gemm-step-(\d+)x(\d+)x(\d+)\.onnx$/.exec(stepModel) ?? []).slice(1).map(Number);
  if (!rows) throw new Error(`${stepModel}: expected a gemm-step-<rows>x<hidden>x<gates>.onnx chain`);
  const stepFlop = 2 * rows * hidden * gates * windowSize;
  const windows = HOST_REQUEST_WINDOWS;
  const model = await ort.InferenceSession.create(modelPath, options);
  const step = await ort.InferenceSession.create(stepModel, options);
  const input = { [model.inputNames[0]]: new ort.Tensor('float32', new Float32Array(windows * windowSize * 63).map((_, i) => Math.sin(i)), [windows, windowSize, 63]) };
  const h = { a: new ort.Tensor('float32', new Float32Array(rows * hidden).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5), [rows, hidden]) };
  const timed = async (session: ort.InferenceSession, feeds: ort.InferenceSession.FeedsType, runs: number) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = now();
      await session.run(feeds);
      times.push(now() - t);
    }
    return median(times);
  };
  await timed(model, input, 2);
  await timed(step, h, 2);

  const dir = mkdtempSync(join(tmpdir(), 'landmark-lens-ort-profile-'));
  const opShares: Record<string, number> = {};
  const lstmShares: Record<string, number> = {};
  try {
    const profiled = await ort.InferenceSession.create(modelPath, { ...options, enableProfiling: true, profileFilePrefix: join(dir, 'p') });
    for (let i = 0; i < 6; i++) await profiled.run(input);
    profiled.endProfiling();
    await profiled.release();
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    const events = file ? (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cat: string; name: string; dur: number; args?: { op_name?: string } }[]) : [];
    let total = 0;
    for (const e of events) {
      if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
      const op = e.args?.op_name ?? '?';
      opShares[op] = (opShares[op] ?? 0) + e.dur;
      // Each LSTM node (layer) apart, in graph order.
      if (op === 'LSTM') lstmShares[e.name.replace(/_kernel_time$/, '')] = (lstmShares[e.name.replace(/_kernel_time$/, '')] ?? 0) + e.dur;
      total += e.dur;
    }
    for (const shares of [opShares, lstmShares]) for (const k of Object.keys(shares)) shares[k] = Math.round((shares[k] / total) * 1000) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const flopPerWindow = modelFlopPerWindow(windowSize, classes);
  return {
    opShares,
    lstmShares,
    async measure() {
      const modelMs = await timed(model, input, 6);
      const stepMs = await timed(step, h, 12);
      const gflops = (flop: number, ms: number) => Math.round((flop / ms / 1e6) * 10) / 10;
      return { windows, modelGflops: gflops(windows * flopPerWindow, modelMs), stepGflops: gflops(stepFlop, stepMs) };
    },
    release: () => Promise.all([model.release(), step.release()]),
  };
}

/**
 * The machine's matrix-multiply FLOP rate: each GEMM chain (bench/make_gemm_models.py) in onnxruntime-node
 * with 1 and with 2 intra-op threads, kept loaded; a round's figure per thread count is the best chain's
 * median.
 */
async function gemmSessions(modelPaths: string[]) {
  const chains = await Promise.all(
    modelPaths.map(async (modelPath) => {
      const [m, n] = (/gemm-(\d+)x(\d+)\.onnx$/.exec(modelPath) ?? []).slice(1).map(Number);
      if (!m || !n) throw new Error(`${modelPath}: expected a gemm-<m>x<n>.onnx chain`);
      const flop = 2 * m * n * n * GEMM_CHAIN;
      const a = new Float32Array(m * n).map((_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
      const tensor = new ort.Tensor('float32', a, [m, n]);
      const sessions = await Promise.all(
        [1, 2].map(async (threads) => ({
          threads,
          session: await ort.InferenceSession.create(modelPath, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' }),
        })),
      );
      for (const s of sessions) for (let i = 0; i < 2; i++) await s.session.run({ a: tensor });
      return { flop, tensor, sessions };
    }),
  );
  return {
    async measure(runs: number) {
      const best = new Map<number, number>();
      for (const chain of chains) {
        for (const s of chain.sessions) {
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            const t = now();
            await s.session.run({ a: chain.tensor });
            times.push(now() - t);
          }
          const gflops = Math.round((chain.flop / median(times) / 1e6) * 10) / 10;
          best.set(s.threads, Math.max(best.get(s.threads) ?? 0, gflops));
        }
      }
      return [...best].map(([threads, gflops]) => ({ threads, gflops }));
    },
    release: () => Promise.all(chains.flatMap((c) => c.sessions.map((s) => s.session.release()))),
  };
}

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  let result: unknown;
  if (mode === 'analysis') {
    result = await analysis(args[0], args[1], JSON.parse(args[2]) as Config[], Number(args[3]), Number(args[4]), Number(args[5] ?? 1), args[6].split(','), args[7]);
  } else if (mode === 'gemm') {
    const gemm = await gemmSessions(args[0].split(','));
    try {
      result = { gemm: await gemm.measure(5) };
    } finally {
      await gemm.release();
    }
  } else {
    throw new Error(`unknown mode '${mode}': expected analysis or gemm`);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((err) => {
  process.stderr.write(`inferenceBench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
