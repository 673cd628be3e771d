import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeBulkMessage, typedArrayBytes } from '../protocol/bulkMessage';
import type { ExtensionToWebview } from '../protocol/messages';
import { BULK_MIN_BYTES, POSTS_IN_FLIGHT, transferListOf, type WorkerEvent } from './protocol';
import { errorText } from '../core/errorText';

type Send = (event: WorkerEvent, transfer: ArrayBuffer[]) => void;

interface QueuedPost {
  kind: 'post';
  doc: number;
  message: ExtensionToWebview;
  /** Set for a bulk message: its file (written). */
  bulk?: { file: string; bytes: number };
}

type Queued = QueuedPost | { kind: 'other'; event: WorkerEvent };

export interface BulkFiles {
  /** This process's folder for them. */
  dir: string;
  /** Told when a file could not be written (the message is then posted as it is) or deleted. */
  onError: (text: string) => void;
}

/**
 * The worker's side of the flow control: webview messages and replies leave in the order they were
 * given, and no more than POSTS_IN_FLIGHT webview messages are unacknowledged by the main thread. The
 * final pass makes hundreds of results messages in a few hundred milliseconds; sent at once, the main
 * thread would take them all in one turn of its event loop (and hold them in its heap).
 *
 * With `bulk`, `frames` and `results` messages of BULK_MIN_BYTES or more are written to files the webview
 * fetches itself: the extension host's thread then neither receives nor serializes their bytes (VS Code's
 * copy of each posted message, and its compression on remote connections, made most of that thread's
 * garbage). A file goes when the webview says it fetched it, or with its document.
 */
export class Outbox {
  private readonly queue: Queued[] = [];
  private inFlight = 0;
  private files = 0;
  private readonly filesOf = new Map<number, Set<string>>();
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly send: Send,
    private readonly bulk?: BulkFiles,
  ) {}

  /** A message for document `doc`'s webview. An unsent progress message of the document is replaced by a newer one. */
  post(doc: number, message: ExtensionToWebview): void {
    const last = this.queue[this.queue.length - 1];
    if (message.type === 'analysisProgress' && last?.kind === 'post' && last.doc === doc && last.message.type === 'analysisProgress') {
      last.message = message;
      return;
    }
    const item: QueuedPost = { kind: 'post', doc, message };
    if (this.bulk && (message.type === 'frames' || message.type === 'results') && typedArrayBytes(message) >= BULK_MIN_BYTES) {
      this.writeBulk(item, this.bulk);
    }
    this.queue.push(item);
    this.flush();
  }

  /** Any other event, sent after the webview messages given before it. */
  event(event: WorkerEvent): void {
    this.queue.push({ kind: 'other', event });
    this.flush();
  }

  /**
   * Resolves once nothing waits in the queue (messages may still be in flight), in a later turn of the
   * event loop: background work posted then goes out behind what was queued before it, never ahead.
   */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      setImmediate(() => this.wakeIdle());
    });
  }

  /** The main thread posted a message. */
  acknowledge(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.flush();
  }

  /** The webview fetched a bulk message's file (or gave up on it). */
  fetched(file: string): void {
    for (const files of this.filesOf.values()) if (files.delete(file)) this.remove(file);
  }

  /** Drops document `doc`'s unsent webview messages and its bulk files (it was closed). */
  drop(doc: number): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const item = this.queue[i];
      if (item.kind === 'post' && item.doc === doc) this.queue.splice(i, 1);
    }
    for (const file of this.filesOf.get(doc) ?? []) this.remove(file);
    this.filesOf.delete(doc);
    this.flush();
  }

  /**
   * Writes the message's file, synchronously: this thread can wait for the disk, while an asynchronous
   * write would queue in libuv's thread pool, which the extension host's own thread shares.
   */
  private writeBulk(item: QueuedPost, bulk: BulkFiles): void {
    const bytes = encodeBulkMessage(item.message);
    const file = join(bulk.dir, `${item.doc}-${++this.files}.llb`);
    try {
      writeFileSync(file, bytes);
    } catch (error) {
      bulk.onError(`a bulk message could not be written to ${file}, so it is posted: ${errorText(error)}`);
      return;
    }
    item.bulk = { file, bytes: bytes.byteLength };
    let files = this.filesOf.get(item.doc);
    if (!files) this.filesOf.set(item.doc, (files = new Set()));
    files.add(file);
  }

  private remove(file: string): void {
    try {
      unlinkSync(file);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') this.bulk?.onError(`could not delete ${file}: ${errorText(error)}`);
    }
  }

  private flush(): void {
    while (this.queue.length) {
      const next = this.queue[0];
      if (next.kind === 'post') {
        if (this.inFlight >= POSTS_IN_FLIGHT) return;
        this.inFlight++;
        this.queue.shift();
        if (next.bulk) this.send({ event: 'bulk', doc: next.doc, file: next.bulk.file, bytes: next.bulk.bytes }, []);
        else this.send({ event: 'post', doc: next.doc, message: next.message }, transferListOf(next.message));
      } else {
        this.queue.shift();
        this.send(next.event, []);
      }
    }
    this.wakeIdle();
  }

  private wakeIdle(): void {
    if (this.queue.length > 0 || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
