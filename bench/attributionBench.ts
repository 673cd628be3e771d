// Attribution of one window for bench/run.mjs, one JSON object on stdout.
//   node dist/bench/attributionBench.js <seed.onnx> <windows> <rounds>
// Side by side, interleaved, on one model host of 1 thread (the `explain` command's): the occlusion batch of
// a window (1 + 21 + 32 = 54 windows) as ONE run, against the same 54 windows as 54 single runs one after
// another; then the replay panel's way, the same one call through its two hosts. Each is timed over
// `windows` different windows of a synthesized session (longSession), the median per window reported; the
// distributions of both ways must agree.
import { attributeWindow } from '../src/core/attribution/attributeWindow';
import { occlusionBatch, occlusionDistributions, occlusionRowCount } from '../src/core/attribution/occlusion';
import { VALUES_PER_FRAME } from '../src/core/hand/topology';
import { windowEndingAt } from '../src/core/pipeline/windowEndingAt';
import { ModelHostPool } from '../src/model/hostPool';
import { loadModelWithProfile } from '../src/model/loadModelWithProfile';
import { findHostScript } from '../src/modelhost/hostScript';
import { longSession } from './longSession';
import { sessionFrames } from '../src/core/session/frameColumns';

const now = () => Number(process.hrtime.bigint()) / 1e6;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const [model, windowsArg, roundsArg] = process.argv.slice(2);
  const count = Math.max(1, Number(windowsArg ?? 10));
  const rounds = Math.max(1, Number(roundsArg ?? 2));
  const pool = new ModelHostPool({ hostScript: findHostScript(__dirname), hosts: 2, intraOpThreads: 1 });
  try {
    const [loaded] = await Promise.all([loadModelWithProfile(pool.clients[0], model), pool.clients[1].load(model)]);
    const profile = loaded.resolved.profile;
    const host = pool.clients[0];
    const single = host.createRunner(profile, 64);
    const panel = pool.createRunner(profile, 64);
    const rows = occlusionRowCount(profile.windowSize);
    const perWindow = profile.windowSize * VALUES_PER_FRAME;
    const session = longSession(1800, 7);
    // Windows spread over the session.
    const frames: number[] = [];
    const scratch = new Float32Array(perWindow);
    for (let f = profile.windowSize; frames.length < count && f < sessionFrames(session).length; f += Math.floor(sessionFrames(session).length / (count + 1))) {
      let g = f;
      while (g < sessionFrames(session).length && !windowEndingAt(session, profile, g, scratch, 0)) g++;
      if (g < sessionFrames(session).length) frames.push(g);
    }
    // Warm both ways up (the first runs allocate).
    await single.run(new Float32Array(rows * perWindow), rows);
    await single.run(new Float32Array(perWindow), 1);
    const batchMs: number[] = [];
    const singlesMs: number[] = [];
    const panelMs: number[] = [];
    let maxDiff = 0;
    for (let r = 0; r < rounds; r++) {
      for (const frame of frames) {
        const t0 = now();
        const batched = await attributeWindow(session, profile, single, frame);
        batchMs.push(now() - t0);
        if (!batched) throw new Error(`no window at frame ${frame}`);

        const t1 = now();
        const window = new Float32Array(perWindow);
        windowEndingAt(session, profile, frame, window, 0);
        const batch = occlusionBatch(window, profile.windowSize);
        const outputs = new Float32Array(rows * single.classCount);
        for (let k = 0; k < rows; k++) outputs.set(await single.run(batch.subarray(k * perWindow, (k + 1) * perWindow), 1), k * single.classCount);
        const separate = occlusionDistributions(outputs, profile.windowSize, single.classCount, profile.softmax);
        singlesMs.push(now() - t1);
        for (let i = 0; i < separate.probs.length; i++) maxDiff = Math.max(maxDiff, Math.abs(separate.probs[i] - batched.probs[i]));

        const t2 = now();
        await attributeWindow(session, profile, panel, frame);
        panelMs.push(now() - t2);
      }
      process.stderr.write(`  round ${r + 1}: batch ${median(batchMs).toFixed(1)} ms, singles ${median(singlesMs).toFixed(1)} ms\n`);
    }
    const batch = median(batchMs);
    const singles = median(singlesMs);
    process.stdout.write(
      JSON.stringify({
        windowsPerAttribution: rows,
        attributions: batchMs.length,
        batchMs: batch,
        singlesMs: singles,
        panelMs: median(panelMs),
        speedup: singles / batch,
        batchP90Ms: [...batchMs].sort((a, b) => a - b)[Math.floor(batchMs.length * 0.9)],
        maxDiff,
      }) + '\n',
    );
  } finally {
    await pool.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`attributionBench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
