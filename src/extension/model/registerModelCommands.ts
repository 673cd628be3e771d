import * as vscode from 'vscode';

export function registerModelCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('landmarkLens.selectModel', async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { 'ONNX model': ['onnx'] },
        openLabel: 'Use this model',
      });
      if (!picked || picked.length === 0) return;
      await vscode.workspace
        .getConfiguration('landmarkLens')
        .update('modelPath', picked[0].fsPath, vscode.ConfigurationTarget.Global);
      log.info(`model set to ${picked[0].fsPath}`);
    }),
  );
}
