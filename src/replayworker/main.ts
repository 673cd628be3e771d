// Worker thread entry (bundled as dist/replayworker.js): the replay panels' sessions and analyses
// (ReplayDocuments), off the extension host's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { niceThisThread } from '../core/threadPriority';
import { ReplayDocuments } from './replayDocuments';
import type { ReplayWorkerData, ToWorker } from './protocol';

const port = parentPort;
if (!port) throw new Error('replayworker.js runs as a worker thread');
const data = workerData as ReplayWorkerData;
if (data.niceness !== undefined) niceThisThread(data.niceness);
const documents = new ReplayDocuments(data, (event, transfer) => port.postMessage(event, transfer));
port.on('message', (message: ToWorker) => documents.handle(message));
