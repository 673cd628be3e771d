// One measurement of bench/session-read.mjs, in a fresh process so peak RSS belongs to it alone.
// Usage: node dist/bench/sessionReadWorker.js write <file> <frames> | stream <file> | read <file>
import { statSync } from 'node:fs';
import { readSession, SessionWriter, streamSession } from '../src/core/session';
import { sessionFrames } from '../src/core/session/frameColumns';

function hand(k: number) {
  const landmarks = new Float64Array(63);
  let seed = (k * 2654435761) >>> 0;
  for (let i = 0; i < 63; i++) {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    landmarks[i] = Math.round((seed / 2 ** 32) * 1e6) / 1e6;
  }
  return { landmarks, handedness: 'Right' as const, score: 0.97 };
}

async function main(): Promise<void> {
  const [mode, file, framesArg] = process.argv.slice(2);
  const started = process.hrtime.bigint();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  let peakRss = process.memoryUsage().rss;
  // With --expose-gc: memory still reachable after a full collection (heap plus buffers), the
  // figure that shows whether reading holds on to what it has read; RSS also counts garbage.
  const gc = (globalThis as { gc?: () => void }).gc;
  const liveBefore = (() => {
    gc?.();
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  })();
  let peakLive = liveBefore;
  const sample = (collect = false) => {
    if (collect && gc) {
      gc();
      const m = process.memoryUsage();
      peakLive = Math.max(peakLive, m.heapUsed + m.external);
    }
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  let frames = 0;
  if (mode === 'write') {
    const writer = await SessionWriter.create(file, { fps: 30, source: 'bench/session-read' }, { overwrite: true, flushEveryLines: 300, flushIntervalMs: 0 });
    const total = Number(framesArg);
    for (let k = 0; k < total; k++) {
      writer.appendFrame({ t: Math.round((k * 1e6) / 30) / 1000, hands: k % 17 === 0 ? [] : [hand(k)] });
      if (k % 300 === 299) {
        await writer.flush();
        sample(k % 10_800 === 10_799);
      }
    }
    await writer.close();
    frames = total;
  } else if (mode === 'stream') {
    for await (const record of streamSession(file)) {
      if (record.kind === 'frame') frames++;
      if (record.kind === 'problem') throw new Error(`unexpected problem ${record.problem.message}`);
      if (frames % 1000 === 0) sample(frames % 10_000 === 0);
    }
  } else if (mode === 'read') {
    const session = await readSession(file);
    sample(true);
    frames = sessionFrames(session).length;
    if (session.problems.length) throw new Error(`unexpected problems ${session.problems[0].message}`);
  } else {
    throw new Error(`unknown mode ${mode}`);
  }
  sample();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  process.stdout.write(
    JSON.stringify({
      mode,
      frames,
      bytes: statSync(file).size,
      ms: Math.round(ms),
      peakRssMB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
      sampledPeakRssMB: Math.round((peakRss / 1048576) * 10) / 10,
      heapGrowthMB: Math.round(((peakHeap - heapBefore) / 1048576) * 10) / 10,
      liveGrowthMB: gc ? Math.round(((peakLive - liveBefore) / 1048576) * 10) / 10 : null,
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`sessionReadWorker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
