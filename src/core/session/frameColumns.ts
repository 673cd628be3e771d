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

  private built: SessionFrame[] | undefined;

  /** Every frame as an object, built on the first call and kept (sessionFrames). */
  objects(): SessionFrame[] {
    this.built ??= this.build(0, this.count);
    return this.built;
  }

  get objectsBuilt(): boolean {
    return this.built !== undefined;
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

/** A session whose frames are `columns` (no frame object is built until sessionFrames asks for them). */
export function sessionWithFrameColumns(rest: Omit<Session, 'frames'>, columns: FrameColumns): Session {
  return { ...rest, frames: columns };
}

/** The columns a session holds its frames in, or undefined when it holds frame objects. */
export function frameColumnsOf(session: Pick<Session, 'frames'>): FrameColumns | undefined {
  return session.frames instanceof FrameColumns ? session.frames : undefined;
}

/**
 * A session's frames as objects: its own, or, for a session held in columns, built from them on the first
 * call (an hour's are ~430,000 long-lived objects) and kept. The pipeline and the webview's messages read
 * frameSourceOf instead, which builds none.
 */
export function sessionFrames(session: Pick<Session, 'frames'>): SessionFrame[] {
  return session.frames instanceof FrameColumns ? session.frames.objects() : session.frames;
}

/** Whether a session's frame objects exist yet (always true for a session without columns). */
export function framesBuilt(session: Pick<Session, 'frames'>): boolean {
  return !(session.frames instanceof FrameColumns) || session.frames.objectsBuilt;
}
