// Time until the first results around the playhead are ready for a long session, as the replay panel
// does it outside VS Code: read the session file, hash it, run ReplayAnalysis (playhead first) until
// its first results message is encoded; then a reopen served from the results cache.
//   node dist/bench/firstResultsBench.js <seed.onnx> <session.landmarks.jsonl> <threads> <hosts> <batch> <workDir>
// One JSON object on stdout. The event loop's delay is sampled throughout, as it would be in the
// extension host that runs this code.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readSession } from '../src/core/session/readSession';
import { replaySession } from '../src/core/pipeline/replaySession';
import type { FrameResult, ModelRunner } from '../src/core/pipeline/types';
import { ModelHostPool } from '../src/modelhost/hostPool';
import { findHostScript } from '../src/modelhost/hostScript';
import { loadModelWithProfile } from '../src/modelhost/loadModelWithProfile';
import { ReplayAnalysis, type AnalysisListener } from '../src/extension/analysis/replayAnalysis';
import { WindowRecorder } from '../src/extension/analysis/windowRecorder';
import { ResultsCache } from '../src/extension/analysis/resultsCache';
import { resultsCacheKey } from '../src/extension/analysis/cacheKey';
import { hashFile } from '../src/extension/analysis/fileHash';
import { consecutiveRuns, finalResultsMessage, provisionalResultsMessage } from '../src/extension/replay/resultsMessages';
import { windowEndingAt } from '../src/core/pipeline/windowEndingAt';
import { applySoftmaxPolicy } from '../src/core/pipeline/softmax';
import { streamSession } from '../src/core/session/streamSession';
import type { PipelineProfile } from '../src/core/model/profile';
import type { Session, SessionFrame, TargetChange } from '../src/core/session/types';

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

const ms = (v: number) => Math.round(v * 10) / 10;

/**
 * The event loop's delay (monitorEventLoopDelay) plus the longest stall during which this process
 * itself was on a CPU for at least half of it: a block by our code, not a wait for a busy machine.
 */
let phase = '';

function watchLoop() {
  const h = monitorEventLoopDelay({ resolution: 10 });
  let busyPhase = '';
  h.enable();
  let last = now();
  let lastCpu = process.cpuUsage();
  let busyStall = 0;
  const timer = setInterval(() => {
    const t = now();
    const cpu = process.cpuUsage();
    const gap = t - last;
    const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
    if (gap > 50 && cpuMs >= gap / 2 && gap > busyStall) {
      busyStall = gap;
      busyPhase = phase;
    }
    last = t;
    lastCpu = cpu;
  }, 5);
  return () => {
    h.disable();
    clearInterval(timer);
    return { maxMs: ms(h.max / 1e6), p99Ms: ms(h.percentile(99) / 1e6), meanMs: ms(h.mean / 1e6), longestBusyStallMs: ms(busyStall), busyStallDuring: busyPhase };
  };
}

/** A stand-in model for filling the cache entry: deterministic logits from the window, no inference. */
function standInRunner(classCount: number): ModelRunner {
  return {
    classCount,
    async run(windows, count) {
      const out = new Float32Array(count * classCount);
      const per = windows.length / count;
      for (let i = 0; i < count; i++) {
        for (let c = 0; c < classCount; c++) out[i * classCount + c] = windows[i * per + ((c * 97) % per)] * 4;
      }
      return out;
    },
  };
}

/**
 * The first results without a whole-session dry run (windowEndingAt): the `count` windows nearest
 * `playhead` are built from the frames alone, inferred and encoded as the panel's provisional message.
 * Returns the frames covered.
 */
async function resultsNear(session: Pick<Session, 'frames' | 'targets'>, profile: PipelineProfile, runner: ModelRunner, playhead: number, count: number): Promise<number[]> {
  const length = profile.windowSize * 63;
  const batch = new Float32Array(count * length);
  const picked: number[] = [];
  for (let d = 0; picked.length < count && (playhead + d < session.frames.length || playhead - d > 0); d++) {
    for (const f of d === 0 ? [playhead] : [playhead + d, playhead - d]) {
      if (picked.length < count && windowEndingAt(session, profile, f, batch, picked.length * length)) picked.push(f);
    }
  }
  const rows = await runner.run(batch.subarray(0, picked.length * length), picked.length);
  const order = picked.map((frame, i) => ({ frame, i })).sort((a, b) => a.frame - b.frame);
  const shown: FrameResult[] = order.map(({ frame, i }) => ({
    frame,
    t: session.frames[frame].t,
    status: 'ready',
    probs: applySoftmaxPolicy(rows.subarray(i * runner.classCount, (i + 1) * runner.classCount), profile.softmax),
    smoothed: null,
    response: null,
    sent: false,
    bufferFill: profile.windowSize,
    smoothingFill: 0,
    target: null,
    transcript: '',
    emitted: null,
  }));
  for (const run of consecutiveRuns(shown)) provisionalResultsMessage(run, profile.labels);
  return [shown[0].frame, shown[shown.length - 1].frame];
}

async function main(): Promise<void> {
  const [modelPath, file, threadsArg, hostsArg, batchArg, work] = process.argv.slice(2);

  const pool = new ModelHostPool({ hostScript: findHostScript(__dirname), intraOpThreads: Number(threadsArg), hosts: Number(hostsArg) });
  const batch = Number(batchArg);
  try {
    const l0 = now();
    const loaded = await loadModelWithProfile(pool.clients[0], modelPath);
    await Promise.all(pool.clients.slice(1).map((c) => c.load(modelPath)));
    const modelHash = await hashFile(modelPath);
    const modelLoadMs = now() - l0;
    const profile = loaded.resolved.profile;
    const labels = profile.labels;
    const runner = pool.createRunner(profile, batch);
    await runner.run(new Float32Array(batch * profile.windowSize * 63), batch);
    const cacheDir = join(work, `cache-${process.pid}`);
    rmSync(cacheDir, { recursive: true, force: true });
    const cache = new ResultsCache(cacheDir);

    // --- first open: nothing cached -----------------------------------------------------------------
    const stopLoop = watchLoop();
    const open = now();
    phase = 'readSession';
    const session = await readSession(file);
    const readMs = now() - open;
    phase = 'hashFile';
    const sessionHash = await hashFile(file);
    phase = 'ReplayAnalysis until the first results';
    const hashMs = now() - open - readMs;
    const key = resultsCacheKey(modelHash, profile, sessionHash);
    const frames = session.frames.length;
    const playhead = Math.floor(frames / 2);
    const analysis = new ReplayAnalysis({ session, profile, runner, batchSize: batch, cache: { store: cache, key } });
    analysis.setPlayhead(playhead);
    let firstAt = 0;
    let firstFrames: number[] = [];
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    const listener = (onFinal?: (f: FrameResult[]) => void): AnalysisListener => ({
      targets: () => undefined,
      provisional: (shown) => {
        if (firstAt) return;
        provisionalResultsMessage(shown, labels);
        firstAt = now();
        firstFrames = [shown[0].frame, shown[shown.length - 1].frame];
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        analysis.cancel();
      },
      final: (f) => onFinal?.(f),
      progress: () => undefined,
    });
    const run = analysis.run(listener());
    await run.catch((err: unknown) => {
      if (!analysis.cancelled) throw err;
    });
    const loop = stopLoop();
    if (!firstAt) throw new Error('the analysis ended without results');
    // Where the first open's time goes: the dry run that lists every window, alone.
    const d0 = now();
    await replaySession(session, profile, new WindowRecorder(labels.length), { batchSize: 256 });
    const dryRunMs = now() - d0;
    const firstOpen = {
      dryRunMs: ms(dryRunMs),
      readMs: ms(readMs),
      hashMs: ms(hashMs),
      analysisToFirstMs: ms(firstAt - open - readMs - hashMs),
      totalMs: ms(firstAt - open),
      playhead,
      firstFrames,
      rssGrowthMB: ms((peakRss - rssBefore) / 1048576),
      eventLoop: loop,
    };

    // --- the same without the dry run (windowEndingAt), from a whole read and from a streamed read ---
    const a0 = now();
    const whole = await readSession(file);
    const aRead = now() - a0;
    const aFrames = await resultsNear(whole, profile, runner, playhead, batch);
    const withoutDryRun = { playhead, totalMs: ms(now() - a0), readMs: ms(aRead), frames: aFrames };
    // A first open starts at frame 0: a streamed read can stop once the first windows' frames are in.
    const b0 = now();
    const partial: { frames: SessionFrame[]; targets: TargetChange[] } = { frames: [], targets: [] };
    for await (const record of streamSession(file)) {
      if (record.kind === 'frame') partial.frames.push(record.frame);
      else if (record.kind === 'target') partial.targets.push(record.target);
      if (partial.frames.length >= profile.windowSize + batch + 64) break;
    }
    const bFrames = await resultsNear(partial, profile, runner, 0, batch);
    const streamedAtStart = { playhead: 0, totalMs: ms(now() - b0), framesRead: partial.frames.length, frames: bFrames };

    // --- the cache entry: the whole session's results (stand-in model outputs; same size as real ones)
    const f0 = now();
    const filled = await replaySession(session, profile, standInRunner(labels.length), { batchSize: 256 });
    await cache.put(key, filled, labels.length);
    const fillMs = now() - f0;

    // --- reopen: same file, same model and profile, served from the cache ---------------------------
    const stopLoop2 = watchLoop();
    const reopen = now();
    phase = 'readSession';
    const again = await readSession(file);
    phase = 'hash, cache read and decode, results messages';
    const readAgainMs = now() - reopen;
    const againKey = resultsCacheKey(modelHash, profile, await hashFile(file));
    const second = new ReplayAnalysis({ session: again, profile, runner, batchSize: batch, cache: { store: cache, key: againKey } });
    let firstFinalAt = 0;
    let transcript = '';
    let messages = 0;
    const outcome = await second.run(
      listener((f) => {
        finalResultsMessage(f, labels, transcript, []);
        transcript = f[f.length - 1].transcript;
        messages++;
        if (!firstFinalAt) firstFinalAt = now();
      }),
    );
    const doneAt = now();
    const loop2 = stopLoop2();
    if (!outcome.fromCache) throw new Error('the reopened session was not served from the cache');
    // Where the reopen's time goes: the cache entry's read and decode alone.
    const g0 = now();
    await cache.get(againKey);
    const cacheGetMs = now() - g0;
    const reopened = {
      readMs: ms(readAgainMs),
      cacheGetMs: ms(cacheGetMs),
      totalToFirstMs: ms(firstFinalAt - reopen),
      allMessagesMs: ms(doneAt - reopen),
      messages,
      frames: outcome.result.frames.length,
      eventLoop: loop2,
    };
    process.stdout.write(
      JSON.stringify({ frames, batch, threads: Number(threadsArg), hosts: Number(hostsArg), modelLoadMs: ms(modelLoadMs), firstOpen, withoutDryRun, streamedAtStart, cacheFillMs: ms(fillMs), reopened }) + '\n',
    );
    rmSync(cacheDir, { recursive: true, force: true });
  } finally {
    await pool.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`firstResultsBench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
