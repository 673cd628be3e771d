import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { createNonce } from './nonce';
import { renderLensHtml, type LensMode } from './lensWebviewHtml';
import { errorText } from '../../core/errorText';

/** Webview options shared by every Landmark Lens panel: scripts on, resources only from dist/ and `roots`. */
export function lensWebviewOptions(extensionUri: vscode.Uri, roots: readonly vscode.Uri[] = []): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), ...roots],
    retainContextWhenHidden: true,
  };
}

export interface LensWebviewOptions<In> {
  mode: LensMode;
  extensionUri: vscode.Uri;
  title: string;
  /** Facts the page can read before its first message (`#lens-boot`). */
  boot?: Record<string, unknown>;
  /** Folders besides dist/ whose files the page may load (the replay worker's bulk messages). */
  resourceRoots?: readonly vscode.Uri[];
  /** The protocol's boundary check for messages from the webview (e.g. `checkWebviewToExtension`). */
  check: (value: unknown) => { ok: true; message: In } | { ok: false; error: string };
  onMessage: (message: In) => void | Promise<void>;
  log: vscode.LogOutputChannel;
}

export interface LensWebview<Out> {
  readonly panel: vscode.WebviewPanel;
  post(message: Out): Thenable<boolean>;
  /** The URI under which the page can fetch the local file `path` (inside a resource root). */
  resourceUri(path: string): string;
  /** True once the panel was disposed; posting then does nothing. */
  readonly disposed: boolean;
  onDidDispose(listener: () => void): void;
}

/**
 * Fills a webview panel (new, restored by a serializer, or a custom editor's) with the Landmark Lens
 * document and wires its messages through the protocol's type guard. Shared by the replay and live panels.
 */
export function createLensWebview<In, Out>(
  panel: vscode.WebviewPanel,
  options: LensWebviewOptions<In>,
): LensWebview<Out> {
  const webview = panel.webview;
  webview.options = lensWebviewOptions(options.extensionUri, options.resourceRoots);
  const dist = vscode.Uri.joinPath(options.extensionUri, 'dist');
  const toolkitFile = vscode.Uri.joinPath(dist, 'toolkit.min.js');
  webview.html = renderLensHtml({
    mode: options.mode,
    cspSource: webview.cspSource,
    nonce: createNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
    toolkitUri: existsSync(toolkitFile.fsPath) ? webview.asWebviewUri(toolkitFile).toString() : undefined,
    title: options.title,
    // VS Code also toggles `vscode-reduce-motion` on the body; this covers the first paint.
    reduceMotion: vscode.workspace.getConfiguration('workbench').get<string>('reduceMotion') === 'on',
    boot: options.boot ?? {},
  });

  let disposed = false;
  const disposeListeners: Array<() => void> = [];
  const subscriptions: vscode.Disposable[] = [
    webview.onDidReceiveMessage(async (value: unknown) => {
      const checked = options.check(value);
      if (!checked.ok) {
        options.log.warn(`${options.mode} panel: ignored a malformed message: ${checked.error}`);
        return;
      }
      try {
        await options.onMessage(checked.message);
      } catch (error) {
        options.log.error(`${options.mode} panel: handling ${describe(value)} failed: ${errorText(error)}`);
      }
    }),
  ];
  panel.onDidDispose(() => {
    disposed = true;
    for (const subscription of subscriptions) subscription.dispose();
    for (const listener of disposeListeners) listener();
  });

  return {
    panel,
    get disposed() {
      return disposed;
    },
    post(message: Out) {
      if (disposed) return Promise.resolve(false);
      return webview.postMessage(message);
    },
    resourceUri(path: string) {
      return webview.asWebviewUri(vscode.Uri.file(path)).toString();
    },
    onDidDispose(listener) {
      disposeListeners.push(listener);
    },
  };
}

function describe(value: unknown): string {
  if (value && typeof value === 'object' && 'type' in value) return `type "${String((value as { type: unknown }).type)}"`;
  return typeof value;
}

