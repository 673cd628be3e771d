import { promises as fs } from 'node:fs';
import { UserError } from './command';

/** Opens `path` for writing; an existing file is replaced only with `force` (checked atomically by the open). */
async function openNewFile(path: string, force: boolean): Promise<fs.FileHandle> {
  try {
    return await fs.open(path, force ? 'w' : 'wx');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UserError(`--out: ${path} already exists; pass --force to replace it`);
    throw new UserError(`--out: cannot write ${path} (${code ?? (err as Error).message})`);
  }
}

async function writing(path: string, force: boolean, write: (handle: fs.FileHandle) => Promise<void>): Promise<void> {
  const handle = await openNewFile(path, force);
  try {
    await write(handle);
  } catch (err) {
    throw new UserError(`--out: cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  } finally {
    await handle.close();
  }
}

/** Writes lines to a new file; an existing file is replaced only with `force`. */
export function writeNewFile(path: string, lines: Iterable<string>, force: boolean): Promise<void> {
  return writing(path, force, async (handle) => {
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
  });
}

/** Writes byte chunks, as they are and in order, to a new file; an existing file is replaced only with `force`. */
export function writeNewFileBytes(path: string, chunks: readonly Uint8Array[], force: boolean): Promise<void> {
  return writing(path, force, async (handle) => {
    // writev takes at most IOV_MAX (1024) buffers a call on Linux; a short write goes on from where it stopped.
    for (let i = 0; i < chunks.length; i += 256) {
      const group = chunks.slice(i, i + 256);
      let { bytesWritten } = await handle.writev(group);
      for (const chunk of group) {
        if (bytesWritten >= chunk.length) {
          bytesWritten -= chunk.length;
          continue;
        }
        let done = bytesWritten;
        bytesWritten = 0;
        while (done < chunk.length) done += (await handle.write(chunk, done)).bytesWritten;
      }
    }
  });
}
