import { chooseImporter, importerById } from './importers/chooseImporter';
import type { ImportOptions, SessionFormatId } from './importers/sessionImporter';
import type { Session } from './types';

export interface ReadSessionOptions extends ImportOptions {
  /** Skip detection and read the file as this format. */
  format?: SessionFormatId;
}

/**
 * A whole session for replay or analysis, from any supported format (chosen by content and name):
 * the valid part plus `problems` for invalid lines. Rejects only with a SessionError, for whole-file
 * problems (missing, empty, binary, unknown format).
 */
export async function readSession(path: string, options: ReadSessionOptions = {}): Promise<Session> {
  const importer = options.format ? importerById(options.format) : await chooseImporter(path);
  return importer.read(path, options);
}
