// Worker thread entry (bundled as dist/sessionreader.js): reads one byte range of a session file from
// disk and posts back its ParsedRange (buffers transferred) or an UnusualRange.
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { parseSessionRange, rangeTransferList, type UnusualRange } from './sessionRangeParse';

export interface RangeWorkerData {
  path: string;
  start: number;
  end: number;
  first: boolean;
  maxLineBytes: number;
}

function readRange({ path, start, end }: RangeWorkerData): Buffer | UnusualRange {
  const bytes = Buffer.allocUnsafe(end - start);
  const fd = openSync(path, 'r');
  try {
    for (let done = 0; done < bytes.length; ) {
      const read = readSync(fd, bytes, done, bytes.length - done, start + done);
      if (read === 0) return { unusual: 'the file got shorter while it was read' };
      done += read;
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}

const data = workerData as RangeWorkerData;
const bytes = readRange(data);
const result = 'unusual' in bytes ? bytes : parseSessionRange(bytes, { first: data.first, maxLineBytes: data.maxLineBytes });
parentPort!.postMessage(result, 'unusual' in result ? [] : rangeTransferList(result));
