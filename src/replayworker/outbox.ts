import { POSTS_IN_FLIGHT, transferListOf, type WorkerEvent } from './protocol';
import type { ExtensionToWebview } from '../protocol/messages';

type Send = (event: WorkerEvent, transfer: ArrayBuffer[]) => void;

type Queued = { kind: 'post'; doc: number; message: ExtensionToWebview } | { kind: 'other'; event: WorkerEvent };

/**
 * The worker's side of the flow control: webview messages and replies leave in the order they were
 * given, and no more than POSTS_IN_FLIGHT webview messages are unacknowledged by the main thread. The
 * final pass makes hundreds of results messages in a few hundred milliseconds; sent at once, the main
 * thread would take them all in one turn of its event loop (and hold them in its heap).
 */
export class Outbox {
  private readonly queue: Queued[] = [];
  private inFlight = 0;

  constructor(private readonly send: Send) {}

  /** A message for document `doc`'s webview. An unsent progress message of the document is replaced by a newer one. */
  post(doc: number, message: ExtensionToWebview): void {
    const last = this.queue[this.queue.length - 1];
    if (message.type === 'analysisProgress' && last?.kind === 'post' && last.doc === doc && last.message.type === 'analysisProgress') {
      last.message = message;
      return;
    }
    this.queue.push({ kind: 'post', doc, message });
    this.flush();
  }

  /** Any other event, sent after the webview messages given before it. */
  event(event: WorkerEvent): void {
    this.queue.push({ kind: 'other', event });
    this.flush();
  }

  /** The main thread posted a message. */
  acknowledge(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.flush();
  }

  /** Drops document `doc`'s unsent webview messages (it was closed). */
  drop(doc: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i];
      if (item.kind === 'post' && item.doc === doc) this.queue.splice(i, 1);
    }
  }

  private flush(): void {
    while (this.queue.length) {
      const next = this.queue[0];
      if (next.kind === 'post') {
        if (this.inFlight >= POSTS_IN_FLIGHT) return;
        this.inFlight++;
        this.queue.shift();
        this.send({ event: 'post', doc: next.doc, message: next.message }, transferListOf(next.message));
      } else {
        this.queue.shift();
        this.send(next.event, []);
      }
    }
  }
}
