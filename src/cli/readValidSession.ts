import { readSession } from '../core/session/readSession';
import { isSessionError } from '../core/session/sessionError';
import { formatProblem } from '../core/session/formatProblem';
import type { Session } from '../core/session/types';
import { UserError } from './command';

/**
 * Reads a session for a command that needs all of it: any problem is a one-line error naming the
 * first bad line (convert is the command that keeps the valid part of a damaged file).
 */
export async function readValidSession(path: string): Promise<Session> {
  let session: Session;
  try {
    session = await readSession(path);
  } catch (err) {
    throw isSessionError(err) ? new UserError(err.message) : err;
  }
  if (session.problems.length > 0) {
    const more = session.problems.length > 1 ? ` (and ${session.problems.length - 1} more problems)` : '';
    throw new UserError(`${formatProblem(session.problems[0])}${more}`);
  }
  return session;
}
