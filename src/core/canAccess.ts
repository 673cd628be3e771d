import { accessSync } from 'node:fs';

/** Whether this process may use `path` as `mode` says (fs.constants.X_OK, W_OK, ...), as the file system answers now. */
export function canAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}
