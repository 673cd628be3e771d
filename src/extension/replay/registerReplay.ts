import * as vscode from 'vscode';

export function registerReplay(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const notYet = (what: string) => () => {
    log.warn(`${what} is not available yet`);
    void vscode.window.showWarningMessage(`Landmark Lens: ${what} is not available yet.`);
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('landmarkLens.replaySession', notYet('Replay Session')),
    vscode.commands.registerCommand('landmarkLens.replaySample', notYet('Replay Sample Session')),
  );
}
