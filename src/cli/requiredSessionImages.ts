import type { SessionHeader } from '../core/session/types';
import { SessionImages } from '../core/session/sessionImages';
import { isSessionError } from '../core/session/sessionError';
import { UserError } from './command';

/**
 * The camera images of the session at `path`, for a command option that needs them: a session without
 * them (or with a missing or empty folder) is a usage error naming the option, the file as the user gave
 * it (`shown`) and what to do (`hint`).
 */
export async function requiredSessionImages(option: string, path: string, header: SessionHeader, shown = path, hint = ''): Promise<SessionImages> {
  let images: SessionImages | null;
  try {
    images = await SessionImages.open(path, header);
  } catch (err) {
    if (isSessionError(err)) throw new UserError(err.message);
    throw err;
  }
  if (!images || images.count === 0) {
    throw new UserError(`${option}: ${images?.problem ?? `${shown} has no camera images (its header names no images folder)`}${hint}`);
  }
  return images;
}
