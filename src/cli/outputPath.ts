import { promises as fs, constants } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from './command';

async function statOrNull(path: string) {
  try {
    return await fs.stat(path);
  } catch {
    return null;
  }
}

/**
 * Checks `--out` before any work is done, so a long run never ends in "cannot write": the file must not
 * be one of the inputs (even with --force: the input would be gone before it was read), must not exist
 * without --force, and its folder must exist and be writable. The write itself (writeNewFile) checks
 * again atomically.
 */
export async function checkOutputPath(out: string, force: boolean, inputs: { path: string; what: string }[]): Promise<void> {
  const target = await statOrNull(out);
  for (const input of inputs) {
    const source = await statOrNull(input.path);
    const same = out === input.path || (target !== null && source !== null && target.dev === source.dev && target.ino === source.ino);
    if (same) throw new UserError(`--out: ${out} is ${input.what}; choose another file`);
  }
  if (target?.isDirectory()) throw new UserError(`--out: ${out} is a folder; expected a file name`);
  if (target && !force) throw new UserError(`--out: ${out} already exists; pass --force to replace it`);
  const folder = dirname(out);
  const parent = await statOrNull(folder);
  if (!parent) throw new UserError(`--out: cannot write ${out}: the folder ${folder} does not exist`);
  if (!parent.isDirectory()) throw new UserError(`--out: cannot write ${out}: ${folder} is not a folder`);
  try {
    await fs.access(folder, constants.W_OK);
  } catch {
    throw new UserError(`--out: cannot write ${out}: the folder ${folder} is not writable`);
  }
}
