import { SessionError } from '../sessionError';
import { openSessionFile } from '../sessionFile';
import { csvImporter } from './csvImporter';
import { landmarksJsonlImporter } from './landmarksJsonlImporter';
import { mediapipeJsonImporter } from './mediapipeJsonImporter';
import { poseImporter } from './poseImporter';
import { parquetImporter } from './parquetImporter';
import type { SessionFormatId, SessionImporter } from './sessionImporter';

export const IMPORTERS: readonly SessionImporter[] = [landmarksJsonlImporter, poseImporter, csvImporter, mediapipeJsonImporter, parquetImporter];

/** Below this, no importer is sure enough and the file is reported as of unknown format. */
const MIN_CONFIDENCE = 0.3;

export function importerById(id: SessionFormatId): SessionImporter {
  const importer = IMPORTERS.find((i) => i.id === id);
  if (!importer) throw new Error(`no importer ${id}`);
  return importer;
}

/** The importer for a file, chosen by its content and name; rejects with a SessionError when none fits. */
export async function chooseImporter(path: string): Promise<SessionImporter> {
  const { firstBytes } = await openSessionFile(path);
  let best: SessionImporter | undefined;
  let bestScore = 0;
  for (const importer of IMPORTERS) {
    const score = importer.detect(path, firstBytes);
    if (score > bestScore) {
      best = importer;
      bestScore = score;
    }
  }
  if (!best || bestScore < MIN_CONFIDENCE) {
    throw new SessionError('unknown-format', path, `cannot tell the format; expected ${IMPORTERS.map((i) => i.label).join(', ')}`);
  }
  return best;
}
