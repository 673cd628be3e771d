// `evaluate` throughput for bench/run.mjs, one JSON object on stdout.
//   node dist/bench/evaluateBench.js <seed.onnx> <folder> <rounds>
// In each round, side by side: the replay panel's analysis (ReplayAnalysis, batches of 256 on 2 model hosts
// x 1 thread in requests of 64, the sessions already read, no cache) of every session of the folder one
// after another, then `landmark-lens evaluate <folder> --model <seed.onnx>` as a user runs it (a process of
// its own: reading, model load, analysis, evaluation and report of every session), each in windows per
// second. Both take about as long, so other work on the machine weighs on both alike.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ModelHostPool } from '../src/model/hostPool';
import { HOST_REQUEST_WINDOWS } from '../src/model/loadModelInPool';
import { findHostScript } from '../src/modelhost/hostScript';
import { loadModelWithProfile } from '../src/model/loadModelWithProfile';
import { readSession } from '../src/core/session/readSession';
import { analyseSession } from '../src/analysis/analyseSession';

const now = () => Number(process.hrtime.bigint()) / 1e6;

function runEvaluate(model: string, folder: string, out: string): Promise<number> {
  const cli = join(__dirname, '..', '..', 'bin', 'landmark-lens.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'evaluate', folder, '--model', model, '--format', 'json', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve(0) : reject(new Error(`evaluate exited ${code}: ${err.trim().split('\n').pop()}`))));
  });
}

async function main(): Promise<void> {
  const [model, folder, roundsArg] = process.argv.slice(2);
  const rounds = Math.max(1, Number(roundsArg ?? 1));
  const pool = new ModelHostPool({ hostScript: findHostScript(__dirname), hosts: 2, intraOpThreads: 1 });
  const out = join(tmpdir(), `landmark-lens-evaluate-bench-${process.pid}.json`);
  try {
    const [loaded] = await Promise.all([loadModelWithProfile(pool.clients[0], model), pool.clients[1].load(model)]);
    const profile = loaded.resolved.profile;
    const runner = pool.createRunner(profile, HOST_REQUEST_WINDOWS);
    await runner.run(new Float32Array(256 * profile.windowSize * 63), 256);
    const files = readdirSync(folder).filter((n) => n.endsWith('.landmarks.jsonl')).sort();
    const sessions = [];
    for (const name of files) sessions.push(await readSession(join(folder, name)));
    const perRound: Array<{ panel: number; evaluate: number; ratio: number; evaluateWindows: number; evaluateMs: number; sessions: number }> = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = now();
      let panelWindows = 0;
      for (const session of sessions) panelWindows += (await analyseSession(session, profile, runner)).result.windows;
      const panel = (panelWindows / (now() - t0)) * 1000;
      const t1 = now();
      await runEvaluate(model, folder, out);
      const evaluateMs = now() - t1;
      const report = JSON.parse(readFileSync(out, 'utf8')) as { models: Array<{ sessions: Array<{ windows: number }> }> };
      const windows = report.models[0].sessions.reduce((n, s) => n + s.windows, 0);
      const evaluate = (windows / evaluateMs) * 1000;
      const round = { panel: Math.round(panel), evaluate: Math.round(evaluate), ratio: evaluate / panel, evaluateWindows: windows, evaluateMs: Math.round(evaluateMs), sessions: report.models[0].sessions.length };
      perRound.push(round);
      process.stderr.write(`  round ${r + 1}: ${JSON.stringify(round)}\n`);
    }
    const ratios = perRound.map((x) => x.ratio).sort((a, b) => a - b);
    const mid = ratios.length >> 1;
    const median = ratios.length % 2 ? ratios[mid] : (ratios[mid - 1] + ratios[mid]) / 2;
    process.stdout.write(JSON.stringify({ rounds: perRound, ratio: median }) + '\n');
  } finally {
    rmSync(out, { force: true });
    await pool.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`evaluateBench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
