import * as vscode from 'vscode';
import { registerReplay, type ReplayApi } from './replay/registerReplay';
import { modelErrorReporter } from './model/modelErrorReporter';
import { registerLive } from './live/registerLive';
import { registerModelCommands } from './model/registerModelCommands';

/** What activate() returns: the replay API the integration suites drive. */
export interface LandmarkLensExports {
  api: ReplayApi;
}

export function activate(context: vscode.ExtensionContext): LandmarkLensExports {
  const log = vscode.window.createOutputChannel('Landmark Lens', { log: true });
  context.subscriptions.push(log);
  registerModelCommands(context, log);
  const api = registerReplay(context, log, { reportModelError: modelErrorReporter(log) });
  registerLive(context, log);
  log.info('Landmark Lens activated');
  return { api };
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
