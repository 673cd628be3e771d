import { VALUES_PER_FRAME } from '../hand/topology';
import { parseJsonLine } from './jsonWithNonFinite';
import { checkSessionLine } from './sessionLineChecks';
import { FrameLineScanner } from './frameLineScanner';
import { handednessCode } from './frameColumns';
import type { LabelSpan, SessionHeader, SessionReply, TargetChange } from './types';

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
  /** 63 values per hand, hands in frame order, HANDS_PER_BLOCK hands a block. */
  landmarkBlocks: Float64Array[];
  /** One code per hand, see handednessCode. */
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

/** Hands per landmark block: 8192 x 63 values, 4 MB. */
export const HANDS_PER_BLOCK = 8192;

/** Hands' 63 values in fixed-size blocks: appending never copies what is already there. */
class LandmarkBlocks {
  private readonly blocks: Float64Array[] = [];
  private used = HANDS_PER_BLOCK;
  /** One hand: the 63 values of `values` from `from`. */
  append(values: Float64Array, from = 0): void {
    if (this.used === HANDS_PER_BLOCK) {
      this.blocks.push(new Float64Array(HANDS_PER_BLOCK * VALUES_PER_FRAME));
      this.used = 0;
    }
    const block = this.blocks[this.blocks.length - 1];
    const at = this.used * VALUES_PER_FRAME;
    for (let k = 0; k < VALUES_PER_FRAME; k++) block[at + k] = values[from + k];
    this.used++;
  }
  /**
   * The blocks, the last one a view of the hands in it: its spare (never written, so never given
   * memory by the system) goes along with the buffer, which is cheaper than copying up to 4 MB.
   */
  take(): Float64Array[] {
    const last = this.blocks.length - 1;
    if (last >= 0 && this.used < HANDS_PER_BLOCK) this.blocks[last] = this.blocks[last].subarray(0, this.used * VALUES_PER_FRAME);
    return this.blocks;
  }
}

type NumberColumn = Float64Array | Int32Array | Uint32Array | Uint8Array;

/**
 * A typed array appended to one value at a time, doubling as it fills. Plain arrays grown by push are
 * garbage for the collector on every growth, and would be copied into typed arrays at the end anyway.
 */
class GrowingColumn<T extends NumberColumn> {
  private values: T;
  length = 0;

  constructor(private readonly type: { new (length: number): T }) {
    this.values = new type(4096);
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new this.type(this.values.length * 2);
      grown.set(this.values as ArrayLike<number>);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  /** The values so far, a view of the column (transferring it sends the spare too, which was never written). */
  take(): T {
    return this.values.subarray(0, this.length) as T;
  }
}

const CARRIAGE_RETURN = 13;
const NEWLINE = 10;

/**
 * Parses one range, fed in pieces of whole lines, with the sequential reader's line rules (split on "\n",
 * one trailing "\r" dropped, blank lines skipped) and its per-line code (`parseJsonLine`,
 * `checkSessionLine`), except for the frame lines FrameLineScanner reads from the bytes with the same
 * result. Stops with an UnusualRange at the first line that would make the sequential reader say
 * anything beyond the data itself: a problem, a note, a byte order mark, a header that is not the file's
 * first line.
 */
export class SessionRangeParser {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly scanner = new FrameLineScanner();
  private line = 0;
  private sawContent = false;
  private lastTime = -Infinity;
  private endedWithoutNewline = false;
  private unusual?: UnusualRange;
  private header?: SessionHeader;
  private firstTime?: number;
  private readonly t = new GrowingColumn(Float64Array);
  private readonly frameLines = new GrowingColumn(Int32Array);
  private readonly handCounts = new GrowingColumn(Uint32Array);
  private readonly landmarks = new LandmarkBlocks();
  private readonly handedness = new GrowingColumn(Uint8Array);
  private readonly scores = new GrowingColumn(Float64Array);
  private readonly targets: TargetChange[] = [];
  private readonly labels: LabelSpan[] = [];
  private readonly replies: SessionReply[] = [];

  constructor(private readonly options: RangeParseOptions) {}

  /**
   * The next lines of the range. Every piece but the last must end with a newline (so that no line, and
   * no character, is cut between two pieces). Returns an UnusualRange once the range is known to be unusual.
   */
  push(bytes: Uint8Array): UnusualRange | undefined {
    if (this.unusual) return this.unusual;
    if (this.endedWithoutNewline) throw new Error('SessionRangeParser: only the last piece may end without a newline');
    if (bytes.length === 0) return undefined;
    this.endedWithoutNewline = bytes[bytes.length - 1] !== NEWLINE;
    this.unusual = this.parseText(bytes);
    return this.unusual;
  }

  finish(): ParsedRange | UnusualRange {
    if (this.unusual) return this.unusual;
    if (this.options.first && !this.sawContent) return { unusual: 'the start of the file holds only blank lines' };
    return {
      lineCount: this.line,
      header: this.header,
      frameCount: this.t.length,
      t: this.t.take(),
      frameLines: this.frameLines.take(),
      handCounts: this.handCounts.take(),
      landmarkBlocks: this.landmarks.take(),
      handedness: this.handedness.take(),
      scores: this.scores.take(),
      targets: this.targets,
      labels: this.labels,
      replies: this.replies,
      firstTime: this.firstTime,
      lastTime: this.firstTime === undefined ? undefined : this.lastTime,
    };
  }

  private parseText(bytes: Uint8Array): UnusualRange | undefined {
    const { maxLineBytes, first } = this.options;
    const scanner = this.scanner;
    for (let start = 0; start < bytes.length; ) {
      const line = ++this.line;
      const newline = bytes.indexOf(NEWLINE, start);
      let end = newline < 0 ? bytes.length : newline;
      const next = end + 1;
      if (end - start > maxLineBytes) return { unusual: `line ${line} of the range is longer than ${maxLineBytes} bytes` };
      if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end--;
      // The file's first line must be the header, which the general path checks.
      const headerDue = first && !this.sawContent;
      if (!headerDue && scanner.scan(bytes, start, end)) {
        start = next;
        this.sawContent = true;
        const t = scanner.t;
        if (t < this.lastTime) return { unusual: `time goes backwards on line ${line} of the range` };
        this.lastTime = t;
        this.firstTime ??= t;
        this.t.push(t);
        this.frameLines.push(line);
        this.handCounts.push(scanner.handCount);
        for (let h = 0; h < scanner.handCount; h++) {
          this.landmarks.append(scanner.landmarks, h * VALUES_PER_FRAME);
          this.handedness.push(scanner.handedness[h]);
          this.scores.push(scanner.scores[h]);
        }
        continue;
      }
      let lineText: string;
      try {
        lineText = this.decoder.decode(bytes.subarray(start, end));
      } catch {
        return { unusual: 'not valid UTF-8 text' };
      }
      start = next;
      // The line reader drops byte order marks at line starts; any U+FEFF at all is left to it.
      if (lineText.includes('\ufeff')) return { unusual: 'a byte order mark (U+FEFF)' };
      if (lineText.trim() === '') continue;
      const unusual = this.parsedLine(lineText, line, headerDue);
      if (unusual) return unusual;
    }
    return undefined;
  }

  /** A line the scanner declined, by JSON.parse and the line checks. */
  private parsedLine(lineText: string, line: number, headerDue: boolean): UnusualRange | undefined {
    const parsed = parseJsonLine(lineText);
    if (!parsed.ok) return { unusual: `line ${line} of the range is not JSON` };
    const checked = checkSessionLine(parsed.value);
    this.sawContent = true;
    if (headerDue && checked.kind !== 'header') return { unusual: 'the file has no header line' };

    switch (checked.kind) {
      case 'invalid':
        return { unusual: `line ${line} of the range is invalid` };
      case 'header':
        if (!headerDue) return { unusual: `line ${line} of the range is a second header` };
        this.header = checked.header;
        break;
      case 'label':
        this.labels.push({ t0: checked.t0, t1: checked.t1, text: checked.text, line });
        break;
      case 'reply':
        this.replies.push({ t: checked.t, reply: checked.reply, afterFrame: this.t.length - 1, line });
        break;
      case 'frame':
      case 'target':
        if (checked.t < this.lastTime) return { unusual: `time goes backwards on line ${line} of the range` };
        this.lastTime = checked.t;
        this.firstTime ??= checked.t;
        if (checked.kind === 'target') {
          this.targets.push({ t: checked.t, letter: checked.letter, beforeFrame: this.t.length, line });
          break;
        }
        this.t.push(checked.t);
        this.frameLines.push(line);
        this.handCounts.push(checked.hands.length);
        for (const hand of checked.hands) {
          this.landmarks.append(hand.landmarks);
          this.handedness.push(handednessCode(hand.handedness));
          this.scores.push(hand.score ?? NaN);
        }
        break;
    }
    return undefined;
  }
}

/** The buffers of a parsed range, to transfer rather than copy. */
export function rangeTransferList(range: ParsedRange): ArrayBuffer[] {
  return [range.t, range.frameLines, range.handCounts, ...range.landmarkBlocks, range.handedness, range.scores].map((a) => a.buffer as ArrayBuffer);
}
