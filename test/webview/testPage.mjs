// The page the webview tests and the webview benchmarks load: like a VS Code webview's (nonce CSP,
// --vscode-* theme variables), with acquireVsCodeApi from test/webview/pages/harness.ts, then
// dist/toolkit.min.js and dist/webview.js.
import { randomBytes } from 'node:crypto';
import { THEMES } from './themes.mjs';

/** The page's HTML for the server at `origin`, in `theme` (a key of THEMES); `toolkit: false` leaves the toolkit out. */
export function testPageHtml(origin, theme = 'dark', toolkit = true) {
  const nonce = randomBytes(16).toString('base64');
  const t = THEMES[theme];
  const vars = Object.entries(t.vars).map(([k, v]) => `${k}: ${v};`).join(' ');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${origin} 'nonce-${nonce}'`,
    `img-src ${origin} data: blob:`,
    `font-src ${origin}`,
    // As the extension's pages: bulk messages are fetched.
    `connect-src ${origin}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en" style="">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="csp-nonce" content="${nonce}">
<style nonce="${nonce}" id="_defaultStyles">html { ${vars} } body { background-color: var(--vscode-editor-background); color: var(--vscode-editor-foreground); }</style>
<title>Landmark Lens test page</title>
</head>
<body class="${t.bodyClass}" data-vscode-theme-kind="${t.kind}">
<div id="app" data-mode="replay"></div>
<script nonce="${nonce}" src="${origin}/dist/test/webview/harness.js"></script>
${toolkit ? `<script type="module" nonce="${nonce}" src="${origin}/dist/toolkit.min.js"></script>` : ''}
<script nonce="${nonce}" src="${origin}/dist/webview.js"></script>
</body>
</html>`;
}
