import { createReadStream, existsSync, statSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { detectorPageHtml } from './detectorPage';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.data': 'application/octet-stream',
  '.tflite': 'application/octet-stream',
  '.binarypb': 'application/octet-stream',
};

/**
 * Serves the detector page, its script and the Hands files on 127.0.0.1 under a random path, and
 * takes the page's one WebSocket there. Nothing else is served; other paths are 404.
 */
export class DetectorServer {
  private readonly token = randomBytes(16).toString('hex');
  private readonly http: http.Server;
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  private socketListener: ((socket: WebSocket) => void) | null = null;
  /** Files the page asked for, in order (the runtime file list a test checks). */
  readonly requested: string[] = [];

  constructor(private readonly distDir: string) {
    this.http = http.createServer((req, res) => this.serve(req, res));
    this.http.on('upgrade', (req, socket, head) => {
      if (req.url !== `/${this.token}/socket` || !this.socketListener) {
        socket.destroy();
        return;
      }
      const listener = this.socketListener;
      this.socketListener = null;
      this.wss.handleUpgrade(req, socket, head, (ws) => listener(ws));
    });
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => resolve());
    });
  }

  private get base(): string {
    return `127.0.0.1:${(this.http.address() as AddressInfo).port}/${this.token}`;
  }

  get pageUrl(): string {
    return `http://${this.base}/detector.html`;
  }

  /** Resolves with the page's socket when it connects (one page, one socket). */
  nextSocket(): Promise<WebSocket> {
    return new Promise((resolve) => (this.socketListener = resolve));
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const prefix = `/${this.token}/`;
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || !path.startsWith(prefix)) return notFound(res);
    const name = path.slice(prefix.length);
    if (name === 'detector.html') {
      const socketUrl = `ws://${this.base}/socket`;
      const { html, policy } = detectorPageHtml(`http://${this.base}/detector.js`, `http://${this.base}/hands/`, socketUrl);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy, 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    let file: string | null = null;
    if (name === 'detector.js') file = join(this.distDir, 'detector.js');
    else if (name.startsWith('hands/') && basename(name) === name.slice(6)) file = join(this.distDir, 'hands', name.slice(6));
    if (!file || !existsSync(file)) return notFound(res);
    this.requested.push(name);
    const ext = name.slice(name.lastIndexOf('.'));
    res.writeHead(200, { 'content-type': TYPES[ext] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  }
}

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found\n');
}
