import { oneLine } from '../excerpt';

/** Why a whole file could not be read (a problem with one line is a SessionProblem instead). */
export type SessionErrorCode =
  | 'not-found'
  | 'not-a-file'
  | 'unreadable'
  | 'empty'
  | 'binary'
  | 'unknown-format'
  | 'bad-format'
  | 'exists'
  | 'write-failed'
  | 'invalid-record'
  | 'closed';

/** A whole-file error; its message is one line: `<file>: <what is wrong>` (or `<file>:<line>: ...`). */
export class SessionError extends Error {
  readonly code: SessionErrorCode;
  readonly file: string;
  readonly line?: number;

  constructor(code: SessionErrorCode, file: string, detail: string, line?: number) {
    // One line whatever the detail quotes: a file's content or name can hold newlines and NULs.
    super(oneLine(`${file}${line !== undefined ? `:${line}` : ''}: ${detail}`));
    this.name = 'SessionError';
    this.code = code;
    this.file = file;
    this.line = line;
  }
}

export function isSessionError(err: unknown): err is SessionError {
  return err instanceof SessionError;
}
