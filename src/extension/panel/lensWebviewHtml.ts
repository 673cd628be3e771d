/**
 * The HTML document of a Landmark Lens webview. Pure string building (no 'vscode' import) so the CSP
 * can be unit-tested; the caller supplies the webview's URIs as strings.
 */
export type LensMode = 'replay' | 'live';

export interface LensHtmlInputs {
  mode: LensMode;
  /** `webview.cspSource`. */
  cspSource: string;
  nonce: string;
  /** `asWebviewUri` of dist/webview.js. */
  scriptUri: string;
  /** `asWebviewUri` of dist/toolkit.min.js, when the toolkit bundle is present. */
  toolkitUri?: string;
  title: string;
  reduceMotion: boolean;
  /** Document-level facts the webview reads before its first message (e.g. the panel id). */
  boot: Record<string, unknown>;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // Injected <style> elements must carry the nonce; the toolkit uses constructable stylesheets.
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `img-src ${cspSource} data: blob:`,
    `font-src ${cspSource}`,
    // Bulk messages: the webview fetches their files, which are webview resources.
    `connect-src ${cspSource}`,
  ].join('; ');
}

export function renderLensHtml(inputs: LensHtmlInputs): string {
  const { nonce } = inputs;
  // JSON inside <script> must not be able to close the element.
  const boot = JSON.stringify({ mode: inputs.mode, reduceMotion: inputs.reduceMotion, ...inputs.boot }).replace(
    /</g,
    '\\u003c',
  );
  const toolkit = inputs.toolkitUri
    ? `<script type="module" nonce="${nonce}" src="${escapeAttribute(inputs.toolkitUri)}"></script>`
    : '';
  const bodyClass = inputs.reduceMotion ? ' class="lens-reduce-motion"' : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(inputs.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<title>${escapeText(inputs.title)}</title>
</head>
<body data-mode="${inputs.mode}"${bodyClass}>
<div id="app" data-mode="${inputs.mode}"></div>
<script type="application/json" id="lens-boot" nonce="${nonce}">${boot}</script>
${toolkit}
<script nonce="${nonce}" src="${escapeAttribute(inputs.scriptUri)}"></script>
</body>
</html>`;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
