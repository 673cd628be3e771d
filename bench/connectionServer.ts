// The server side of bench/connections.mjs: the live server with the bundled demo model in its model host,
// as `landmark-lens serve` runs it, answering the parent's memory requests over IPC (after a full GC).
// Run: node --expose-gc dist/bench/connectionServer.js <demo.onnx> <maxClients> <idleTimeoutS>
import { LiveServer } from '../src/liveserver/liveServer';
import { livePipelineFactory } from '../src/liveserver/livePipelineFactory';
import { CoalescingRunner } from '../src/core/live/coalescingRunner';
import { ModelHostClient } from '../src/modelhost/client';
import { findHostScript } from '../src/modelhost/hostScript';
import { loadModelWithProfile } from '../src/model/loadModelWithProfile';

const [modelPath, maxClients, idleTimeoutS] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;

async function main(): Promise<void> {
  const host = new ModelHostClient({ hostScript: findHostScript() });
  const model = await loadModelWithProfile(host, modelPath);
  const profile = model.resolved.profile;
  const server = new LiveServer({
    host: '127.0.0.1',
    port: 0,
    maxClients: Number(maxClients),
    idleTimeoutMs: Number(idleTimeoutS) * 1000,
    createPipeline: livePipelineFactory(profile, new CoalescingRunner(host.createRunner(profile, 32), 32)),
  });
  const url = await server.start();
  process.on('message', (m: { kind: string }) => {
    if (m.kind === 'memory') {
      gc?.();
      const mem = process.memoryUsage();
      const f = server.figures();
      process.send!({ kind: 'memory', rssMB: mem.rss / 2 ** 20, heapMB: mem.heapUsed / 2 ** 20, clients: f.clients, refused: f.refused });
    } else if (m.kind === 'stop') {
      void server.stop().then(() => host.dispose()).then(() => process.exit(0));
    }
  });
  process.send!({ kind: 'listening', url });
}

main().catch((err) => {
  process.stderr.write(`connectionServer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
