import { readSession, type ReadSessionOptions } from '../core/session/readSession';
import { isSessionError } from '../core/session/sessionError';
import { formatProblem } from '../core/session/formatProblem';
import type { Session } from '../core/session/types';
import { UserError } from './command';
import { sessionFrames } from '../core/session/frameColumns';

/**
 * Reads a session for a command that needs all of it: any problem is a one-line error naming the
 * first bad line (convert is the command that keeps the valid part of a damaged file). A warning (a
 * torn last line, as a crash leaves a recording) goes to `warn`, and the lines before it are used.
 */
export async function readValidSession(path: string, warn: (line: string) => void, options: ReadSessionOptions = {}): Promise<Session> {
  let session: Session;
  try {
    session = await readSession(path, options);
  } catch (err) {
    throw isSessionError(err) ? new UserError(err.message) : err;
  }
  const errors = session.problems.filter((p) => !p.warning);
  if (errors.length === 0) {
    for (const p of session.problems) warn(`warning: ${formatProblem(p)}; the ${sessionFrames(session).length} frames before it are used\n`);
    return session;
  }
  if (session.problems.length > 0) {
    const more = session.problems.length > 1 ? ` (and ${session.problems.length - 1} more problems)` : '';
    throw new UserError(`${formatProblem(session.problems[0])}${more}`);
  }
  return session;
}
