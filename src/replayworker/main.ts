// Worker thread entry (bundled as dist/replayworker.js): the replay panels' sessions and analyses
// (ReplayDocuments), off the extension host's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { niceThisThread } from '../core/threadPriority';
import { ReplayDocuments } from './replayDocuments';
import { prepareBulkDir } from './bulkDir';
import type { ReplayWorkerData, ToWorker } from './protocol';
import { errorText } from '../core/errorText';

const port = parentPort;
if (!port) throw new Error('replayworker.js runs as a worker thread');
const data = workerData as ReplayWorkerData;
if (data.niceness !== undefined) niceThisThread(data.niceness);
let bulkDir = data.bulkDir;
try {
  if (bulkDir) prepareBulkDir(bulkDir);
} catch (error) {
  port.postMessage({ event: 'log', level: 'warn', text: `bulk messages are posted (the folder ${bulkDir} is not usable: ${errorText(error)})` });
  bulkDir = undefined;
}
const documents = new ReplayDocuments({ ...data, bulkDir }, (event, transfer) => port.postMessage(event, transfer));
port.on('message', (message: ToWorker) => documents.handle(message));
