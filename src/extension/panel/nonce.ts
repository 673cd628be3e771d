import { randomBytes } from 'node:crypto';

/** A fresh nonce for one webview document's Content-Security-Policy (base64, 128 bits). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}
