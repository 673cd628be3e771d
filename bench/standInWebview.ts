// The webview's side of the first-results bench, in a thread of its own as the webview is in a process
// of its own: it fetches and decodes each bulk file (the extension host only relays a small message
// naming it) and tells the bench what each message was, so the bench's main thread does only what the
// extension host's does.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { decodeBulkMessage } from '../src/protocol/bulkMessage';

export type ToStandIn = { message: { type: string; start?: number; count?: number; provisional?: boolean } } | { bulkFile: string };

/** What a message was, once the stand-in webview holds it; `bulkFile` names a file it has read. */
export interface StandInReceived {
  type: string;
  start?: number;
  count?: number;
  provisional?: boolean;
  bulkFile?: string;
}

parentPort!.on('message', (input: ToStandIn) => {
  if ('bulkFile' in input) {
    const bytes = readFileSync(input.bulkFile);
    const message = decodeBulkMessage(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as unknown as StandInReceived;
    parentPort!.postMessage({ type: message.type, start: message.start, count: message.count, provisional: message.provisional, bulkFile: input.bulkFile } satisfies StandInReceived);
    return;
  }
  const { type, start, count, provisional } = input.message;
  parentPort!.postMessage({ type, start, count, provisional } satisfies StandInReceived);
});
