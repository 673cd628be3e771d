import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Landmarks } from '../core/hand/types';
import type { BackendReply } from '../core/model/profile';
import type { FrameResult } from '../core/pipeline/types';
import { LiveClientSession, type LiveReply } from '../core/live/liveClientSession';
import { formatWireError, formatWireReply } from '../core/pipeline/wireJson';
import { LiveMeter, summarize, type LiveFigures } from '../core/live/liveMeter';
import type { LivePipelineFactory } from '../core/live/livePipeline';
import type { LiveRecordSink } from '../core/live/liveRecordSink';
import type { LiveDetectors } from '../core/live/liveDetector';
import { LivePortInUseError } from './livePortInUseError';

export const DEFAULT_LIVE_HOST = '127.0.0.1';
export const DEFAULT_LIVE_PORT = 8765;
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

export interface LiveServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Bytes; a bigger message closes its connection with code 1009. */
  maxPayload?: number;
  createPipeline: LivePipelineFactory;
  /** Hand detectors for camera frames (`jpeg_blob`); without them a JPEG gets an error reply. */
  detectors?: LiveDetectors;
  /**
   * Wall clock in ms; whole milliseconds of performance.now() unless a test drives time. Whole numbers
   * keep recorded times exact after the recording's shift to 0, so replay throttles identically.
   */
  clock?: () => number;
}

export interface LiveClient {
  id: number;
  remote: string;
  connectedAt: number;
  session: LiveClientSession;
}

export interface LiveServerListener {
  clientConnected?(client: LiveClient): void;
  clientClosed?(client: LiveClient, code: number, reason: string): void;
  frameProcessed?(client: LiveClient, landmarks: Landmarks | null, result: FrameResult, latencyMs: number, image?: Uint8Array): void;
  targetChanged?(client: LiveClient, t: number, letter: string | null, reply: BackendReply): void;
}

export interface LiveServerFigures extends LiveFigures {
  clients: number;
  /** Window span of the most recently processed frame's client, s (kept after it leaves). */
  windowSpanS: number;
}

/**
 * The live WebSocket server: every connection gets its own pipeline (through `createPipeline`) and its
 * own LiveClientSession. Headless: the extension and `landmark-lens serve` both use it.
 */
export class LiveServer {
  private http: http.Server | null = null;
  private wss: WebSocketServer | null = null;
  private readonly sockets = new Map<WebSocket, LiveClient>();
  private readonly listeners = new Set<LiveServerListener>();
  /** Counters of clients that left, so totals do not shrink when someone disconnects. */
  private readonly retired = new LiveMeter();
  private nextId = 1;
  private lastActive: LiveClient | null = null;
  /** Window span of the last frame processed, kept after its client leaves. */
  private lastWindowSpanS = 0;
  private recorder: ((client: LiveClient) => LiveRecordSink) | null = null;
  private readonly clock: () => number;
  private readonly latencyClock: () => number;
  private url = '';

  constructor(private readonly options: LiveServerOptions) {
    this.clock = options.clock ?? (() => Math.floor(performance.now()));
    this.latencyClock = options.clock ?? (() => performance.now());
  }

  /** Listens; rejects with LivePortInUseError when the port is taken. Resolves to the ws:// address. */
  async start(): Promise<string> {
    if (this.http) return this.url;
    const host = this.options.host ?? DEFAULT_LIVE_HOST;
    const port = this.options.port ?? DEFAULT_LIVE_PORT;
    const server = http.createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('Landmark Lens live server: connect with a WebSocket and send {"landmarks": [[x, y, z] x 21]}\n');
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        reject(err.code === 'EADDRINUSE' ? new LivePortInUseError(host, port) : err);
      };
      const onListening = () => {
        server.off('error', onError);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, host);
    });
    const wss = new WebSocketServer({ server, maxPayload: this.options.maxPayload ?? DEFAULT_MAX_PAYLOAD });
    wss.on('connection', (socket, request) => this.accept(socket, request));
    this.http = server;
    this.wss = wss;
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `ws://${shownHost}:${address.port}`;
    return this.url;
  }

  /** Closes every connection (1001, going away) and stops listening. */
  async stop(): Promise<void> {
    const server = this.http;
    const wss = this.wss;
    if (!server || !wss) return;
    this.http = null;
    this.wss = null;
    for (const socket of this.sockets.keys()) socket.close(1001, 'Landmark Lens live server stopped');
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    for (const socket of this.sockets.keys()) socket.terminate();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.url = '';
  }

  get running(): boolean {
    return this.http !== null;
  }

  /** ws://host:port while running, '' otherwise. */
  get address(): string {
    return this.url;
  }

  get port(): number {
    return this.http ? (this.http.address() as AddressInfo).port : 0;
  }

  get clients(): LiveClient[] {
    return [...this.sockets.values()];
  }

  /** The client whose frame was processed last (the one a live panel follows). */
  get activeClient(): LiveClient | null {
    return this.lastActive;
  }

  on(listener: LiveServerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  figures(): LiveServerFigures {
    const clients = this.clients;
    const figures = summarize([this.retired, ...clients.map((c) => c.session.meter)], this.clock());
    return { ...figures, clients: clients.length, windowSpanS: this.lastWindowSpanS };
  }

  /** Records every client (those connected now and those that connect later) into its own sink. */
  startRecording(makeSink: (client: LiveClient) => LiveRecordSink): void {
    this.recorder = makeSink;
    for (const client of this.clients) client.session.startRecording(makeSink(client));
  }

  stopRecording(): void {
    this.recorder = null;
    for (const client of this.clients) client.session.stopRecording();
  }

  get recording(): boolean {
    return this.recorder !== null;
  }

  private emit<K extends keyof LiveServerListener>(
    name: K,
    ...args: Parameters<NonNullable<LiveServerListener[K]>>
  ): void {
    for (const l of this.listeners) {
      const fn = l[name] as ((...a: unknown[]) => void) | undefined;
      fn?.apply(l, args);
    }
  }

  private accept(socket: WebSocket, request: http.IncomingMessage): void {
    const send = (reply: LiveReply) => {
      if (socket.readyState === socket.OPEN) socket.send('error' in reply ? formatWireError(reply.error) : formatWireReply(reply));
    };
    const client: LiveClient = {
      id: this.nextId++,
      remote: `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`,
      connectedAt: this.clock(),
      session: undefined as unknown as LiveClientSession,
    };
    client.session = new LiveClientSession({
      pipeline: this.options.createPipeline(),
      send,
      clock: this.clock,
      latencyClock: this.latencyClock,
      detector: this.options.detectors ? () => this.options.detectors!.forClient(client.id) : undefined,
      observer: {
        frameProcessed: (landmarks, result, latency, image) => {
          this.lastActive = client;
          this.lastWindowSpanS = client.session.windowSpan.seconds();
          this.emit('frameProcessed', client, landmarks, result, latency, image);
        },
        targetChanged: (t, letter, reply) => {
          this.lastActive = client;
          this.emit('targetChanged', client, t, letter, reply);
        },
      },
    });
    this.sockets.set(socket, client);
    if (this.recorder) client.session.startRecording(this.recorder(client));
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) client.session.rejectBinary();
      else client.session.receive(rawToText(data));
    });
    // Oversized messages: ws closes the socket with 1009 and reports the error here; nothing else to do.
    socket.on('error', () => undefined);
    socket.on('close', (code, reason) => {
      client.session.close();
      this.sockets.delete(socket);
      this.retire(client);
      if (this.lastActive === client) this.lastActive = null;
      this.emit('clientClosed', client, code, reason.toString());
    });
    this.emit('clientConnected', client);
  }

  private retire(client: LiveClient): void {
    this.retired.absorb(client.session.meter);
  }
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
