import { encodeWireMessage, decodeWireMessage } from '../protocol/detectorWire';
import { DetectorEndpoint } from './detectorEndpoint';

// The detector page in headless Chromium: it talks to the Node host that served it over a WebSocket
// beside the page (same random path). Page errors go to the host too.
const socket = new WebSocket(new URL('socket', location.href).href.replace(/^http/, 'ws'));
socket.binaryType = 'arraybuffer';
const send = (event: object) => {
  if (socket.readyState === WebSocket.OPEN) socket.send(encodeWireMessage(event));
};
const endpoint = new DetectorEndpoint(new URL('hands/', location.href).href, send);
socket.onopen = () => endpoint.hello();
socket.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
  let request: unknown;
  try {
    request = decodeWireMessage(typeof e.data === 'string' ? e.data : new Uint8Array(e.data));
  } catch (err) {
    send({ type: 'failed', id: -1, tracker: '', error: (err as Error).message });
    return;
  }
  endpoint.handle(request);
};
const pageError = (text: string) => send({ type: 'failed', id: -1, tracker: '', error: `detector page: ${text}` });
window.addEventListener('error', (e) => pageError(e.message));
window.addEventListener('unhandledrejection', (e) => pageError(String((e.reason as Error)?.message ?? e.reason)));
