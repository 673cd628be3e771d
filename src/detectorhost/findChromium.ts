import { accessSync, constants } from 'node:fs';

/** Where Chromium or Chrome usually is, per platform. */
const CANDIDATES: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'],
  darwin: ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
  win32: ['C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe'],
};

export const CHROMIUM_ENV = 'LANDMARK_LENS_CHROMIUM';

/** How to get camera frames working, said once wherever a detector is missing. */
export const ENABLE_DETECTOR_HINT = `install Chromium (Debian/Ubuntu: apt-get install chromium) or point --chromium PATH or ${CHROMIUM_ENV} at a Chromium or Chrome`;

/** No Chromium to run the hand detector in; the message says where it looked and how to enable it. */
export class ChromiumMissingError extends Error {}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium to use: `explicit` (--chromium), else $LANDMARK_LENS_CHROMIUM, else the first one installed. */
export function findChromium(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const given = explicit ?? env[CHROMIUM_ENV];
  if (given) {
    if (!executable(given)) {
      const from = explicit ? '--chromium' : CHROMIUM_ENV;
      throw new ChromiumMissingError(`${from}: ${given} is not an executable file; ${ENABLE_DETECTOR_HINT}`);
    }
    return given;
  }
  const candidates = CANDIDATES[process.platform] ?? CANDIDATES.linux;
  const found = candidates.find(executable);
  if (!found) throw new ChromiumMissingError(`camera frames need the hand detector, which runs in Chromium, and none was found (looked at ${candidates.join(', ')}): ${ENABLE_DETECTOR_HINT}`);
  return found;
}
