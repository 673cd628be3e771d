import { readLandmarksSessionInParallel } from '../parallelSessionRead';
import { hasExtension, sniffText, type SessionImporter } from './sessionImporter';

/** The project's own `*.landmarks.jsonl` format. */
export const landmarksJsonlImporter: SessionImporter = {
  id: 'landmarks-jsonl',
  label: 'Landmark Lens session (.landmarks.jsonl)',
  extensions: ['.landmarks.jsonl'],
  detect(path, firstBytes) {
    const firstLine = sniffText(firstBytes).split('\n', 1)[0].trim();
    if (/^\{.*"format"\s*:\s*"landmark-session"/.test(firstLine)) return 1;
    if (hasExtension(path, this.extensions)) return 0.9;
    // A short frame {"t":..,"landmarks":[[x,y,z],...]} or a long frame line.
    if (/^\{.*"type"\s*:\s*"(frame|target|label|reply)"/.test(firstLine)) return 0.8;
    if (/^\{.*"landmarks"\s*:\s*(null|\[\s*\[\s*-?[\d.])/.test(firstLine)) return 0.7;
    return hasExtension(path, ['.jsonl']) ? 0.3 : 0;
  },
  // Large files are parsed in worker threads; small ones, and any with problems, sequentially.
  read: (path, options = {}) => readLandmarksSessionInParallel(path, options),
};
