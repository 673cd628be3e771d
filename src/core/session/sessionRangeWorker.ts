// Worker thread entry (bundled as dist/sessionreader.js): reads one byte range of a session file from
// disk a piece at a time and posts back its ParsedRange (buffers transferred) or an UnusualRange.
import { niceThisThread } from '../threadPriority';
import { parentPort, workerData } from 'node:worker_threads';
import { rangeTransferList } from './sessionRangeParse';
import { readSessionRange, type SessionRangeRead } from './readSessionRange';

export interface RangeWorkerData extends SessionRangeRead {
  /** Niceness for this thread (Linux only: there a thread has its own); undefined leaves it as it is. */
  niceness?: number;
}

const data = workerData as RangeWorkerData;
if (data.niceness !== undefined) niceThisThread(data.niceness);
const result = readSessionRange(data);
parentPort!.postMessage(result, 'unusual' in result ? [] : rangeTransferList(result));
