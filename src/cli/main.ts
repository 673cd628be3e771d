import type { CliCommand, CliIO } from './command';
import { UserError } from './command';
import { errorText } from '../core/errorText';

/**
 * The commands, each loaded when it runs: a command's modules (the live server's WebSocket and HTTP, the
 * detector, video and parquet readers) are not loaded before another command, whose start would wait for them.
 */
const COMMANDS: Array<[name: string, load: () => Promise<CliCommand>]> = [
  ['analyze', () => import('./commands/analyze').then((m) => m.analyzeCommand)],
  ['evaluate', () => import('./commands/evaluate').then((m) => m.evaluateCommand)],
  ['explain', () => import('./commands/explain').then((m) => m.explainCommand)],
  ['serve', () => import('./commands/serve').then((m) => m.serveCommand)],
  ['send', () => import('./commands/send').then((m) => m.sendCommand)],
  ['synth', () => import('./commands/synth').then((m) => m.synthCommand)],
  ['convert', () => import('./commands/convert').then((m) => m.convertCommand)],
  ['inspect-model', () => import('./commands/inspectModel').then((m) => m.inspectModelCommand)],
];

async function help(): Promise<string> {
  const lines = ['usage: landmark-lens <command> [options]', '', 'commands:'];
  for (const [, load] of COMMANDS) {
    const c = await load();
    lines.push(`  ${c.usage}`, `      ${c.summary}`);
  }
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
    out.stdout(await help());
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find(([n]) => n === name);
  if (!entry) {
    out.stderr(`landmark-lens: unknown command '${name}'\n${await help()}`);
    return 2;
  }
  try {
    const command = await entry[1]();
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
