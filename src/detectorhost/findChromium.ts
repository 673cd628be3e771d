import { constants } from 'node:fs';
import { canAccess } from '../core/canAccess';

/** Where Chromium or Chrome usually is, per platform. */
const CANDIDATES: Record<string, string[]> = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  ],
  // Edge is Chromium and comes with Windows, so camera frames work there without installing anything.
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    'C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe',
  ],
};

export const CHROMIUM_ENV = 'LANDMARK_LENS_CHROMIUM';

/** How to get camera frames working, said once wherever a detector is missing; `option` is where a path is given. */
export function enableDetectorHint(option = '--chromium PATH'): string {
  return `install Chromium (Debian/Ubuntu: apt-get install chromium) or point ${option} or ${CHROMIUM_ENV} at a Chromium or Chrome`;
}

/** No Chromium to run the hand detector in; the message says where it looked and how to enable it. */
export class ChromiumMissingError extends Error {}

const executable = (path: string): boolean => canAccess(path, constants.X_OK);

/** Where the caller takes an explicit path from: the CLI's --chromium, or the extension's setting. */
export interface ChromiumOption {
  /** Names the source in messages, e.g. "--chromium" or "the setting landmarkLens.detector.chromiumPath". */
  name: string;
  /** How the hint says to give a path, e.g. "--chromium PATH". */
  hint: string;
}

const CLI_OPTION: ChromiumOption = { name: '--chromium', hint: '--chromium PATH' };

/** The Chromium to use: `explicit` (--chromium), else $LANDMARK_LENS_CHROMIUM, else the first one installed. */
export function findChromium(explicit?: string, env: NodeJS.ProcessEnv = process.env, option: ChromiumOption = CLI_OPTION): string {
  const given = explicit || env[CHROMIUM_ENV];
  if (given) {
    if (!executable(given)) {
      const from = explicit ? option.name : CHROMIUM_ENV;
      throw new ChromiumMissingError(`${from}: ${given} is not an executable file; ${enableDetectorHint(option.hint)}`);
    }
    return given;
  }
  const candidates = CANDIDATES[process.platform] ?? CANDIDATES.linux;
  const found = candidates.find(executable);
  if (!found) throw new ChromiumMissingError(`camera frames need the hand detector, which runs in Chromium, and none was found (looked at ${candidates.join(', ')}): ${enableDetectorHint(option.hint)}`);
  return found;
}
