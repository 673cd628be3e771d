// Time until the first results around the playhead are ready for a long session, as the replay panel
// does it outside VS Code: the replay worker opens the session (parse, hash alongside), analyses it
// (playhead first) and posts its frames messages (the playhead's first), this thread relays them as the
// extension host does, and a stand-in webview thread (standInWebview.ts) fetches and decodes them, until
// it holds the first results message; at frame 0 and mid-session, then a reopen served from the
// session's snapshot and the results cache.
//   node dist/bench/firstResultsBench.js <seed.onnx> <session.landmarks.jsonl> <threads> <hosts> <batch> <workDir>
// One JSON object on stdout. The event loop's delay is sampled throughout, as it would be in the
// extension host that runs this code.
import { rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { replaySession } from '../src/core/pipeline/replaySession';
import type { ModelRunner } from '../src/core/pipeline/types';
import { findHostScript } from '../src/modelhost/hostScript';
import { WindowRecorder } from '../src/analysis/windowRecorder';
import { WindowStates } from '../src/analysis/windowStates';
import { listWindows } from '../src/analysis/windowPass';
import { ResultsCache } from '../src/analysis/resultsCache';
import { resultsCacheKey } from '../src/analysis/cacheKey';
import { replayOfEntry } from '../src/analysis/resultsCodec';
import { openSession, type OpenedSession } from '../src/analysis/openSession';
import { SessionSnapshotCache } from '../src/analysis/sessionSnapshotCache';
import { PacedPoster } from '../src/extension/panel/pacedPoster';
import { REPLAY_HOSTS } from '../src/model/hostLayouts';
import { ReplayWorkerClient, type RemoteSession } from '../src/replayworker/client';
import { Worker } from 'node:worker_threads';
import type { StandInReceived, ToStandIn } from './standInWebview';
import { findReplayWorkerScript } from '../src/replayworker/workerScript';
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

/** Analysed once before the figures, so both model hosts have run whole batches. */
const WARM_UP_SESSION = join(__dirname, '..', '..', 'samples', 'hello-world.landmarks.jsonl');

async function main(): Promise<void> {
  const [modelPath, file, threadsArg, hostsArg, batchArg, work] = process.argv.slice(2);

  const batch = Number(batchArg);
  const cacheDir = join(work, `cache-${process.pid}`);
  rmSync(cacheDir, { recursive: true, force: true });
  const snapshotDir = join(work, `snapshots-${process.pid}`);
  // The replay panel's worker, its model hosts at the panel's priority (REPLAY_HOSTS); the layout is the bench's to choose.
  const worker = new ReplayWorkerClient({
    script: findReplayWorkerScript(__dirname),
    resultsCacheDir: cacheDir,
    snapshotDir,
    bulkDir: join(work, `bulk-${process.pid}`, String(process.pid)),
    niceness: 10,
    modelHosts: { script: findHostScript(__dirname), hosts: Number(hostsArg), intraOpThreads: Number(threadsArg), niceness: REPLAY_HOSTS.niceness },
  });
  try {
    const l0 = now();
    const model = await worker.loadModel(modelPath, modelPath, {});
    const modelLoadMs = now() - l0;
    const modelHash = model.hash;
    const profile = model.resolved.profile;
    const labels = profile.labels;
    // Warm: every host runs whole batches once (a short session, analysed and cached apart).
    const warm = await worker.open(WARM_UP_SESSION, (_message, posted) => posted());
    await warm.analyse({ modelKey: model.key, playhead: 0, batchSize: batch });
    warm.close();
    const cache = new ResultsCache(cacheDir);

    /**
     * Opens the session as the replay panel does: the replay worker reads it (snapshot or parse, hash
     * alongside), then posts its frames messages from the playhead's outwards while it analyses with the
     * playhead at `playhead`; the time is taken when the first results message reaches this thread,
     * through the panel's paced poster. The session stays open until every frame has arrived too.
     */
    const openUntilFirstResults = async (playhead: number) => {
      const stopLoop = watchLoop();
      const open = now();
      phase = 'open in the replay worker';
      let firstAt = 0;
      let firstFramesAt = 0;
      let allFramesAt = 0;
      let firstFrames: number[] = [];
      let kind = '';
      let framesSeen = 0;
      let frameCount = Infinity;
      // The webview: a thread of its own fetches and decodes the bulk files (StandInReceived).
      const webview = new Worker(join(__dirname, 'standInWebview.js'));
      let remote: RemoteSession | undefined;
      webview.on('message', (message: StandInReceived) => {
        if (message.bulkFile) remote?.bulkFetched(message.bulkFile);
        if (message.type === 'frames') {
          framesSeen += message.count!;
          firstFramesAt ||= now();
          if (framesSeen >= frameCount) allFramesAt = now();
        }
        if (message.type !== 'results' || firstAt) return;
        firstAt = now();
        kind = message.provisional ? 'provisional' : 'final';
        firstFrames = [message.start!, message.start! + message.count! - 1];
      });
      // The extension host's side: the panel's paced poster relays each message, or a bulk file's name.
      const poster = new PacedPoster<ToStandIn>((input) => webview.postMessage(input));
      const rssBefore = process.memoryUsage().rss;
      remote = await worker.open(file, (message, posted) => {
        if (message.type === 'bulkFile') return poster.push({ bulkFile: message.file }, posted);
        const { type, start, count, provisional } = message as { type: string; start?: number; count?: number; provisional?: boolean };
        poster.push({ message: { type, start, count, provisional } }, posted);
      });
      const openedAt = now();
      frameCount = remote.summary.info.frameCount;
      // The panel's init: the analysis, which sends the frames messages too (the playhead's first).
      phase = 'frames around the playhead, analysis until the first results';
      const analysed = remote.analyse({ modelKey: model.key, playhead, batchSize: batch, framesFrom: playhead });
      analysed.catch(() => undefined);
      while (!firstAt) await new Promise((r) => setTimeout(r, 1));
      phase = 'the other frames messages';
      while (framesSeen < frameCount) await new Promise((r) => setTimeout(r, 1));
      remote.close();
      await analysed.catch(() => undefined);
      await webview.terminate();
      const loop = await stopLoop();
      if (framesSeen !== frameCount) throw new Error(`${framesSeen} of ${frameCount} frames reached the panel`);
      return {
        frames: frameCount,
        figures: {
          fromSnapshot: remote.summary.fromSnapshot,
          openMs: ms(openedAt - open),
          firstFramesMs: ms(firstFramesAt - openedAt),
          openToFirstResultsMs: ms(firstAt - openedAt),
          totalMs: ms(firstAt - open),
          allFramesMs: ms(allFramesAt - open),
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
    const atStart = await openUntilFirstResults(0);
    const frames = atStart.frames;
    const restoredOpen = (await openUntilFirstResults(Math.floor(frames / 2))).figures;
    // Where the first open's time goes, in this thread: the window pass that lists every window, alone;
    // and, side by side, the whole pipeline run with a stand-in model, which is how windows were listed before.
    let opened: OpenedSession | null = await openSession(file, undefined);
    const w0 = now();
    await listWindows(opened.session, profile, new WindowRecorder(profile.windowSize), new WindowStates(frames), { batchSize: 64 });
    const windowPassMs = now() - w0;
    const d0 = now();
    await replaySession(opened.session, profile, standInRunner(labels.length), { batchSize: 64 });
    const dryRunMs = now() - d0;

    // --- the cache entry: the whole session's results (stand-in model outputs; same size as real ones),
    //     and the session's snapshot, as the panel stores them after an analysis.
    const f0 = now();
    const key = resultsCacheKey(modelHash, profile, await opened.sha256);
    await cache.put(key, await replaySession(opened.session, profile, standInRunner(labels.length), { batchSize: 256 }), labels.length);
    const fillMs = now() - f0;
    const s0 = now();
    await new SessionSnapshotCache(snapshotDir).put(opened.session, {
      path: file,
      ...(await stat(file).then((st) => ({ size: st.size, mtimeMs: st.mtimeMs }))),
      sha256: await opened.sha256,
    });
    const snapshotSaveMs = now() - s0;
    // Nothing in this thread holds the session when it is reopened.
    opened = null;

    // --- reopen: same file, model and profile, mid-session playhead (a panel reopened where it was) ---
    const reopen = await openUntilFirstResults(Math.floor(frames / 2));
    if (!reopen.figures.fromSnapshot) throw new Error('the reopened session was not served from its snapshot');
    if (reopen.figures.kind !== 'final') throw new Error('the reopened session was not served from the results cache');
    // All of the reopen's messages through the worker, and the cache entry's whole decode, for reference.
    const a0 = now();
    let messages = 0;
    const all: RemoteSession = await worker.open(file, (message, posted) => {
      if (message.type === 'results' || message.type === 'bulkFile') messages++;
      if (message.type === 'bulkFile') all.bulkFetched(message.file);
      posted();
    });
    const outcome = await all.analyse({ modelKey: model.key, playhead: 0, batchSize: batch });
    all.close();
    const allMessagesMs = now() - a0;
    if (!outcome.fromCache) throw new Error('the reopened session was not served from the cache');
    const g0 = now();
    const whole = await cache.open(key);
    if (!whole) throw new Error('the cache entry is gone');
    replayOfEntry(whole);
    const cacheGetMs = now() - g0;
    const firstOpenFigures = atStart.figures;
    const firstOpen = { ...firstOpenFigures, windowPassMs: ms(windowPassMs), dryRunMs: ms(dryRunMs) };
    const reopened = { ...reopen.figures, cacheGetMs: ms(cacheGetMs), allMessagesMs: ms(allMessagesMs), messages, snapshotSaveMs: ms(snapshotSaveMs) };
    process.stdout.write(
      JSON.stringify({ frames, batch, threads: Number(threadsArg), hosts: Number(hostsArg), modelLoadMs: ms(modelLoadMs), firstOpen, restoredOpen, cacheFillMs: ms(fillMs), reopened }) + '\n',
    );
    rmSync(cacheDir, { recursive: true, force: true });
    rmSync(snapshotDir, { recursive: true, force: true });
    rmSync(join(work, `bulk-${process.pid}`), { recursive: true, force: true });
  } finally {
    await worker.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`firstResultsBench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
