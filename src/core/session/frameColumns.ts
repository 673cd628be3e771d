import { VALUES_PER_FRAME } from '../hand/topology';
import type { Handedness, HandObservation } from '../hand/types';
import type { FrameSource } from './frameSource';
import type { HandBlocks } from './handBlocks';
import type { Session, SessionFrame } from './types';

const HANDEDNESS: ReadonlyArray<Handedness | undefined> = [undefined, 'Left', 'Right'];

/** Handedness as a byte: 0 absent, 1 Left, 2 Right. */
export function handednessCode(handedness: Handedness | undefined): number {
  return handedness === 'Left' ? 1 : handedness === 'Right' ? 2 : 0;
}

/** A session's frames as typed arrays: per frame, then per hand (hands in frame order). */
export interface FrameColumnArrays {
  t: Float64Array;
  index: Int32Array;
  /** 1-based source line, -1 when unknown. */
  line: Int32Array;
  /** Frame i's hands are hands handStart[i] .. handStart[i + 1] - 1; count + 1 entries. */
  handStart: Uint32Array;
  /** 63 values per hand. */
  landmarks: HandBlocks;
  /** NaN when the hand has no score. */
  score: Float64Array;
  /** See handednessCode. */
  handedness: Uint8Array;
}

/**
 * Fills a FrameColumns' landmark column on demand (from a snapshot file): until `complete`, hands are
 * readable only after ensure() covered them.
 */
export interface LandmarkLoader {
  readonly complete: boolean;
  /** Makes hands [from, to) readable in the landmark column; throws an Error naming what went wrong. */
  ensure(from: number, to: number): void;
  /** Gives up what it holds open; hands not loaded yet can no longer be read. */
  release(): void;
}

/**
 * A session's frames held as columns. Frame objects are built only when asked for: an hour's are
 * ~430,000 objects that all survive, and building them fills the young generation of the thread that
 * holds the session, whose scavenges then pause its event loop. The pipeline and the webview's `frames`
 * messages read the columns directly (FrameSource). With a LandmarkLoader, the landmark column is
 * filled as it is read.
 */
export class FrameColumns implements FrameSource {
  constructor(
    readonly columns: FrameColumnArrays,
    readonly count: number,
    /** Frames' `line` is absent when this is false (sessions not read from a text file). */
    readonly hasLines: boolean,
    private readonly loader?: LandmarkLoader,
  ) {}

  /** Makes every hand's landmarks readable in `columns.landmarks` (read them directly only after this). */
  loadAllLandmarks(): void {
    this.ensureHands(0, this.hands);
  }

  /** Lets go of the landmark loader's file; hands not loaded yet can no longer be read. */
  release(): void {
    this.loader?.release();
  }

  private ensureHands(from: number, to: number): void {
    if (this.loader && !this.loader.complete && from < to) this.loader.ensure(from, to);
  }

  get hands(): number {
    return this.columns.handStart[this.count];
  }

  t(i: number): number {
    return this.columns.t[i];
  }

  hasHand(i: number): boolean {
    return this.columns.handStart[i] !== this.columns.handStart[i + 1];
  }

  /** Frame `i`'s first hand, a view into the landmark column, or null when it has none. */
  firstHand(i: number): Float64Array | null {
    const { landmarks, handStart } = this.columns;
    const first = handStart[i];
    if (first === handStart[i + 1]) return null;
    this.ensureHands(first, first + 1);
    return landmarks.view(first);
  }

  /**
   * Frames with exactly one hand hold their hands back to back, so each run of them is one copy; only
   * frames with two or more hands are copied alone. It runs when a session opens, while the code is still
   * cold, so a copy per frame would be the longest step of the open.
   */
  copyFirstHands(start: number, end: number, out: Float32Array, hasHand: Uint8Array): void {
    const { landmarks, handStart } = this.columns;
    this.ensureHands(handStart[start], handStart[end]);
    let i = start;
    while (i < end) {
      const hands = handStart[i + 1] - handStart[i];
      if (hands === 0) {
        i++;
        continue;
      }
      let j = i + 1;
      if (hands === 1) while (j < end && handStart[j + 1] - handStart[j] === 1) j++;
      // A run of single-hand frames [i, j), or frame i's first hand alone.
      landmarks.copyTo(handStart[i], hands === 1 ? j - i : 1, out, (i - start) * VALUES_PER_FRAME);
      hasHand.fill(1, i - start, j - start);
      i = j;
    }
  }

  /** Frames [from, to) as a session holds them; landmarks are views into the landmark column. */
  build(from: number, to: number): SessionFrame[] {
    const { t, landmarks, score, index, line, handStart, handedness } = this.columns;
    this.ensureHands(handStart[from], handStart[to]);
    const frames: SessionFrame[] = new Array(to - from);
    for (let i = from; i < to; i++) {
      const hands: HandObservation[] = [];
      for (let h = handStart[i]; h < handStart[i + 1]; h++) {
        const hand: HandObservation = { landmarks: landmarks.view(h) };
        const side = HANDEDNESS[handedness[h]];
        if (side) hand.handedness = side;
        if (!Number.isNaN(score[h])) hand.score = score[h];
        hands.push(hand);
      }
      const frame: SessionFrame = { index: index[i], t: t[i], hands };
      if (this.hasLines) frame.line = line[i];
      frames[i - from] = frame;
    }
    return frames;
  }
}

const columnsOfSessions = new WeakMap<object, FrameColumns>();

/**
 * A session whose `frames` are `columns`, built into objects on first read (or replaced by an
 * assignment). Until then frameSourceOf(session) and frameColumnsOf(session) answer from the columns.
 */
export function sessionWithFrameColumns(rest: Omit<Session, 'frames'>, columns: FrameColumns): Session {
  const session = { ...rest } as Session;
  // The first read, or an assignment (buildFramesInSteps), replaces the lazy property with a plain one.
  const settle = (value: SessionFrame[]) => {
    Object.defineProperty(session, 'frames', { value, enumerable: true, configurable: true, writable: true });
    return value;
  };
  Object.defineProperty(session, 'frames', {
    enumerable: true,
    configurable: true,
    get: () => settle(columns.build(0, columns.count)),
    set: settle,
  });
  columnsOfSessions.set(session, columns);
  return session;
}

/** The columns behind a session made by sessionWithFrameColumns, or undefined for any other session. */
export function frameColumnsOf(session: object): FrameColumns | undefined {
  return columnsOfSessions.get(session);
}

/** Whether a session's frame objects exist yet (always true for a session without columns). */
export function framesBuilt(session: object): boolean {
  return !frameColumnsOf(session) || Object.getOwnPropertyDescriptor(session, 'frames')?.get === undefined;
}
