import { randomBytes } from 'node:crypto';

/**
 * The detector page's HTML and its Content-Security-Policy: the policy a VS Code webview hosting the
 * detector needs too. Scripts only by nonce, and what they load ('strict-dynamic': hands.js injects its
 * loader and WASM glue as script tags); WASM compiled from bytes ('wasm-unsafe-eval'); fetch and XHR only
 * to the detector's files and, here, its socket.
 */
export function detectorPolicy(nonce: string, assetsUrl: string, socketUrl: string | null): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}' 'strict-dynamic' 'wasm-unsafe-eval'`,
    `connect-src ${assetsUrl}${socketUrl ? ` ${socketUrl}` : ''}`,
    'img-src blob: data:',
  ].join('; ');
}

export function detectorPageHtml(scriptUrl: string, assetsUrl: string, socketUrl: string): { html: string; policy: string } {
  const nonce = randomBytes(16).toString('base64');
  const policy = detectorPolicy(nonce, assetsUrl, socketUrl);
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>Landmark Lens hand detector</title></head>
<body><script nonce="${nonce}" src="${scriptUrl}"></script></body></html>
`;
  return { html, policy };
}
