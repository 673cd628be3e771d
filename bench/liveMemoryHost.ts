// The extension host's side of bench/live-memory.mjs, in a process of its own so its memory is its own:
// the live server (model in its model host, as in VS Code), and what a live panel does with each frame
// (LiveFollowStream, drained every 100 ms). Each drain is written to stdout as one line
// {"messages": [...]} in the webview harness's transport; a line "memory" on stdin is answered with
// {"memory": {...}} after two full garbage collections, a line "snapshot" with {"snapshot": path} of a
// heap snapshot written to the temp directory (overwritten each time). Run with --expose-gc.
// The server's clock runs `speed` times wall time, so a client sending 30 x speed frames a second is a
// 30 fps client to the pipeline (its throttle) and the panel (its times).
//   node --expose-gc dist/bench/liveMemoryHost.js <model.onnx> <keepFrames | all> [speed]
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import { CoalescingRunner } from '../src/core/live/coalescingRunner';
import { LiveFollowStream } from '../src/extension/live/liveFollowStream';
import { livePipelineFactory } from '../src/liveserver/livePipelineFactory';
import { LiveServer } from '../src/liveserver/liveServer';
import { ModelHostClient } from '../src/modelhost/client';
import { findHostScript } from '../src/modelhost/hostScript';
import { loadModelWithProfile } from '../src/model/loadModelWithProfile';
import { PROTOCOL_VERSION, type InitMessage } from '../src/protocol/messages';
import { toTransport } from '../test/webview/producer/transport';

/** LivePanel's flush interval. */
const FLUSH_MS = 100;

function write(value: unknown): void {
  process.stdout.write(JSON.stringify(value, toTransport) + '\n');
}

async function main(): Promise<void> {
  const [modelPath, keepArg, speedArg = '1'] = process.argv.slice(2);
  const speed = Number(speedArg);
  const keepFrames = keepArg === 'all' ? Infinity : Number(keepArg);
  if (!modelPath || !(keepFrames >= 1) || !(speed > 0)) throw new Error('usage: liveMemoryHost.js <model.onnx> <keepFrames | all> [speed]');
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const client = new ModelHostClient({ hostScript: findHostScript(__dirname), intraOpThreads: 1 });
  const model = await loadModelWithProfile(client, modelPath, {});
  const profile = model.resolved.profile;
  const runner = new CoalescingRunner(client.createRunner(profile, 32), 32);
  const stream = new LiveFollowStream(profile.labels, keepFrames);
  const server = new LiveServer({
    host: '127.0.0.1',
    port: 0,
    createPipeline: livePipelineFactory(profile, runner),
    clock: () => Math.floor(performance.now() * speed),
  });
  server.on({
    frameProcessed: (c, landmarks, result) => stream.addFrame(c.id, landmarks, result),
    targetChanged: (c, t, letter, reply) => stream.addTarget(c.id, t, letter, reply),
    clientClosed: (c) => stream.clientLeft(c.id),
  });
  const url = await server.start();
  const init: InitMessage = {
    type: 'init',
    protocol: PROTOCOL_VERSION,
    mode: 'live',
    title: `Live: ${url}`,
    session: { frameCount: 0, fps: 30, source: 'live', file: '', startMs: 0, endMs: 0 },
    labels: [...profile.labels],
    model: null,
    windowSize: profile.windowSize,
    smoothingWindow: profile.smoothingWindow,
    ...(Number.isFinite(keepFrames) ? { keepFrames } : {}),
  };
  write({ listening: url, messages: [init] });
  const flush = setInterval(() => {
    const messages = stream.drain();
    if (messages.length) write({ messages });
  }, FLUSH_MS);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'memory') {
      gc();
      gc();
      const m = process.memoryUsage();
      write({ memory: { heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers, frames: stream.frameCount } });
    } else if (line === 'snapshot') {
      gc();
      write({ snapshot: writeHeapSnapshot(join(tmpdir(), `live-memory-host-${process.pid}.heapsnapshot`)) });
    } else if (line === 'stop') break;
  }
  clearInterval(flush);
  await server.stop();
  await client.dispose();
}

main().catch((err) => {
  process.stderr.write(`liveMemoryHost: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
