/**
 * The webview's inbox: every message from the extension enters here and is handled in the order it was
 * posted. A bulk message names a file the page fetches itself; the messages behind it wait until that
 * file is fetched and handled, so a later message never overtakes the data it refers to. A handler may
 * return a promise (an `init` whose store is still being filled): what follows waits for it too.
 */
import { decodeBulkMessage } from '../protocol/bulkMessage';
import { checkExtensionToWebview, type BulkMessage, type ExtensionToWebview, type WebviewToExtension } from '../protocol/messages';
import { errorText } from '../core/errorText';
import { nextTask, Slice } from './taskSlices';

export interface InboxHandlers {
  /**
   * Handles one checked message; what it throws (or its promise rejects with) is reported, and the next
   * message is handled. A promise holds the messages behind until it settles.
   */
  handle(message: ExtensionToWebview): Promise<void> | void;
  /** Shows and reports a message that could not be handled. */
  report(error: string): void;
  post(message: WebviewToExtension): void;
  /** True once the page is going away: the fetches that ends are not errors. */
  leaving(): boolean;
}

export class MessageInbox {
  /** Messages waiting behind a bulk message whose file is being fetched, or behind a handler's promise. */
  private readonly waiting: unknown[] = [];
  private draining = false;

  constructor(private readonly handlers: InboxHandlers) {}

  /** True when every message received has been handled (none waits, no handler's promise is pending). */
  get idle(): boolean {
    return !this.draining && this.waiting.length === 0;
  }

  /** Entry for every message from the extension; malformed ones are reported, not thrown. */
  receive(data: unknown): void {
    if (!this.draining && !isBulk(data)) {
      const pending = this.deliver(data);
      if (pending) void this.drain(pending);
      return;
    }
    this.waiting.push(data);
    if (!this.draining) void this.drain(null);
  }

  /**
   * Handles the waiting messages in order, after `first` settles. Many can wait behind a bulk message
   * or a new session's setup: they are handled in slices (taskSlices.ts), not all in one task.
   */
  private async drain(first: Promise<void> | null): Promise<void> {
    this.draining = true;
    try {
      if (first) await first;
      const slice = new Slice();
      while (this.waiting.length) {
        if (slice.over()) {
          await nextTask();
          slice.restart();
        }
        const data = this.waiting.shift();
        const checked = isBulk(data) ? checkExtensionToWebview(data) : null;
        const pending = this.deliver(checked?.ok && checked.message.type === 'bulk' ? await this.fetchBulk(checked.message) : data);
        if (pending) {
          await pending;
          slice.restart();
        }
      }
    } finally {
      this.draining = false;
    }
  }

  /** What a bulk message's file holds, or null (reported) when it cannot be fetched or read. */
  private async fetchBulk(bulk: BulkMessage): Promise<unknown> {
    try {
      const response = await fetch(bulk.uri);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const message = decodeBulkMessage(await readInSlices(response, bulk.bytes));
      if (message.type !== 'frames' && message.type !== 'results') throw new Error(`it holds a '${String(message.type)}' message`);
      return message;
    } catch (err) {
      if (!this.handlers.leaving()) this.handlers.report(`could not load ${bulk.bytes} bytes of session data from ${bulk.uri}: ${errorText(err)}`);
      return null;
    } finally {
      this.handlers.post({ type: 'bulkFetched', uri: bulk.uri });
    }
  }

  /** Handles one message; a promise (never rejected: its error is reported) when the handler gave one. */
  private deliver(data: unknown): Promise<void> | null {
    if (data === null) return null;
    const checked = checkExtensionToWebview(data);
    if (!checked.ok) {
      this.handlers.report(checked.error);
      return null;
    }
    try {
      const pending = this.handlers.handle(checked.message);
      return pending ? pending.catch((err: unknown) => this.handlers.report(errorText(err))) : null;
    } catch (err) {
      this.handlers.report(errorText(err));
      return null;
    }
  }
}

/**
 * A response's body read a chunk at a time into one buffer (`bytes`, the size the bulk message gives, is
 * where it starts), yielding the thread between slices: Chromium reading an hour's frames (27 MB) for
 * arrayBuffer() took tasks of 100-300 ms.
 */
async function readInSlices(response: Response, bytes: number): Promise<ArrayBuffer> {
  const reader = response.body?.getReader();
  if (!reader) return response.arrayBuffer();
  let buffer = new Uint8Array(Math.max(1, bytes));
  let length = 0;
  const slice = new Slice();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (length + value.byteLength > buffer.byteLength) {
      const grown = new Uint8Array(Math.max(buffer.byteLength * 2, length + value.byteLength));
      grown.set(buffer.subarray(0, length));
      buffer = grown;
    }
    buffer.set(value, length);
    length += value.byteLength;
    if (slice.over()) {
      await nextTask();
      slice.restart();
    }
  }
  return length === buffer.byteLength ? buffer.buffer : buffer.buffer.slice(0, length);
}

/** A bulk message (to be checked): its file is fetched before it and what follows it are handled. */
function isBulk(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'bulk';
}
