/**
 * The webview's inbox: every message from the extension enters here and is handled in the order it was
 * posted. A bulk message names a file the page fetches itself; the messages behind it wait until that
 * file is fetched and handled, so a later message never overtakes the data it refers to.
 */
import { decodeBulkMessage } from '../protocol/bulkMessage';
import { checkExtensionToWebview, type BulkMessage, type ExtensionToWebview, type WebviewToExtension } from '../protocol/messages';
import { errorText } from '../core/errorText';

export interface InboxHandlers {
  /** Handles one checked message; what it throws is reported, and the next message is handled. */
  handle(message: ExtensionToWebview): void;
  /** Shows and reports a message that could not be handled. */
  report(error: string): void;
  post(message: WebviewToExtension): void;
  /** True once the page is going away: the fetches that ends are not errors. */
  leaving(): boolean;
}

export class MessageInbox {
  /** Messages waiting behind a bulk message whose file is being fetched (the first is that one). */
  private readonly waiting: unknown[] = [];

  constructor(private readonly handlers: InboxHandlers) {}

  /** Entry for every message from the extension; malformed ones are reported, not thrown. */
  receive(data: unknown): void {
    if (this.waiting.length === 0 && !isBulk(data)) {
      this.deliver(data);
      return;
    }
    this.waiting.push(data);
    if (this.waiting.length === 1) void this.drain();
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) {
      const data = this.waiting[0];
      const checked = isBulk(data) ? checkExtensionToWebview(data) : null;
      this.deliver(checked?.ok && checked.message.type === 'bulk' ? await this.fetchBulk(checked.message) : data);
      this.waiting.shift();
    }
  }

  /** What a bulk message's file holds, or null (reported) when it cannot be fetched or read. */
  private async fetchBulk(bulk: BulkMessage): Promise<unknown> {
    try {
      const response = await fetch(bulk.uri);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const message = decodeBulkMessage(await response.arrayBuffer());
      if (message.type !== 'frames' && message.type !== 'results') throw new Error(`it holds a '${String(message.type)}' message`);
      return message;
    } catch (err) {
      if (!this.handlers.leaving()) this.handlers.report(`could not load ${bulk.bytes} bytes of session data from ${bulk.uri}: ${errorText(err)}`);
      return null;
    } finally {
      this.handlers.post({ type: 'bulkFetched', uri: bulk.uri });
    }
  }

  private deliver(data: unknown): void {
    if (data === null) return;
    const checked = checkExtensionToWebview(data);
    if (!checked.ok) {
      this.handlers.report(checked.error);
      return;
    }
    try {
      this.handlers.handle(checked.message);
    } catch (err) {
      this.handlers.report(errorText(err));
    }
  }
}

/** A bulk message (to be checked): its file is fetched before it and what follows it are handled. */
function isBulk(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'bulk';
}
