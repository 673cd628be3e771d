import type { HandObservation } from '../hand/types';
import type { FrameColumns } from './frameColumns';

/** First line of a `*.landmarks.jsonl` file. Extra fields are kept. */
export interface SessionHeader {
  type: 'header';
  format: 'landmark-session';
  version: 1;
  fps?: number;
  source?: string;
  created?: string;
  /** The sidecar folder of the frames' camera images, beside the file (sessionImages.ts). */
  images?: string;
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
  /**
   * A warning, not an error: the session is still whole up to it. Only a torn last line (the file ends in
   * the middle of it, as a crashed writer leaves a recording) is one; commands use the rest and say so.
   */
  warning?: boolean;
}

/**
 * A reply that was sent while recording (live sessions): `reply` is the message as sent,
 * e.g. `{"maxarg_letter":"B","target_arg_prob":0.83}` or `{"error":"..."}`.
 */
export interface SessionReply {
  t: number;
  reply: Record<string, unknown>;
  /** Index of the last frame read before this reply in file order (-1 before any frame). */
  afterFrame: number;
  line?: number;
}

export interface Session {
  header: SessionHeader;
  /**
   * The frames: objects, or columns (FrameColumns: a parallel read, a snapshot), which build no frame
   * object unless asked to. Read them with frameSourceOf (either form, no object built) or sessionFrames
   * (objects, built from columns once).
   */
  frames: SessionFrame[] | FrameColumns;
  targets: TargetChange[];
  labels: LabelSpan[];
  /** Problems found while reading; a session with problems still holds the valid part before them. */
  problems: SessionProblem[];
  /** Replies recorded with the frames (reply lines); absent or empty for files without them. */
  replies?: SessionReply[];
  /** Facts worth showing that are not errors, e.g. "no header line; fps unknown". */
  notes?: SessionProblem[];
}

/** A session whose frames are objects: what the importers, the synthesizer and the streaming reader make. */
export type FrameObjectsSession = Session & { frames: SessionFrame[] };

/** One line of a session file as the streaming reader yields it. */
export type SessionRecord =
  | { kind: 'header'; header: SessionHeader; line: number }
  | { kind: 'frame'; frame: SessionFrame }
  | { kind: 'target'; target: TargetChange }
  | { kind: 'label'; label: LabelSpan }
  | { kind: 'reply'; reply: SessionReply }
  /** A line that is not valid; reading goes on so that every problem can be reported. */
  | { kind: 'problem'; problem: SessionProblem }
  /** Not an error: e.g. the file has no header line. */
  | { kind: 'note'; note: SessionProblem };
