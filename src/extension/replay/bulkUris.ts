import type { BulkFile, RemoteSession } from '../../replayworker/client';
import type { BulkMessage } from '../../protocol/messages';

/**
 * The replay worker's bulk message files as the webview sees them: each file's webview URI, remembered
 * until the webview says it fetched it, so that the worker can delete the file.
 */
export class BulkUris {
  private readonly files = new Map<string, { file: string; session: RemoteSession }>();

  constructor(private readonly resourceUri: (file: string) => string) {}

  /** The webview's `bulk` message for a file of `session`'s. */
  message(bulk: BulkFile, session: RemoteSession): BulkMessage {
    const uri = this.resourceUri(bulk.file);
    this.files.set(uri, { file: bulk.file, session });
    return { type: 'bulk', uri, bytes: bulk.bytes };
  }

  /** The webview fetched `uri`: its session's worker may delete the file. */
  fetched(uri: string): void {
    const known = this.files.get(uri);
    this.files.delete(uri);
    known?.session.bulkFetched(known.file);
  }

  clear(): void {
    this.files.clear();
  }
}
