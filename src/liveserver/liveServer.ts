import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
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
import { ownHostNames, refusalReason } from './connectionGate';

export const DEFAULT_LIVE_HOST = '127.0.0.1';
export const DEFAULT_LIVE_PORT = 8765;
export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
export const DEFAULT_MAX_CLIENTS = 32;
export const DEFAULT_IDLE_TIMEOUT_S = 300;
/** Replies waiting in a connection's send buffer past this: the client does not read them. */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

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
  /** Browser origins accepted (`*`: any); by default every request with an Origin is refused. */
  allowedOrigins?: readonly string[];
  /** Host names accepted besides the server's own addresses. */
  allowedHosts?: readonly string[];
  /** Connections at once; one more is closed with 1013 and a reason. */
  maxClients?: number;
  /** A connection that sends nothing for this long is closed (1001); 0 keeps it. */
  idleTimeoutMs?: number;
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
  /** A connection refused (a browser origin, a foreign Host, the cap) or cut (idle, not reading). */
  connectionRefused?(remote: string, reason: string): void;
}

export interface LiveServerFigures extends LiveFigures {
  clients: number;
  /** Connections refused since the server started (origin, Host, the client cap). */
  refused: number;
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
  private refusedCount = 0;

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
    const address = server.address() as AddressInfo;
    const ownNames = ownHostNames(host, address.address);
    const rules = { allowedOrigins: this.options.allowedOrigins ?? [], allowedHosts: this.options.allowedHosts ?? [] };
    const wss = new WebSocketServer({ noServer: true, maxPayload: this.options.maxPayload ?? DEFAULT_MAX_PAYLOAD });
    server.on('upgrade', (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
      const refused = refusalReason(request.headers, rules, ownNames, address.port);
      if (refused) {
        this.refuse(remoteOf(request), refused);
        socket.on('error', () => undefined);
        socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nLandmark Lens live server: ${refused}\n`);
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => this.admit(ws, request));
    });
    this.http = server;
    this.wss = wss;
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
    return { ...figures, clients: clients.length, refused: this.refusedCount, windowSpanS: this.lastWindowSpanS };
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

  private refuse(remote: string, reason: string): void {
    this.refusedCount++;
    this.emit('connectionRefused', remote, reason);
  }

  /** A handshake that passed the gate: over the cap it is closed with a reason the app can show, else served. */
  private admit(socket: WebSocket, request: http.IncomingMessage): void {
    const max = this.options.maxClients ?? DEFAULT_MAX_CLIENTS;
    if (this.sockets.size >= max) {
      // 1013 "try again later"; the reason stays under the protocol's 123 bytes.
      const reason = `${max} clients connected, the limit (landmarkLens.live.maxClients, serve --max-clients)`;
      this.refuse(remoteOf(request), reason);
      socket.on('error', () => undefined);
      socket.close(1013, reason);
      return;
    }
    this.accept(socket, request);
  }

  private accept(socket: WebSocket, request: http.IncomingMessage): void {
    const remote = remoteOf(request);
    const send = (reply: LiveReply) => {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_UNREAD_BYTES) {
        // The client sends but never reads: its replies would pile up in this process without end.
        this.refuse(remote, `closed: ${socket.bufferedAmount} bytes of replies unread`);
        socket.terminate();
        return;
      }
      socket.send('error' in reply ? formatWireError(reply.error) : formatWireReply(reply));
    };
    const client: LiveClient = {
      id: this.nextId++,
      remote,
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
    const idleMs = this.options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_S * 1000;
    const idle =
      idleMs > 0
        ? setTimeout(() => {
            const reason = `idle for ${idleMs / 1000} s (landmarkLens.live.idleTimeout, serve --idle-timeout)`;
            socket.close(1001, reason);
          }, idleMs).unref()
        : null;
    socket.on('message', (data: RawData, isBinary: boolean) => {
      idle?.refresh();
      if (isBinary) client.session.rejectBinary();
      else client.session.receive(rawToText(data));
    });
    // Oversized messages: ws closes the socket with 1009 and reports the error here; nothing else to do.
    socket.on('error', () => undefined);
    socket.on('close', (code, reason) => {
      if (idle) clearTimeout(idle);
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

function remoteOf(request: http.IncomingMessage): string {
  return `${request.socket.remoteAddress ?? '?'}:${request.socket.remotePort ?? '?'}`;
}

function rawToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
