import { yieldToEventLoop } from '../yieldToEventLoop';
import { FrameColumns, sessionWithFrameColumns, type FrameColumnArrays } from './frameColumns';
import { HandBlocks } from './handBlocks';
import type { ParsedRange, UnusualRange } from './sessionRangeParse';
import type { Session } from './types';

/** Frames of a range whose columns are filled between two yields to the event loop. */
const FRAMES_PER_STEP = 4096;

/**
 * One session from the parsed ranges of a file, in file order, its frames held as columns
 * (sessionWithFrameColumns: no frame object is built unless `frames` is read): line numbers and frame
 * indices shifted by the lines and frames of the ranges before, and the ranges' landmark blocks kept as
 * they are (HandBlocks). UnusualRange when time goes backwards where one range meets the next (the
 * sequential reader reports that as a problem).
 */
export async function assembleRanges(ranges: readonly ParsedRange[]): Promise<Session | UnusualRange> {
  let lastTime = -Infinity;
  for (const [k, range] of ranges.entries()) {
    if (range.firstTime === undefined) continue;
    if (range.firstTime < lastTime) return { unusual: `time goes backwards where range ${k + 1} starts` };
    lastTime = range.lastTime!;
  }
  const header = ranges[0]?.header;
  if (!header) return { unusual: 'no header in the first range' };

  const rest: Omit<Session, 'frames'> = { header, targets: [], labels: [], problems: [], replies: [], notes: [] };
  const count = ranges.reduce((sum, range) => sum + range.frameCount, 0);
  const hands = ranges.reduce((sum, range) => sum + range.handedness.length, 0);
  const columns: FrameColumnArrays = {
    t: new Float64Array(count),
    index: new Int32Array(count),
    line: new Int32Array(count),
    handStart: new Uint32Array(count + 1),
    // The ranges' blocks as they are (HandBlocks): no copy.
    landmarks: new HandBlocks(ranges.flatMap((range) => range.landmarkBlocks)),
    score: new Float64Array(hands),
    handedness: new Uint8Array(hands),
  };
  let lineOffset = 0;
  let frameOffset = 0;
  let handOffset = 0;
  for (const range of ranges) {
    for (const target of range.targets) rest.targets.push({ ...target, beforeFrame: target.beforeFrame + frameOffset, line: target.line! + lineOffset });
    for (const label of range.labels) rest.labels.push({ ...label, line: label.line! + lineOffset });
    for (const reply of range.replies) rest.replies!.push({ ...reply, afterFrame: reply.afterFrame + frameOffset, line: reply.line! + lineOffset });

    columns.t.set(range.t, frameOffset);
    let hand = handOffset;
    for (let i = 0; i < range.frameCount; i++) {
      // Cold code on the calling thread: a whole range's frames in one go would hold its event loop too long.
      if (i % FRAMES_PER_STEP === FRAMES_PER_STEP - 1) await yieldToEventLoop();
      const frame = frameOffset + i;
      columns.index[frame] = frame;
      columns.line[frame] = range.frameLines[i] + lineOffset;
      columns.handStart[frame] = hand;
      hand += range.handCounts[i];
    }
    columns.score.set(range.scores, handOffset);
    columns.handedness.set(range.handedness, handOffset);
    lineOffset += range.lineCount;
    frameOffset += range.frameCount;
    handOffset = hand;
  }
  columns.handStart[count] = handOffset;
  return sessionWithFrameColumns(rest, new FrameColumns(columns, count, true));
}
