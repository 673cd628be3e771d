import { streamSession, type StreamSessionOptions } from './streamSession';
import type { FrameObjectsSession, SessionReply } from './types';

export interface ReadLandmarksOptions extends StreamSessionOptions {
  /** Problems reported before reading stops (default 100). */
  maxProblems?: number;
}

export const DEFAULT_MAX_PROBLEMS = 100;

/**
 * A whole `*.landmarks.jsonl` session. The session holds everything before the first invalid line
 * (so a replay can open the valid part); the rest of the file is still checked so that every
 * problem, up to `maxProblems`, is reported at once.
 */
export async function readLandmarksSession(path: string, options: ReadLandmarksOptions = {}): Promise<FrameObjectsSession> {
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  const replies: SessionReply[] = [];
  const session: FrameObjectsSession = { header: { type: 'header', format: 'landmark-session', version: 1 }, frames: [], targets: [], labels: [], problems: [], replies, notes: [] };
  const valid = () => session.problems.length === 0;
  for await (const record of streamSession(path, options)) {
    switch (record.kind) {
      case 'header':
        session.header = record.header;
        break;
      case 'note':
        session.notes!.push(record.note);
        break;
      case 'problem':
        if (session.problems.length === maxProblems) {
          session.notes!.push({ file: path, line: record.problem.line, message: `stopped checking after ${maxProblems} problems` });
          return session;
        }
        session.problems.push(record.problem);
        break;
      case 'frame':
        if (valid()) session.frames.push(record.frame);
        break;
      case 'target':
        if (valid()) session.targets.push(record.target);
        break;
      case 'label':
        if (valid()) session.labels.push(record.label);
        break;
      case 'reply':
        if (valid()) replies.push(record.reply);
        break;
    }
  }
  return session;
}
