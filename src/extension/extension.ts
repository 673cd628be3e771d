import * as vscode from 'vscode';
import { registerReplay } from './replay/registerReplay';
import { registerLive } from './live/registerLive';
import { registerModelCommands } from './model/registerModelCommands';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Landmark Lens', { log: true });
  context.subscriptions.push(log);
  registerModelCommands(context, log);
  registerReplay(context, log);
  registerLive(context, log);
  log.info('Landmark Lens activated');
}

export function deactivate(): void {
  // Disposables registered on the context are released by VS Code.
}
