import type { SessionProblem } from './types';

/** `<file>:<line>: <field>: <message>`, leaving out the parts a problem does not have. */
export function formatProblem(problem: SessionProblem): string {
  const where = problem.line !== undefined ? `${problem.file}:${problem.line}` : problem.file;
  return problem.field ? `${where}: ${problem.field}: ${problem.message}` : `${where}: ${problem.message}`;
}
