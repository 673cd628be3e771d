// One timing run of bench/session-read.mjs, in a fresh process: reading a session as readSession did
// before worker threads (chooseImporter + readLandmarksSession on this thread) or as it does now, with the
// longest event-loop stall while it ran (perf_hooks.monitorEventLoopDelay, resolution 10 ms) and the time
// the calling thread was busy (event-loop utilization).
// Usage: node dist/bench/sessionReadTiming.js sequential|parallel <file>
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { chooseImporter, readSession } from '../src/core/session';
import type { SessionReadPath } from '../src/core/session/parallelSessionRead';
import type { ParallelReadOptions } from '../src/core/session/parallelSessionRead';
import { readLandmarksSession } from '../src/core/session/readLandmarksSession';
import { sessionFrames } from '../src/core/session/frameColumns';

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== 'sequential' && mode !== 'parallel') || !file) throw new Error('usage: sessionReadTiming.js sequential|parallel <file>');
  let how: SessionReadPath | undefined;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const utilization = performance.eventLoopUtilization();
  const started = performance.now();
  const session =
    mode === 'sequential'
      ? await chooseImporter(file).then(() => readLandmarksSession(file))
      : await readSession(file, { onReadPath: (h) => (how = h) } as ParallelReadOptions);
  const ms = performance.now() - started;
  const busy = performance.eventLoopUtilization(utilization);
  delay.disable();
  if (session.problems.length) throw new Error(`unexpected problem: ${session.problems[0].message}`);
  if (mode === 'parallel' && !how?.parallel) throw new Error(`readSession did not read in parallel: ${how && 'reason' in how ? how.reason : 'no path reported'}`);
  process.stdout.write(
    JSON.stringify({
      mode,
      frames: sessionFrames(session).length,
      ms: Math.round(ms),
      maxStallMs: Math.round(delay.max / 1e5) / 10,
      // Time this thread's event loop spent running code (not waiting) during the read.
      mainThreadBusyMs: Math.round(busy.active),
      ranges: how?.parallel ? how.ranges : 1,
    }) + '\n',
  );
}

main().catch((err) => {
  process.stderr.write(`sessionReadTiming: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
