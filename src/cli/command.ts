/** A `landmark-lens` sub-command. `run` returns the exit code: 0 ok, 1 findings, 2 bad input or usage. */
export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  run(args: string[], io: CliIO): Promise<number>;
}

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  /** stderr is a terminal: progress may be shown there (never when it is piped or redirected). */
  interactive?: boolean;
}

/** An error whose message is shown as one line, without a stack trace (exit code 2). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
