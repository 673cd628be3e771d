import { resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { readSession } from '../../core/session/readSession';
import { formatProblem } from '../../core/session/formatProblem';
import { SendConnectError, sendSession } from '../../liveserver/liveSender';
import { asUserError } from './analyze';

const USAGE = 'send <session> --to ws://127.0.0.1:8765 [--fps N] [--linger ms]';

interface SendArgs {
  session: string;
  to: string;
  fps?: number;
  lingerMs: number;
}

function parseArgs(args: string[]): SendArgs {
  const positional: string[] = [];
  let to = '';
  let fps: number | undefined;
  let lingerMs = 1000;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [flag, inline] = arg.split('=', 2);
    const value = inline ?? args[++i];
    if (value === undefined) throw new UserError(`${flag} needs a value; usage: ${USAGE}`);
    switch (flag) {
      case '--to':
        to = value;
        break;
      case '--fps': {
        const n = Number(value);
        if (!Number.isFinite(n) || n <= 0 || n > 1000) throw new UserError(`--fps must be a number above 0 and at most 1000, got '${value}'`);
        fps = n;
        break;
      }
      case '--linger': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0) throw new UserError(`--linger must be a whole number of ms >= 0, got '${value}'`);
        lingerMs = n;
        break;
      }
      default:
        throw new UserError(`unknown option ${flag}; usage: ${USAGE}`);
    }
  }
  if (positional.length !== 1) throw new UserError(`expected one session file; usage: ${USAGE}`);
  if (!to) throw new UserError(`--to is required (for example --to ws://127.0.0.1:8765); usage: ${USAGE}`);
  if (!/^wss?:\/\/[^/]+/.test(to)) throw new UserError(`--to must be a ws:// or wss:// address, got '${to}'`);
  return { session: positional[0], to, fps, lingerMs };
}

export const sendCommand: CliCommand = {
  name: 'send',
  usage: USAGE,
  summary: 'stream a recorded session to a live server (ours, or a backend that takes landmarks) and print its replies',
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parseArgs(args);
    const path = resolve(io.cwd, options.session);
    const session = await readSession(path).catch((err) => {
      throw asUserError(err);
    });
    if (session.problems.length > 0) {
      const more = session.problems.length > 1 ? ` (and ${session.problems.length - 1} more problems)` : '';
      throw new UserError(`${formatProblem(session.problems[0])}${more}`);
    }
    let summary;
    try {
      summary = await sendSession(session, options.to, {
        fps: options.fps,
        lingerMs: options.lingerMs,
        onReply: (text) => io.stdout(text + '\n'),
      });
    } catch (err) {
      if (err instanceof SendConnectError) throw new UserError(err.message);
      throw err;
    }
    const seconds = (summary.durationMs / 1000).toFixed(1);
    io.stderr(
      `sent ${summary.framesSent} frames and ${summary.targetsSent} target changes in ${seconds} s; ` +
        `${summary.replies} replies (${summary.errors} errors); letters: ${summary.letters || '-'}\n`,
    );
    if (summary.skippedTargets > 0) {
      io.stderr(`note: ${summary.skippedTargets} target changes back to free mode were skipped: the protocol cannot express them\n`);
    }
    if (summary.closedEarly) {
      const { code, reason } = summary.closedEarly;
      throw new UserError(`the server closed the connection after ${summary.framesSent} frames (code ${code}${reason ? `, ${reason}` : ''})`);
    }
    return summary.errors > 0 ? 1 : 0;
  },
};
