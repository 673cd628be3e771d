import { resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { numberOption, parseCommandArgs } from '../args';
import { livePipelineFactory } from '../../liveserver/livePipelineFactory';
import { warmUpLivePath } from '../../liveserver/liveWarmUp';
import { CoalescingRunner } from '../../core/live/coalescingRunner';
import { ModelHostClient } from '../../modelhost/client';
import { findHostScript } from '../../modelhost/hostScript';
import { loadModelWithProfile } from '../../model/loadModelWithProfile';
import { LivePortInUseError } from '../../liveserver/livePortInUseError';
import {
  DEFAULT_IDLE_TIMEOUT_S, DEFAULT_LIVE_HOST, DEFAULT_LIVE_PORT, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_PAYLOAD, LiveServer,
} from '../../liveserver/liveServer';
import { asUserError, demoModelPath } from './analyze';
import { runCancellable } from '../runCancellable';
import { HeadlessLiveDetectors } from '../../detectorhost/headlessLiveDetectors';

const USAGE =
  'serve [--host 127.0.0.1] [--port 8765] [--model m.onnx] [--profile p.json] [--max-payload bytes] [--max-batch 32] [--hosts 2] [--stats-every s] ' +
  '[--chromium PATH] [--no-detector] [--allow-origin URL]... [--allow-host NAME]... [--max-clients 32] [--idle-timeout s]';

/** One model host per core of a two-core machine: the second runs only when windows pile up. */
const DEFAULT_SERVE_HOSTS = 2;

interface ServeArgs {
  host: string;
  port: number;
  model: string | null;
  profile: string | null;
  maxPayload: number;
  /** Windows of different clients run together while the model is busy; 1 runs them one by one. */
  maxBatch: number;
  /** Model host processes; under load a second one runs batches beside the first. */
  hosts: number;
  statsEverySeconds: number;
  /** Run the hand detector for jpeg_blob frames (in headless Chromium). */
  detector: boolean;
  chromium?: string;
  allowedOrigins: string[];
  allowedHosts: string[];
  maxClients: number;
  idleTimeoutS: number;
}

function parseServeArgs(args: string[]): ServeArgs {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      host: { type: 'string' },
      port: { type: 'string' },
      model: { type: 'string' },
      profile: { type: 'string' },
      'max-payload': { type: 'string' },
      'max-batch': { type: 'string' },
      hosts: { type: 'string' },
      'stats-every': { type: 'string' },
      chromium: { type: 'string' },
      'no-detector': { type: 'boolean' },
      'allow-origin': { type: 'string', multiple: true },
      'allow-host': { type: 'string', multiple: true },
      'max-clients': { type: 'string' },
      'idle-timeout': { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length > 0) throw new UserError(`unexpected argument '${positionals[0]}'; usage: ${USAGE}`);
  const int = (flag: string, min: number, max: number) =>
    numberOption(flag, values[flag as keyof typeof values] as string | undefined, { min, max, integer: true }, `an integer from ${min} to ${max}`);
  return {
    host: values.host ?? DEFAULT_LIVE_HOST,
    port: int('port', 0, 65535) ?? DEFAULT_LIVE_PORT,
    model: values.model ?? null,
    profile: values.profile ?? null,
    maxPayload: int('max-payload', 1024, 2 ** 30) ?? DEFAULT_MAX_PAYLOAD,
    maxBatch: int('max-batch', 1, 1024) ?? 32,
    hosts: int('hosts', 1, 16) ?? DEFAULT_SERVE_HOSTS,
    statsEverySeconds: int('stats-every', 0, 3600) ?? 5,
    detector: !values['no-detector'],
    chromium: values.chromium,
    allowedOrigins: values['allow-origin'] ?? [],
    allowedHosts: values['allow-host'] ?? [],
    maxClients: int('max-clients', 1, 1024) ?? DEFAULT_MAX_CLIENTS,
    idleTimeoutS: int('idle-timeout', 0, 86_400) ?? DEFAULT_IDLE_TIMEOUT_S,
  };
}

function statsLine(server: LiveServer): string {
  const f = server.figures();
  const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '-');
  return (
    `clients ${f.clients}, ${f.fps.toFixed(1)} frames/s, window ${f.windowSpanS.toFixed(1)} s, ` +
    `latency p50 ${ms(f.latencyP50Ms)} p95 ${ms(f.latencyP95Ms)}, replies ${f.repliesSent} sent / ${f.repliesThrottled} throttled, ` +
    `dropped ${f.dropped}, errors ${f.errors}${f.refused ? `, refused ${f.refused}` : ''}` +
    (Number.isFinite(f.detectorP50Ms) || f.undecodable > 0
      ? `; detector p50 ${ms(f.detectorP50Ms)} p95 ${ms(f.detectorP95Ms)}, ${f.undecodable} not decodable`
      : '')
  );
}

/** Runs the server until `stop` aborts; resolves with the exit code. */
export async function serve(args: string[], io: CliIO, stop: AbortSignal, onListening?: (url: string) => void): Promise<number> {
  const options = parseServeArgs(args);
  const modelPath = options.model ? resolve(io.cwd, options.model) : demoModelPath();
  const hostScript = findHostScript();
  const clients = Array.from(
    { length: options.hosts },
    (_, i) => new ModelHostClient({ hostScript, onCrash: (m) => io.stderr(`model host${options.hosts > 1 ? ` ${i + 1}` : ''}: ${m}\n`) }),
  );
  const client = clients[0];
  let server: LiveServer | null = null;
  let detectors: HeadlessLiveDetectors | null = null;
  let timer: NodeJS.Timeout | undefined;
  try {
    const [model] = await Promise.all([
      loadModelWithProfile(client, modelPath, {
        profileFile: options.profile ? resolve(io.cwd, options.profile) : undefined,
      }),
      ...clients.slice(1).map((c) => c.load(modelPath)),
    ]);
    const profile = model.resolved.profile;
    for (const warning of model.resolved.warnings) io.stderr(`warning: ${warning}\n`);
    const hostRunners = clients.map((c) => c.createRunner(profile, options.maxBatch));
    const runner = new CoalescingRunner(hostRunners, { maxBatch: options.maxBatch });
    await warmUpLivePath(profile, hostRunners);
    if (options.detector) {
      detectors = new HeadlessLiveDetectors(profile.detector, profile.sharedState, { chromium: options.chromium });
      const starting = detectors;
      void starting.ready.then((d) => {
        if (d) io.stdout(`hand detector ready for jpeg_blob frames (${d.chromiumPath})\n`);
        else io.stderr(`note: jpeg_blob frames will get an error reply: ${starting.unavailable}\n`);
      });
    }
    server = new LiveServer({
      host: options.host,
      port: options.port,
      maxPayload: options.maxPayload,
      createPipeline: livePipelineFactory(profile, runner),
      detectors: detectors ?? undefined,
      allowedOrigins: options.allowedOrigins,
      allowedHosts: options.allowedHosts,
      maxClients: options.maxClients,
      idleTimeoutMs: options.idleTimeoutS * 1000,
    });
    server.on({
      clientConnected: (c) => io.stdout(`client ${c.id} connected from ${c.remote}\n`),
      connectionRefused: (remote, reason) => io.stderr(`refused a connection from ${remote}: ${reason}\n`),
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
    io.stdout(
      `landmark-lens live server listening on ${url} (model ${modelPath}, window ${profile.windowSize}, ${profile.labels.length} classes` +
        `${profile.sharedState ? ', one state shared by all clients (sharedState)' : ''})\n`,
    );
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
    await detectors?.close();
    await Promise.all(clients.map((c) => c.dispose()));
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: USAGE,
  summary:
    "the live WebSocket server, headless: answers landmark frames, and the app's jpeg_blob frames through the hand detector, " +
    "with the backend's replies (Ctrl+C stops)",
  run(args: string[], io: CliIO): Promise<number> {
    return runCancellable((signal) => serve(args, io, signal));
  },
};
