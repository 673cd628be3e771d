import { promises as fs } from 'node:fs';
import { UserError } from './command';

/** Writes lines to a new file; an existing file is replaced only with `force` (checked atomically by the open). */
export async function writeNewFile(path: string, lines: Iterable<string>, force: boolean): Promise<void> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(path, force ? 'w' : 'wx');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError(`--out: ${path} already exists; pass --force to replace it`);
    throw new UserError(`--out: cannot write ${path} (${code ?? (err as Error).message})`);
  }
  try {
    // Batches of lines keep memory bounded for long sessions without a write per line.
    let batch: string[] = [];
    for (const line of lines) {
      batch.push(line);
      if (batch.length === 1000) {
        await handle.write(batch.join('\n') + '\n');
        batch = [];
      }
    }
    if (batch.length) await handle.write(batch.join('\n') + '\n');
  } catch (err) {
    throw new UserError(`--out: cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    await handle.close();
  }
}
