import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { CliIO } from './command';
import { UserError } from './command';

/** Writes lines to `outPath`, or to stdout when it is null; a file that cannot be written is a one-line error. */
export async function writeLines(lines: Iterable<string>, outPath: string | null, io: CliIO): Promise<void> {
  if (outPath === null) {
    for (const line of lines) io.stdout(line + '\n');
    return;
  }
  const stream = createWriteStream(outPath);
  const failed = once(stream, 'error').then(([err]) => {
    throw new UserError(`${outPath}: cannot write (${(err as NodeJS.ErrnoException).code ?? err})`);
  });
  failed.catch(() => undefined);
  for (const line of lines) {
    if (!stream.write(line + '\n')) await Promise.race([once(stream, 'drain'), failed]);
  }
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
}
