import type { Session } from '../types';

export type SessionFormatId = 'landmarks-jsonl' | 'pose' | 'csv' | 'mediapipe-json' | 'parquet';

export interface ImportOptions {
  /** Which hand to keep: for .pose the component, for other formats hands of that handedness. */
  hand?: 'left' | 'right';
  /** Parquet files of many sequences: the sequence_id to read (default: the first). */
  sequence?: string;
  /** Frame rate for formats without times (CSV or MediaPipe JSON without a time field); overrides a .pose file's. */
  fps?: number;
  /**
   * Niceness (Linux) of the threads that parse a large file in parallel, so that on a machine with few
   * cores they leave the caller's own thread (an editor's event loop) a core when it needs one.
   */
  parserNiceness?: number;
  /** Problems reported before reading stops (default 100). */
  maxProblems?: number;
  /** How to read .pose z values; 'auto' decides from the data (see poseImporter.ts). */
  poseZ?: 'auto' | 'pixels' | 'unscaled';
  /** Text formats: longest line kept in memory, in bytes. */
  maxLineBytes?: number;
  /** Text formats: bytes read at a time. */
  chunkBytes?: number;
  /**
   * `.landmarks.jsonl`: a file up to this size is parsed in the calling thread, as one range of the parallel
   * read (the same session, no worker threads to start), for a caller whose thread would only wait
   * (default 0: large files go to workers).
   */
  inThreadBytes?: number;
}

/** One input format. `read` never throws anything but a SessionError. */
export interface SessionImporter {
  id: SessionFormatId;
  /** For messages: "MediaPipe results JSON". */
  label: string;
  /** File name endings, lower case, e.g. ".pose". */
  extensions: readonly string[];
  /** How sure (0..1) this importer is that the file is its format, from its name and first bytes. */
  detect(path: string, firstBytes: Uint8Array): number;
  read(path: string, options?: ImportOptions): Promise<Session>;
}

export function hasExtension(path: string, extensions: readonly string[]): boolean {
  const lower = path.toLowerCase();
  return extensions.some((e) => lower.endsWith(e));
}

/** The first bytes as text (a cut multi-byte character at the end is dropped). */
export function sniffText(firstBytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(firstBytes).replace(/^\ufeff/, '');
}
