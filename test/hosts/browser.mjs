// Headless Chromium for the server host, driven by playwright-core (the system's chromium, no download).
import { existsSync } from 'node:fs';
import { HostError } from './processes.mjs';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium() {
  const forced = process.env.LANDMARK_LENS_CHROMIUM;
  if (forced) {
    if (!existsSync(forced)) throw new HostError(`LANDMARK_LENS_CHROMIUM=${forced}: no such file`);
    return forced;
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new HostError(`no Chromium found (looked at ${candidates.join(', ')}): install it (Debian: apt-get install chromium) or set LANDMARK_LENS_CHROMIUM`);
  return found;
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  const executablePath = findChromium();
  try {
    return await chromium.launch({
      executablePath,
      headless: true,
      timeout: 60_000,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  } catch (err) {
    throw new HostError(`could not launch ${executablePath}: ${String(err.message).split('\n')[0]}`);
  }
}
