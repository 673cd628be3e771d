import type { HandObservation } from '../hand/types';

/** First line of a `*.landmarks.jsonl` file. Extra fields are kept. */
export interface SessionHeader {
  type: 'header';
  format: 'landmark-session';
  version: 1;
  fps?: number;
  source?: string;
  created?: string;
  [extra: string]: unknown;
}

/** A frame; `hands` is empty when no hand was detected. Frames are numbered from 0 in file order. */
export interface SessionFrame {
  index: number;
  /** Session time in milliseconds. */
  t: number;
  hands: HandObservation[];
  /** 1-based source line, when read from a file. */
  line?: number;
}

/** The app set a new target letter (the backend's reset). `letter` null returns to free mode. */
export interface TargetChange {
  t: number;
  letter: string | null;
  /** Index of the first frame that follows this event in file order. */
  beforeFrame: number;
  line?: number;
}

/** Optional ground truth for a span of time. */
export interface LabelSpan {
  t0: number;
  t1: number;
  text: string;
  line?: number;
}

/** Something wrong with an input file, with enough detail for a person to fix it. */
export interface SessionProblem {
  file: string;
  /** 1-based line (or record number for binary formats); absent when the problem is the whole file. */
  line?: number;
  field?: string;
  message: string;
}

export interface Session {
  header: SessionHeader;
  frames: SessionFrame[];
  targets: TargetChange[];
  labels: LabelSpan[];
  /** Problems found while reading; a session with problems still holds the valid part before them. */
  problems: SessionProblem[];
}
