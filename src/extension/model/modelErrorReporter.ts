import * as vscode from 'vscode';
import type { ModelLoadError } from '../../model/loadedModel';
import { SETTING } from '../../protocol/settingNames';

/** A notification for a model problem, once per message while it stays the same. */
export function modelErrorReporter(log: vscode.LogOutputChannel): (error: ModelLoadError) => void {
  let lastShown = '';
  return (error) => {
    // A warning: the notification is where the user sees it; the log keeps the detail.
    log.warn(error.message);
    if (error.message === lastShown) return;
    lastShown = error.message;
    void vscode.window
      .showErrorMessage(`Landmark Lens: ${error.message}`, 'Select Model…', 'Open Settings')
      .then((choice) => {
        lastShown = '';
        if (choice === 'Select Model…') void vscode.commands.executeCommand('landmarkLens.selectModel');
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', SETTING.modelPath);
      });
  };
}
