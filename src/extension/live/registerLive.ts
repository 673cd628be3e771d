import * as vscode from 'vscode';

export function registerLive(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('landmarkLens.openLivePanel', () => {
      log.warn('Live Debug Panel is not available yet');
      void vscode.window.showWarningMessage('Landmark Lens: the live debug panel is not available yet.');
    }),
  );
}
