import * as vscode from 'vscode';
import type { ReplayPanels } from './replayPanels';
import { pickCompareModel } from './pickCompareModel';

/**
 * Next Error / Previous Error: the wrong frames of the focused replay panel against the session's labels.
 * The keybindings (F8 / Shift+F8 while a replay panel or session editor is the active editor) are VS Code's,
 * beside the webview's own E / Shift+E, so they also work from the Command Palette and can be rebound.
 */
export function registerEvaluationCommands(panels: ReplayPanels): vscode.Disposable[] {
  const onActive = (action: string) => () => {
    const panel = panels.list().find((p) => p.panel.active);
    if (!panel) {
      void vscode.window.showInformationMessage('Landmark Lens: focus a replay panel first (the errors are those of its session against its labels).');
      return false;
    }
    panel.runAction(action);
    return true;
  };
  return [
    // Compare With Model…: the focused replay panel's session, a model (and profile) picked here or given.
    vscode.commands.registerCommand('landmarkLens.compareWithModel', async (model?: string, profile?: string) => {
      const panel = panels.list().find((p) => p.panel.active);
      if (!panel) {
        void vscode.window.showInformationMessage('Landmark Lens: focus a replay panel first, then compare its session with another model.');
        return false;
      }
      const picked = typeof model === 'string' ? { model, profile } : await pickCompareModel();
      if (!picked) return false;
      try {
        await panel.compare(picked.model, picked.profile);
        return true;
      } catch (error) {
        void vscode.window.showErrorMessage(`Landmark Lens: the comparison failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
    }),
    // Swap Compared Models: the focused panel's compared model becomes its own, its own the compared one.
    vscode.commands.registerCommand('landmarkLens.swapComparedModels', async () => {
      const panel = panels.list().find((p) => p.panel.active);
      if (!panel) {
        void vscode.window.showInformationMessage('Landmark Lens: focus a replay panel that compares two models first.');
        return false;
      }
      try {
        await panel.swapModels();
        return true;
      } catch (error) {
        void vscode.window.showErrorMessage(`Landmark Lens: the models were not swapped: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }
    }),
    vscode.commands.registerCommand('landmarkLens.nextError', onActive('nextError')),
    vscode.commands.registerCommand('landmarkLens.previousError', onActive('prevError')),
  ];
}
