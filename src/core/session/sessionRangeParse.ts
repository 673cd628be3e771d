import { VALUES_PER_FRAME } from '../hand/topology';
import { parseJsonLine } from './jsonWithNonFinite';
import { checkSessionLine } from './sessionLineChecks';
import type { LabelSpan, SessionHeader, SessionReply, TargetChange } from './types';

/** Handedness as a byte: 0 absent, 1 Left, 2 Right. */
export const HANDEDNESS_CODES = [undefined, 'Left', 'Right'] as const;

/**
 * The lines of one byte range of a `*.landmarks.jsonl` file, when every one of them is ordinary.
 * Line numbers count from 1 at the range's first line; frame indices (`beforeFrame`, `afterFrame`)
 * count from 0 at the range's first frame. Frames are columns in typed arrays so that they can be
 * transferred from a worker without copying.
 */
export interface ParsedRange {
  /** Lines in the range, as the sequential line reader counts them. */
  lineCount: number;
  /** The first range's header (its first non-blank line); absent for the other ranges. */
  header?: SessionHeader;
  frameCount: number;
  t: Float64Array;
  frameLines: Int32Array;
  handCounts: Uint32Array;
  /** 63 values per hand, hands in frame order. */
  landmarks: Float64Array;
  /** One code per hand, see HANDEDNESS_CODES. */
  handedness: Uint8Array;
  /** One per hand; NaN when the hand has no score (a real score is always finite). */
  scores: Float64Array;
  targets: TargetChange[];
  labels: LabelSpan[];
  replies: SessionReply[];
  /** Times of the first and last frame or target, for the time order check across ranges. */
  firstTime?: number;
  lastTime?: number;
}

/** Anything the fast path does not reproduce: the caller reads the file sequentially instead. */
export interface UnusualRange {
  unusual: string;
}

export interface RangeParseOptions {
  /** True for the range at the start of the file, whose first non-blank line must be the header. */
  first: boolean;
  /** As LineSourceOptions.maxLineBytes. */
  maxLineBytes: number;
}

class GrowableFloat64 {
  private data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(Math.max(capacity, 64));
  }
  append(values: Float64Array): void {
    if (this.length + values.length > this.data.length) {
      const bigger = new Float64Array(Math.max(this.data.length * 2, this.length + values.length));
      bigger.set(this.data.subarray(0, this.length));
      this.data = bigger;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }
  /** Exactly the appended values, in an array that owns its whole buffer (so transferring it sends no spare). */
  take(): Float64Array {
    return this.length === this.data.length ? this.data : this.data.slice(0, this.length);
  }
}

const CARRIAGE_RETURN = 13;
const HANDEDNESS_CODE = { Left: 1, Right: 2 } as const;

/**
 * Parses one range with the sequential reader's per-line code (`parseJsonLine`, `checkSessionLine`) and
 * its line splitting rules (split on "\n", one trailing "\r" dropped, blank lines skipped). Returns
 * UnusualRange at the first line that would make the sequential reader say anything beyond the data
 * itself: a problem, a note, a byte order mark, or a header that is not the file's first line.
 */
export function parseSessionRange(bytes: Uint8Array, options: RangeParseOptions): ParsedRange | UnusualRange {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { unusual: 'not valid UTF-8 text' };
  }
  // The line reader drops byte order marks at line starts; any U+FEFF at all is left to it.
  if (text.includes('\ufeff')) return { unusual: 'a byte order mark (U+FEFF)' };

  let newlines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) newlines++;
  const lineCount = newlines + (text.length > 0 && text.charCodeAt(text.length - 1) !== 10 ? 1 : 0);

  const t = new Float64Array(lineCount);
  const frameLines = new Int32Array(lineCount);
  const handCounts = new Uint32Array(lineCount);
  const landmarks = new GrowableFloat64(lineCount * VALUES_PER_FRAME);
  const handedness: number[] = [];
  const scores: number[] = [];
  const range: Omit<ParsedRange, 't' | 'frameLines' | 'handCounts' | 'landmarks' | 'handedness' | 'scores'> = {
    lineCount,
    frameCount: 0,
    targets: [],
    labels: [],
    replies: [],
  };
  let sawContent = false;
  let lastTime = -Infinity;

  for (let start = 0, line = 1; start < text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    let lineText = text.slice(start, end);
    start = end + 1;
    // Each UTF-16 unit is at least one UTF-8 byte and at most three.
    if (lineText.length * 3 > options.maxLineBytes && Buffer.byteLength(lineText) > options.maxLineBytes) {
      return { unusual: `line ${line} of the range is longer than ${options.maxLineBytes} bytes` };
    }
    if (lineText.length > 0 && lineText.charCodeAt(lineText.length - 1) === CARRIAGE_RETURN) lineText = lineText.slice(0, -1);
    if (lineText.trim() === '') continue;

    const parsed = parseJsonLine(lineText);
    if (!parsed.ok) return { unusual: `line ${line} of the range is not JSON` };
    const checked = checkSessionLine(parsed.value);
    const firstOfFile = options.first && !sawContent;
    sawContent = true;
    if (firstOfFile && checked.kind !== 'header') return { unusual: 'the file has no header line' };

    switch (checked.kind) {
      case 'invalid':
        return { unusual: `line ${line} of the range is invalid` };
      case 'header':
        if (!firstOfFile) return { unusual: `line ${line} of the range is a second header` };
        range.header = checked.header;
        break;
      case 'label':
        range.labels.push({ t0: checked.t0, t1: checked.t1, text: checked.text, line });
        break;
      case 'reply':
        range.replies.push({ t: checked.t, reply: checked.reply, afterFrame: range.frameCount - 1, line });
        break;
      case 'frame':
      case 'target':
        if (checked.t < lastTime) return { unusual: `time goes backwards on line ${line} of the range` };
        lastTime = checked.t;
        range.firstTime ??= checked.t;
        range.lastTime = checked.t;
        if (checked.kind === 'target') {
          range.targets.push({ t: checked.t, letter: checked.letter, beforeFrame: range.frameCount, line });
          break;
        }
        t[range.frameCount] = checked.t;
        frameLines[range.frameCount] = line;
        handCounts[range.frameCount] = checked.hands.length;
        range.frameCount++;
        for (const hand of checked.hands) {
          landmarks.append(hand.landmarks);
          handedness.push(hand.handedness === undefined ? 0 : HANDEDNESS_CODE[hand.handedness]);
          scores.push(hand.score ?? NaN);
        }
        break;
    }
  }
  if (options.first && !sawContent) return { unusual: 'the start of the file holds only blank lines' };

  const frames = range.frameCount;
  return {
    ...range,
    t: frames === lineCount ? t : t.slice(0, frames),
    frameLines: frames === lineCount ? frameLines : frameLines.slice(0, frames),
    handCounts: frames === lineCount ? handCounts : handCounts.slice(0, frames),
    landmarks: landmarks.take(),
    handedness: Uint8Array.from(handedness),
    scores: Float64Array.from(scores),
  };
}

/** The buffers of a parsed range, to transfer rather than copy. */
export function rangeTransferList(range: ParsedRange): ArrayBuffer[] {
  return [range.t, range.frameLines, range.handCounts, range.landmarks, range.handedness, range.scores].map((a) => a.buffer as ArrayBuffer);
}
