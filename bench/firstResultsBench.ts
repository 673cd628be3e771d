// Time until the first results around the playhead are ready for a long session, as the replay panel
// does it outside VS Code: open the session (parse, hash alongside), run ReplayAnalysis (playhead first)
// until its first results message is encoded, at frame 0 and mid-session; then a reopen served from the
// session's snapshot and the results cache.
//   node dist/bench/firstResultsBench.js <seed.onnx> <session.landmarks.jsonl> <threads> <hosts> <batch> <workDir>
// One JSON object on stdout. The event loop's delay is sampled throughout, as it would be in the
// extension host that runs this code.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { replaySession } from '../src/core/pipeline/replaySession';
import type { FrameResult, ModelRunner } from '../src/core/pipeline/types';
import { ModelHostPool } from '../src/modelhost/hostPool';
import { findHostScript } from '../src/modelhost/hostScript';
import { loadModelWithProfile } from '../src/modelhost/loadModelWithProfile';
import { ReplayAnalysis, type AnalysisListener } from '../src/extension/analysis/replayAnalysis';
import { WindowRecorder } from '../src/extension/analysis/windowRecorder';
import { WindowStates } from '../src/extension/analysis/windowStates';
import { listWindows } from '../src/extension/analysis/windowPass';
import { ResultsCache } from '../src/extension/analysis/resultsCache';
import { resultsCacheKey } from '../src/extension/analysis/cacheKey';
import { hashFile } from '../src/extension/analysis/fileHash';
import { FRAMES_PER_MESSAGE, labelSpans, targetSpans } from '../src/protocol/encode';
import { frameCount, framesMessage } from '../src/extension/analysis/sessionFrames';
import { yieldToEventLoop } from '../src/core/yieldToEventLoop';
import type { Session } from '../src/core/session/types';
import { replayOfEntry } from '../src/extension/analysis/resultsCodec';
import { openSession } from '../src/extension/analysis/openSession';
import { SessionSnapshotCache } from '../src/extension/analysis/sessionSnapshotCache';
import { consecutiveRuns, finalResultsMessage, provisionalResultsMessage } from '../src/extension/replay/resultsMessages';
import { watchEventLoop } from './stallWatch';

function now(): number {
  return performance.now();
}

const ms = (v: number) => Math.round(v * 10) / 10;

/** What the bench is doing, for the stall watch to say where the longest stall happened. */
let phase = '';

/**
 * The event loop's delay while the panel's steps run, and the longest stall that was a block by this
 * process (watchEventLoop: at least half of it the main thread's own work, ownWorkMs), with its phase.
 */
function watchLoop(): () => Promise<Record<string, number | string>> {
  const watch = watchEventLoop({ state: () => phase });
  return async () => {
    const l = await watch.stop();
    return {
      maxMs: l.maxMs,
      p99Ms: l.p99Ms,
      meanMs: l.meanMs,
      longestBusyStallMs: l.longestBusyStallMs,
      longestProcessBusyStallMs: l.longestProcessBusyStallMs,
      busyStallDuring: l.busyStallState,
    };
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

async function main(): Promise<void> {
  const [modelPath, file, threadsArg, hostsArg, batchArg, work] = process.argv.slice(2);

  // As the replay panel's pool: every host but the first niced (settingsModelLoader.ts).
  const pool = new ModelHostPool({ hostScript: findHostScript(__dirname), intraOpThreads: Number(threadsArg), hosts: Number(hostsArg), backgroundNiceness: 10 });
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

    const snapshots = new SessionSnapshotCache(join(work, `snapshots-${process.pid}`));

    /**
     * Opens the session as the replay panel does (openSession: snapshot or parse, hash alongside), runs
     * ReplayAnalysis with the playhead at `playhead` until its first results message is encoded.
     */
    const openUntilFirstResults = async (playhead: number) => {
      const stopLoop = watchLoop();
      const open = now();
      phase = 'openSession';
      const opened = await openSession(file, snapshots);
      // The panel's init: the whole session's frames for the webview, before any results, in messages of
      // FRAMES_PER_MESSAGE frames with the event loop turning between them (replayPanel.ts).
      phase = 'encodeFrames';
      // From the snapshot's columns on a reopen, as the panel does (framesMessage).
      const total = frameCount(opened.session);
      for (let start = 0; start === 0 || start < total; start += FRAMES_PER_MESSAGE) {
        const extra = start === 0 ? { targets: targetSpans(opened.session), labelSpans: labelSpans(opened.session), totalFrames: total } : {};
        framesMessage(opened.session, start, Math.min(total, start + FRAMES_PER_MESSAGE), extra);
        if (start + FRAMES_PER_MESSAGE < total) await yieldToEventLoop();
      }
      const readMs = now() - open;
      phase = 'ReplayAnalysis until the first results';
      const key = opened.sha256.then((hash) => resultsCacheKey(modelHash, profile, hash));
      const analysis = new ReplayAnalysis({ session: opened.session, profile, runner, batchSize: batch, cache: { store: cache, key } });
      analysis.setPlayhead(playhead);
      let firstAt = 0;
      let firstFrames: number[] = [];
      let kind = '';
      const rssBefore = process.memoryUsage().rss;
      const first = (shown: FrameResult[], message: () => unknown, what: string) => {
        if (firstAt) return;
        message();
        firstAt = now();
        kind = what;
        firstFrames = [shown[0].frame, shown[shown.length - 1].frame];
        analysis.cancel();
      };
      const listener: AnalysisListener = {
        targets: () => undefined,
        provisional: (shown) => first(shown, () => consecutiveRuns(shown).map((run) => provisionalResultsMessage(run, labels)), 'provisional'),
        final: (shown, before) => first(shown, () => finalResultsMessage(shown, labels, before, []), 'final'),
        progress: () => undefined,
      };
      await analysis.run(listener).catch((err: unknown) => {
        if (!analysis.cancelled) throw err;
      });
      const loop = await stopLoop();
      if (!firstAt) throw new Error('the analysis ended without results');
      return {
        session: opened,
        figures: {
          fromSnapshot: opened.fromSnapshot,
          readMs: ms(readMs),
          analysisToFirstMs: ms(firstAt - open - readMs),
          totalMs: ms(firstAt - open),
          playhead,
          firstFrames,
          kind,
          rssGrowthMB: ms((process.memoryUsage().rss - rssBefore) / 1048576),
          eventLoop: loop,
        },
      };
    };

    // --- first open of the file (no snapshot, no cached results): at frame 0, as a fresh panel opens;
    //     then mid-session, as a panel restored after a reload opens.
    let atStart: Awaited<ReturnType<typeof openUntilFirstResults>> | null = await openUntilFirstResults(0);
    const frames = frameCount(atStart.session.session);
    // Only its figures are kept: the extension host would not hold a second copy of the session either.
    const restoredOpen = (await openUntilFirstResults(Math.floor(frames / 2))).figures;
    let session: Session | null = atStart.session.session;
    // Where the first open's time goes: the window pass that lists every window, alone; and, side by
    // side, the whole pipeline run with a stand-in model, which is how windows were listed before.
    const w0 = now();
    await listWindows(session, profile, new WindowRecorder(labels.length), new WindowStates(frames), { batchSize: 64 });
    const windowPassMs = now() - w0;
    const d0 = now();
    await replaySession(session, profile, new WindowRecorder(labels.length), { batchSize: 64 });
    const dryRunMs = now() - d0;

    // --- the cache entry: the whole session's results (stand-in model outputs; same size as real ones),
    //     and the session's snapshot, as the panel stores them after an analysis.
    const f0 = now();
    const key = resultsCacheKey(modelHash, profile, await atStart.session.sha256);
    const firstOpenFigures = atStart.figures;
    await cache.put(key, await replaySession(session, profile, standInRunner(labels.length), { batchSize: 256 }), labels.length);
    const fillMs = now() - f0;
    const s0 = now();
    await atStart.session.saveSnapshot();
    // The panel that read it is closed: nothing holds the first session when it is reopened.
    atStart = null;
    session = null;
    const snapshotSaveMs = now() - s0;

    // --- reopen: same file, model and profile, mid-session playhead (a panel reopened where it was) ---
    const reopen = await openUntilFirstResults(Math.floor(frames / 2));
    if (!reopen.figures.fromSnapshot) throw new Error('the reopened session was not served from its snapshot');
    if (reopen.figures.kind !== 'final') throw new Error('the reopened session was not served from the results cache');
    // All of the reopen's messages, and the cache entry's whole decode, for reference.
    const a0 = now();
    const all = new ReplayAnalysis({ session: reopen.session.session, profile, runner, batchSize: batch, cache: { store: cache, key } });
    let messages = 0;
    const outcome = await all.run({ targets: () => undefined, provisional: () => undefined, final: (f, before) => { finalResultsMessage(f, labels, before, []); messages++; }, progress: () => undefined });
    const allMessagesMs = now() - a0;
    if (!outcome.fromCache) throw new Error('the reopened session was not served from the cache');
    const g0 = now();
    const whole = await cache.open(key);
    if (!whole) throw new Error('the cache entry is gone');
    replayOfEntry(whole);
    const cacheGetMs = now() - g0;
    const firstOpen = { ...firstOpenFigures, windowPassMs: ms(windowPassMs), dryRunMs: ms(dryRunMs) };
    const reopened = { ...reopen.figures, cacheGetMs: ms(cacheGetMs), allMessagesMs: ms(allMessagesMs), messages, snapshotSaveMs: ms(snapshotSaveMs) };
    process.stdout.write(
      JSON.stringify({ frames, batch, threads: Number(threadsArg), hosts: Number(hostsArg), modelLoadMs: ms(modelLoadMs), firstOpen, restoredOpen, cacheFillMs: ms(fillMs), reopened }) + '\n',
    );
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(join(work, `snapshots-${process.pid}`), { recursive: true, force: true });
  } finally {
    await pool.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`firstResultsBench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
