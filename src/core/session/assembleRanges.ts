import { VALUES_PER_FRAME } from '../hand/topology';
import type { HandObservation } from '../hand/types';
import { HANDEDNESS_CODES, HANDS_PER_BLOCK, type ParsedRange, type UnusualRange } from './sessionRangeParse';
import type { Session, SessionFrame } from './types';

/** Longest stretch of work between two yields to the event loop, in ms (the clock is read every 64 frames). */
const STEP_BUDGET_MS = 2;
const FRAMES_PER_CLOCK_READ = 64;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One session from the parsed ranges of a file, in file order: line numbers and frame indices shifted
 * by the lines and frames of the ranges before, and each hand's landmarks a view into one of its
 * range's landmark blocks. UnusualRange when time goes backwards where one range meets the next (the
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

  const session: Session = { header, frames: [], targets: [], labels: [], problems: [], replies: [], notes: [] };
  let lineOffset = 0;
  let frameOffset = 0;
  let stepStarted = performance.now();
  for (const range of ranges) {
    for (const target of range.targets) session.targets.push({ ...target, beforeFrame: target.beforeFrame + frameOffset, line: target.line! + lineOffset });
    for (const label of range.labels) session.labels.push({ ...label, line: label.line! + lineOffset });
    for (const reply of range.replies) session.replies!.push({ ...reply, afterFrame: reply.afterFrame + frameOffset, line: reply.line! + lineOffset });

    let hand = 0;
    for (let i = 0; i < range.frameCount; i++) {
      const hands: HandObservation[] = [];
      for (let h = 0; h < range.handCounts[i]; h++, hand++) {
        const block = range.landmarkBlocks[Math.floor(hand / HANDS_PER_BLOCK)];
        const offset = (hand % HANDS_PER_BLOCK) * VALUES_PER_FRAME;
        const observation: HandObservation = { landmarks: block.subarray(offset, offset + VALUES_PER_FRAME) };
        const handedness = HANDEDNESS_CODES[range.handedness[hand]];
        if (handedness !== undefined) observation.handedness = handedness;
        if (!Number.isNaN(range.scores[hand])) observation.score = range.scores[hand];
        hands.push(observation);
      }
      const frame: SessionFrame = { index: frameOffset + i, t: range.t[i], hands, line: range.frameLines[i] + lineOffset };
      session.frames.push(frame);
      if (i % FRAMES_PER_CLOCK_READ === FRAMES_PER_CLOCK_READ - 1 && performance.now() - stepStarted > STEP_BUDGET_MS) {
        await yieldToEventLoop();
        stepStarted = performance.now();
      }
    }
    lineOffset += range.lineCount;
    frameOffset += range.frameCount;
  }
  return session;
}
