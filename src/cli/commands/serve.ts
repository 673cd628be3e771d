import { resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { LivePipeline } from '../../core/pipeline/livePipeline';
import { CoalescingRunner } from '../../core/live/coalescingRunner';
import { ModelHostClient } from '../../modelhost/client';
import { findHostScript } from '../../modelhost/hostScript';
import { loadModelWithProfile } from '../../modelhost/loadModelWithProfile';
import { LivePortInUseError } from '../../liveserver/livePortInUseError';
import { DEFAULT_LIVE_HOST, DEFAULT_LIVE_PORT, DEFAULT_MAX_PAYLOAD, LiveServer } from '../../liveserver/liveServer';
import { asUserError, demoModelPath } from './analyze';

const USAGE =
  'serve [--host 127.0.0.1] [--port 8765] [--model m.onnx] [--profile p.json] [--max-payload bytes] [--max-batch 32] [--stats-every s]';

interface ServeArgs {
  host: string;
  port: number;
  model: string | null;
  profile: string | null;
  maxPayload: number;
  /** Windows of different clients run together while the model is busy; 1 runs them one by one. */
  maxBatch: number;
  statsEverySeconds: number;
}

function integer(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UserError(`${flag} must be an integer from ${min} to ${max}, got '${value}'`);
  return n;
}

function parseArgs(args: string[]): ServeArgs {
  const parsed: ServeArgs = {
    host: DEFAULT_LIVE_HOST, port: DEFAULT_LIVE_PORT, model: null, profile: null, maxPayload: DEFAULT_MAX_PAYLOAD, maxBatch: 32, statsEverySeconds: 5,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) throw new UserError(`unexpected argument '${arg}'; usage: ${USAGE}`);
    const [flag, inline] = arg.split('=', 2);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UserError(`${flag} needs a value; usage: ${USAGE}`);
    switch (flag) {
      case '--host':
        parsed.host = value;
        break;
      case '--port':
        parsed.port = integer(flag, value, 0, 65535);
        break;
      case '--model':
        parsed.model = value;
        break;
      case '--profile':
        parsed.profile = value;
        break;
      case '--max-payload':
        parsed.maxPayload = integer(flag, value, 1024, 2 ** 30);
        break;
      case '--max-batch':
        parsed.maxBatch = integer(flag, value, 1, 1024);
        break;
      case '--stats-every':
        parsed.statsEverySeconds = integer(flag, value, 0, 3600);
        break;
      default:
        throw new UserError(`unknown option ${flag}; usage: ${USAGE}`);
    }
  }
  return parsed;
}

function statsLine(server: LiveServer): string {
  const f = server.figures();
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');
  return (
    `clients ${f.clients}, ${f.fps.toFixed(1)} frames/s, window ${f.windowSpanS.toFixed(1)} s, ` +
    `latency p50 ${ms(f.latencyP50Ms)} p95 ${ms(f.latencyP95Ms)}, replies ${f.repliesSent} sent / ${f.repliesThrottled} throttled, ` +
    `dropped ${f.dropped}, errors ${f.errors}`
  );
}

/** Runs the server until `stop` aborts; resolves with the exit code. */
export async function serve(args: string[], io: CliIO, stop: AbortSignal, onListening?: (url: string) => void): Promise<number> {
  const options = parseArgs(args);
  const modelPath = options.model ? resolve(io.cwd, options.model) : demoModelPath();
  const client = new ModelHostClient({ hostScript: findHostScript(), onCrash: (m) => io.stderr(`model host: ${m}\n`) });
  let server: LiveServer | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const model = await loadModelWithProfile(client, modelPath, {
      profileFile: options.profile ? resolve(io.cwd, options.profile) : undefined,
    });
    const profile = model.resolved.profile;
    for (const warning of model.resolved.warnings) io.stderr(`warning: ${warning}\n`);
    const runner = new CoalescingRunner(client.createRunner(profile, options.maxBatch), options.maxBatch);
    server = new LiveServer({
      host: options.host,
      port: options.port,
      maxPayload: options.maxPayload,
      createPipeline: () => new LivePipeline(profile, runner),
    });
    server.on({
      clientConnected: (c) => io.stdout(`client ${c.id} connected from ${c.remote}\n`),
      clientClosed: (c, code) => {
        const m = c.session.meter;
        io.stdout(`client ${c.id} left (code ${code}): ${m.received} frames, ${m.repliesSent} replies, ${m.dropped} dropped, ${m.errors} errors\n`);
      },
    });
    let url: string;
    try {
      url = await server.start();
    } catch (err) {
      if (err instanceof LivePortInUseError) throw new UserError(`${err.message}; choose another port with --port`);
      throw err;
    }
    io.stdout(`landmark-lens live server listening on ${url} (model ${modelPath}, window ${profile.windowSize}, ${profile.labels.length} classes)\n`);
    onListening?.(url);
    if (options.statsEverySeconds > 0) {
      timer = setInterval(() => {
        if (server && server.clients.length > 0) io.stdout(statsLine(server) + '\n');
      }, options.statsEverySeconds * 1000);
    }
    if (!stop.aborted) await new Promise<void>((r) => stop.addEventListener('abort', () => r(), { once: true }));
    const meanBatch = runner.calls ? (runner.windows / runner.calls).toFixed(2) : '-';
    io.stdout(`stopping: ${statsLine(server)}; ${runner.windows} windows in ${runner.calls} model calls (mean batch ${meanBatch})\n`);
    return 0;
  } catch (err) {
    throw asUserError(err);
  } finally {
    if (timer) clearInterval(timer);
    await server?.stop();
    await client.dispose();
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: USAGE,
  summary: 'the live WebSocket server, headless: answers landmark frames with the backend\'s replies (Ctrl+C stops)',
  async run(args: string[], io: CliIO): Promise<number> {
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      return await serve(args, io, controller.signal);
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
