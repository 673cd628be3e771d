import { dirname } from 'node:path';
import type { RawData, WebSocket } from 'ws';
import { findBundle } from '../core/findBundle';
import { errorText } from '../core/errorText';
import { decodeWireMessage, encodeWireMessage } from '../protocol/detectorWire';
import type { HelloEvent } from '../protocol/detectorMessages';
import { ChromiumProcess } from './chromiumProcess';
import { DetectorClient, DetectorError } from './detectorClient';
import { DetectorServer } from './detectorServer';
import { findChromium, type ChromiumOption } from './findChromium';

export interface HeadlessDetectorOptions {
  /** --chromium; else $LANDMARK_LENS_CHROMIUM, else the system's. */
  chromium?: string;
  /** How messages name where `chromium` came from (default: the CLI's --chromium). */
  chromiumOption?: ChromiumOption;
  /** Give up when the page has not connected after this long (default 30 s). */
  startTimeoutMs?: number;
  /** Where dist/detector.js and dist/hands/ are (default: found from this bundle). */
  distDir?: string;
}

/**
 * The hand detector in headless Chromium: a DetectorClient whose channel is the page's WebSocket.
 * Throws ChromiumMissingError (one line: how to enable it) when there is no Chromium.
 */
export class HeadlessDetector {
  private constructor(
    readonly client: DetectorClient,
    readonly hello: HelloEvent,
    readonly chromiumPath: string,
    private readonly server: DetectorServer,
    private readonly chromium: ChromiumProcess,
    private readonly socket: WebSocket,
  ) {}

  /** Files of the detector the page requested so far. */
  get requestedFiles(): readonly string[] {
    return this.server.requested;
  }

  static async start(options: HeadlessDetectorOptions = {}): Promise<HeadlessDetector> {
    const chromiumPath = findChromium(options.chromium, process.env, options.chromiumOption);
    const distDir = options.distDir ?? dirname(findBundle('detector.js', __dirname) ?? `${__dirname}/detector.js`);
    const server = new DetectorServer(distDir);
    await server.start();
    const connected = server.nextSocket();
    const chromium = new ChromiumProcess(chromiumPath, server.pageUrl);
    const timeoutMs = options.startTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const socket = await Promise.race([
        connected,
        chromium.exited.then(({ code, signal }) => {
          throw new DetectorError(`${chromiumPath} exited (${signal ?? `code ${code}`}) before the detector page loaded${tail(chromium)}`);
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new DetectorError(`the detector page in ${chromiumPath} did not connect within ${timeoutMs / 1000} s${tail(chromium)}`)), timeoutMs);
        }),
      ]);
      const client = new DetectorClient({ send: (request) => socket.send(encodeWireMessage(request)) });
      socket.on('message', (data: RawData, isBinary: boolean) => {
        const bytes = Buffer.isBuffer(data) ? data : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]);
        try {
          client.receive(decodeWireMessage(isBinary ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.toString('utf8')));
        } catch (err) {
          client.fail(`the detector page sent a bad message: ${errorText(err)}`);
        }
      });
      socket.on('close', () => client.fail(`the detector page closed its connection${tail(chromium)}`));
      void chromium.exited.then(({ code, signal }) => client.fail(`Chromium exited (${signal ?? `code ${code}`})${tail(chromium)}`));
      const hello = await client.hello();
      return new HeadlessDetector(client, hello, chromiumPath, server, chromium, socket);
    } catch (err) {
      await chromium.stop();
      await server.stop();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.client.fail('the detector was closed');
    this.socket.terminate();
    await this.chromium.stop();
    await this.server.stop();
  }
}

function tail(chromium: ChromiumProcess): string {
  const line = chromium.lastError();
  return line ? `: ${line}` : '';
}
