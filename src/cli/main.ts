import type { CliCommand, CliIO } from './command';
import { UserError } from './command';
import { analyzeCommand } from './commands/analyze';
import { evaluateCommand } from './commands/evaluate';
import { explainCommand } from './commands/explain';
import { inspectModelCommand } from './commands/inspectModel';
import { synthCommand } from './commands/synth';
import { convertCommand } from './commands/convert';
import { serveCommand } from './commands/serve';
import { sendCommand } from './commands/send';
import { errorText } from '../core/errorText';

const COMMANDS: CliCommand[] = [
  analyzeCommand,
  evaluateCommand,
  explainCommand,
  serveCommand,
  sendCommand,
  synthCommand,
  convertCommand,
  inspectModelCommand,
];

function help(): string {
  const lines = ['usage: landmark-lens <command> [options]', '', 'commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.usage}`, `      ${c.summary}`);
  return lines.join('\n') + '\n';
}

/**
 * A reader that goes away (`analyze s | head -1`) closes stdout: the rest of the output has no one to
 * read it, so the command ends quietly with exit code 0, as Unix tools do, instead of an EPIPE trace.
 */
function endQuietlyOnClosedStdout(): void {
  if (process.stdout.listenerCount('error') > 0) return;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    throw err;
  });
}

export async function main(argv: string[], io?: Partial<CliIO>): Promise<number> {
  if (!io?.stdout) endQuietlyOnClosedStdout();
  const out: CliIO = {
    stdout: io?.stdout ?? ((s) => process.stdout.write(s)),
    stderr: io?.stderr ?? ((s) => process.stderr.write(s)),
    cwd: io?.cwd ?? process.cwd(),
    interactive: io?.interactive ?? (io?.stderr === undefined && process.stderr.isTTY === true),
  };
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out.stdout(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    out.stderr(`landmark-lens: unknown command '${name}'\n${help()}`);
    return 2;
  }
  try {
    return await command.run(rest, out);
  } catch (err) {
    if (err instanceof UserError) {
      out.stderr(`landmark-lens ${name}: ${err.message}\n`);
      return 2;
    }
    const message = errorText(err);
    out.stderr(`landmark-lens ${name}: internal error: ${message}\n`);
    return 3;
  }
}
