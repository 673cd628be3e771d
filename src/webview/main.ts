// Webview entry point for the replay panel, the session editor and the live panel.
import { App } from './app';
import styles from './styles.css';
import attributionStyles from './attribution.css';
import { hostApi } from './vscodeApi';

function installStyles(): void {
  // A constructed stylesheet needs no inline <style> and so no CSP exception.
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${styles}\n${attributionStyles}`);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

function main(): void {
  installStyles();
  const host = hostApi();
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
  root.id = 'app';
  const app = new App(root, host);
  window.addEventListener('message', (event: MessageEvent) => app.receive(event.data));
  window.addEventListener('error', (event) => host.postMessage({ type: 'error', message: `${event.message} (${event.filename}:${event.lineno})` }));
  window.addEventListener('unhandledrejection', (event) => host.postMessage({ type: 'error', message: String(event.reason) }));
  (window as unknown as { __landmarkLens: App }).__landmarkLens = app;
  app.announceReady();
}

main();
