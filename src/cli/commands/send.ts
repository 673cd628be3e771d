import { resolve } from 'node:path';
import type { CliCommand, CliIO } from '../command';
import { UserError } from '../command';
import { numberOption, parseCommandArgs } from '../args';
import { readValidSession } from '../readValidSession';
import { requiredSessionImages } from '../requiredSessionImages';
import { SendConnectError, sendSession } from '../../liveserver/liveSender';

const USAGE = 'send <session> --to ws://127.0.0.1:8765 [--fps N] [--linger ms] [--as-app]';

interface SendArgs {
  session: string;
  to: string;
  fps?: number;
  lingerMs: number;
  asApp: boolean;
}

function parseSendArgs(args: string[]): SendArgs {
  const { values, positionals } = parseCommandArgs(
    args,
    { to: { type: 'string' }, fps: { type: 'string' }, linger: { type: 'string' }, 'as-app': { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length !== 1) throw new UserError(`expected one session file; usage: ${USAGE}`);
  const to = values.to;
  if (!to) throw new UserError(`--to is required (for example --to ws://127.0.0.1:8765); usage: ${USAGE}`);
  if (!/^wss?:\/\/[^/]+/.test(to)) throw new UserError(`--to: expected a ws:// or wss:// address, found '${to}'`);
  return {
    session: positionals[0],
    to,
    fps: numberOption('fps', values.fps, { above: 0, max: 1000 }, 'a frame rate above 0 and at most 1000'),
    lingerMs: numberOption('linger', values.linger, { min: 0, integer: true }, 'a whole number of ms >= 0') ?? 1000,
    asApp: values['as-app'] ?? false,
  };
}

export const sendCommand: CliCommand = {
  name: 'send',
  usage: USAGE,
  summary:
    'stream a recorded session to a live server (ours, or a backend that takes landmarks) and print its replies; ' +
    "--as-app sends its camera images as the app's jpeg_blob messages",
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parseSendArgs(args);
    const path = resolve(io.cwd, options.session);
    const session = await readValidSession(path, io.stderr);
    const images = options.asApp
      ? await requiredSessionImages('--as-app', path, session.header, options.session, '; record a JPEG client, or convert a video with --images')
      : null;
    let summary;
    try {
      summary = await sendSession(session, options.to, {
        fps: options.fps,
        lingerMs: options.lingerMs,
        onReply: (text) => io.stdout(text + '\n'),
        asApp: images ?? undefined,
      });
    } catch (err) {
      if (err instanceof SendConnectError) throw new UserError(err.message);
      throw err;
    }
    const seconds = (summary.durationMs / 1000).toFixed(1);
    io.stderr(
      `sent ${summary.framesSent} frames and ${summary.targetsSent} target changes in ${seconds} s; ` +
        `${summary.replies} replies (${summary.errors} errors); letters: ${summary.letters.join(' ') || '-'}\n`,
    );
    if (summary.skippedFrames > 0) io.stderr(`note: ${summary.skippedFrames} frames have no image and were not sent\n`);
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
