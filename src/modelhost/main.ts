// Model host child process: owns onnxruntime-node, answers load/run requests from its parent over IPC;
// run requests' windows come on the window channel.
import { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WINDOW_CHANNEL_FD, type HostReply, type HostRequest } from './protocol';
import { HostFailure, OnnxModel, oneLine } from './onnxModel';
import { WindowChannelReader } from './windowChannel';

/** When the imports, onnxruntime's among them, were done (ms since the process started). */
const listeningMs = performance.now();

let model: OnnxModel | null = null;
let queue: Promise<void> = Promise.resolve();

function reply(message: HostReply): void {
  process.send?.(message);
}

async function handle(request: HostRequest): Promise<HostReply> {
  try {
    if (request.kind === 'load') {
      const loadStartMs = performance.now();
      model = null;
      model = await OnnxModel.load(request.path, request.intraOpThreads);
      const times = { originEpochMs: performance.timeOrigin, nodeReadyMs: performance.nodeTiming.bootstrapComplete, listeningMs, loadStartMs, loadedMs: performance.now() };
      return { id: request.id, ok: true, kind: 'load', signature: model.signature, times };
    }
    const windows = request.windows ?? (await windowChannel().take(request.id, request.bytes));
    if (!model) return { id: request.id, ok: false, reason: 'no-model', error: 'no model is loaded' };
    const started = performance.now();
    const { output, classCount } = await model.run(
      windows,
      request.count,
      request.windowSize,
      request.layout,
      request.inputName,
      request.outputName,
    );
    return { id: request.id, ok: true, kind: 'run', output, classCount, runMs: performance.now() - started };
  } catch (err) {
    const reason = err instanceof HostFailure ? err.reason : request.kind === 'load' ? 'load-failed' : 'run-failed';
    return { id: request.id, ok: false, reason, error: oneLine(err) };
  }
}

if (!process.send) {
  process.stderr.write('modelhost: must be started by a ModelHostClient (child_process.fork)\n');
  process.exit(2);
}

let channel: WindowChannelReader | null = null;

/** The window channel, opened when the first request that uses it arrives. */
function windowChannel(): WindowChannelReader {
  channel ??= new WindowChannelReader(new Socket({ fd: WINDOW_CHANNEL_FD, readable: true, writable: false }));
  return channel;
}

process.on('message', (message: HostRequest) => {
  // One request at a time: onnxruntime sessions are used sequentially.
  queue = queue.then(async () => reply(await handle(message)));
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
