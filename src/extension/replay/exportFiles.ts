import { basename } from 'node:path';

/** A file name the webview suggested, reduced to a safe base name with the wanted extension. */
export function exportFileName(suggested: string, sessionFile: string, extension: '.csv' | '.png'): string {
  const cleaned = basename(suggested.trim()).replace(/[\\/:*?"<>|]/g, '_');
  const fallback = basename(sessionFile).replace(/\.landmarks\.jsonl$|\.[^.]+$/, '');
  const name = cleaned || fallback || 'landmark-lens';
  return name.toLowerCase().endsWith(extension) ? name : `${name}${extension}`;
}

/** The bytes of a `data:image/png;base64,...` URL, or a reason it is not one. */
export function pngBytesFromDataUrl(dataUrl: string): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  const prefix = 'data:image/png;base64,';
  if (!dataUrl.startsWith(prefix)) {
    return { ok: false, error: `the chart image is not a PNG data URL (starts with "${dataUrl.slice(0, 22)}")` };
  }
  const bytes = Buffer.from(dataUrl.slice(prefix.length), 'base64');
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 8 || signature.some((b, i) => bytes[i] !== b)) {
    return { ok: false, error: 'the chart image data is not a PNG (bad signature)' };
  }
  return { ok: true, bytes };
}
