/**
 * Stands in for the VS Code webview host in the Chromium tests: defines acquireVsCodeApi (capturing
 * posted messages and get/setState) and feeds extension->webview messages through window.postMessage,
 * exactly as VS Code delivers them. Loaded before dist/webview.js.
 */
import { encodeBulkMessage } from '../../../src/protocol/bulkMessage';

interface Harness {
  posted: unknown[];
  state: unknown;
  setStateCalls: number;
  violations: string[];
  /** Decodes the producer's JSON (typed arrays as base64) and posts each message to the webview. */
  feed(json: string, filter?: (m: { type: string }) => boolean): Promise<number>;
  post(message: unknown): void;
  /** Posts `message` as a bulk message: its file stored on the page server, the webview fetching it. */
  postBulk(message: object): Promise<string>;
  /** Stores `message`'s file on the page server; returns the bulk message that names it (to post later). */
  storeBulk(message: object): Promise<{ type: 'bulk'; uri: string; bytes: number }>;
  decode(json: string): { type: string }[];
  /** The producer's init, frames and results messages (in frame order), for a case that posts them in its own pieces. */
  replayParts(json: string): { init: { type: 'init' }; frames: { type: 'frames' }; results: { type: 'results'; start: number }[] };
  /** Called with each message the webview posts: a case answers requests here, as the extension does. */
  onPosted: ((message: { type: string }) => void) | null;
  /** The producer's attribution answers by frame (typed arrays rebuilt). */
  attributions(json: string): Record<string, { type: string; frame: number }>;
  /** A canvas's pixels in short, to compare two drawings: "<width>x<height> <bytes not zero> <hash>". */
  pixelSum(canvas: HTMLCanvasElement): string;
}

const TYPED: Record<string, { new (buffer: ArrayBuffer): ArrayBufferView }> = {
  Float64Array,
  Float32Array,
  Uint8Array,
  Int16Array,
  Int32Array,
  Uint16Array,
};

function fromTransport(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && '$typed' in value) {
    const v = value as { $typed: string; b64: string };
    const binary = atob(v.b64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new TYPED[v.$typed](bytes.buffer);
  }
  return value;
}

const saved = sessionStorage.getItem('harness-state');
const harness: Harness = {
  posted: [],
  state: saved ? JSON.parse(saved) : undefined,
  setStateCalls: 0,
  violations: [],
  onPosted: null,
  decode(json) {
    return (JSON.parse(json, fromTransport) as { messages: { type: string }[] }).messages;
  },
  replayParts(json) {
    const messages = harness.decode(json) as { type: string; start?: number }[];
    const init = messages.find((m) => m.type === 'init');
    const frames = messages.find((m) => m.type === 'frames');
    if (!init || !frames) throw new Error('the producer output has no init or frames message');
    const results = messages.filter((m) => m.type === 'results') as { type: 'results'; start: number }[];
    return { init: init as { type: 'init' }, frames: frames as { type: 'frames' }, results: results.sort((a, b) => a.start - b.start) };
  },
  pixelSum(canvas) {
    const d = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray(0);
    let h = 0;
    let lit = 0;
    for (let i = 0; i < d.length; i++) {
      h = (h * 31 + d[i]) >>> 0;
      if (d[i]) lit++;
    }
    return `${canvas.width}x${canvas.height} ${lit} ${h}`;
  },
  attributions(json) {
    return (JSON.parse(json, fromTransport) as { attributions: Record<string, { type: string; frame: number }> }).attributions;
  },
  async feed(json, filter) {
    const messages = harness.decode(json).filter((m) => !filter || filter(m));
    for (const m of messages) {
      window.postMessage(m, '*');
      // Let the webview handle messages as separate tasks, as VS Code delivers them.
      await new Promise((r) => setTimeout(r, 0));
    }
    return messages.length;
  },
  post(message) {
    window.postMessage(message, '*');
  },
  async postBulk(message) {
    const bulk = await harness.storeBulk(message);
    window.postMessage(bulk, '*');
    return bulk.uri;
  },
  async storeBulk(message) {
    const bytes = encodeBulkMessage(message);
    const path = await (await fetch('/bulk', { method: 'POST', body: new Blob([bytes as Uint8Array<ArrayBuffer>]) })).text();
    return { type: 'bulk', uri: `${location.origin}${path}`, bytes: bytes.byteLength };
  },
};

let acquired = false;
(window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => {
  if (acquired) throw new Error('acquireVsCodeApi may be called only once');
  acquired = true;
  return {
    postMessage: (m: unknown) => {
      harness.posted.push(JSON.parse(JSON.stringify(m)));
      harness.onPosted?.(m as { type: string });
    },
    getState: () => harness.state,
    setState: (s: unknown) => {
      harness.state = s;
      harness.setStateCalls++;
      sessionStorage.setItem('harness-state', JSON.stringify(s));
      return s;
    },
  };
};
document.addEventListener('securitypolicyviolation', (e) => harness.violations.push(`${e.violatedDirective}: ${e.blockedURI}`));
(window as unknown as { harness: Harness }).harness = harness;
