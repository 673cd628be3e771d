// Writes a synthesized session of exactly <frames> frames (see longSession.ts) for the benchmarks and the
// integration perf suite, in a process of its own, so its garbage is not the caller's.
//   node dist/bench/writeSession.js <frames> <out.landmarks.jsonl> [--created <header.created>] [--seed N] [--count-windows]
// Prints one JSON line: frames, noHand, labels, ms, and with --count-windows the windows the pipeline runs.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { serializeSession } from '../src/core/session/sessionLines';
import { replaySession } from '../src/core/pipeline/replaySession';
import { BACKEND_DEFAULT_PROFILE } from '../src/core/model/profile';
import type { ModelRunner } from '../src/core/pipeline/types';
import { longSession } from './longSession';
import { sessionFrames } from '../src/core/session/frameColumns';

async function main(): Promise<void> {
  const [framesArg, file, ...flags] = process.argv.slice(2);
  const frames = Number(framesArg);
  if (!Number.isInteger(frames) || frames < 1 || !file) throw new Error('usage: writeSession.js <frames> <out.landmarks.jsonl> [--created <iso>] [--count-windows]');
  const started = Date.now();
  const seedFlag = flags.indexOf('--seed');
  const session = longSession(frames, seedFlag >= 0 ? Number(flags[seedFlag + 1]) : undefined);
  const created = flags.indexOf('--created');
  if (created >= 0) session.header.created = flags[created + 1];
  const out = createWriteStream(file);
  for (const line of serializeSession(session)) {
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  let noHand = sessionFrames(session).filter((f) => f.hands.length === 0).length;
  let windows: number | undefined;
  if (flags.includes('--count-windows')) {
    // The window stage does not depend on the model's outputs: a dry run with zeros counts the windows.
    const zeros: ModelRunner = { classCount: 29, run: async (_w, count) => new Float32Array(count * 29) };
    const dry = await replaySession(session, BACKEND_DEFAULT_PROFILE, zeros, { batchSize: 1024 });
    windows = dry.windows;
    noHand = dry.frames.filter((f) => f.status === 'no-hand').length;
  }
  process.stdout.write(JSON.stringify({ frames, noHand, windows, labels: session.labels.length, ms: Date.now() - started }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`writeSession: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
