// Writes a synthesized session of exactly <frames> frames (see longSession.ts) for the benchmarks.
//   node dist/bench/writeSession.js <frames> <out.landmarks.jsonl>
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { serializeSession } from '../src/core/session/sessionLines';
import { longSession } from './longSession';

async function main(): Promise<void> {
  const [framesArg, file] = process.argv.slice(2);
  const frames = Number(framesArg);
  if (!Number.isInteger(frames) || frames < 1 || !file) throw new Error('usage: writeSession.js <frames> <out.landmarks.jsonl>');
  const started = Date.now();
  const session = longSession(frames);
  const out = createWriteStream(file);
  for (const line of serializeSession(session)) {
    if (!out.write(line + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const noHand = session.frames.filter((f) => f.hands.length === 0).length;
  process.stdout.write(JSON.stringify({ frames, noHand, labels: session.labels.length, ms: Date.now() - started }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`writeSession: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
