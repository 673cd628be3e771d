import * as vscode from 'vscode';
import { join } from 'node:path';
import { ModelHostClient } from '../../modelhost/client';
import { loadModelWithProfile } from '../../model/loadModelWithProfile';
import { PROBABILITIES_WARNING } from '../../core/model/probeOutputs';
import { settingOverrides } from '../../model/settingOverrides';
import { modelDetailLines, modelSummaryLine } from './describeModel';
import { errorText } from '../../core/errorText';
import { modelSettings, setModelPath } from '../settings';
import { SETTING } from '../../protocol/settingNames';

/**
 * `Landmark Lens: Select Model…`: the picked model is loaded in a model host of its own first, so a
 * file that is not ONNX, has an unsupported signature or fails to run is reported before it becomes
 * the `landmarkLens.modelPath` setting; what was inferred about it is shown.
 */
export function registerModelCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('landmarkLens.selectModel', async () => {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { 'ONNX model': ['onnx'] },
        openLabel: 'Use this model',
      });
      if (!picked || picked.length === 0) return;
      const path = picked[0].fsPath;
      const problem = await checkModel(context, log, path);
      if (problem !== null) {
        const choice = await vscode.window.showErrorMessage(
          `Landmark Lens: ${problem} (${SETTING.modelPath} was not changed)`,
          'Use Anyway',
        );
        if (choice !== 'Use Anyway') return;
      }
      await setModelPath(path);
      log.info(`model set to ${path}`);
    }),
  );
}

/** Loads the model and shows what was inferred; returns the one-line problem, or null when it is usable. */
async function checkModel(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, path: string): Promise<string | null> {
  const client = new ModelHostClient({ hostScript: join(context.extensionUri.fsPath, 'dist', 'modelhost.js') });
  try {
    const partial = settingOverrides(modelSettings().profileOverrides);
    const loaded = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Landmark Lens: checking the model…' },
      () => loadModelWithProfile(client, path, { overrides: partial }),
    );
    const summary = modelSummaryLine(path, loaded.signature, loaded.resolved);
    log.info(summary);
    for (const line of modelDetailLines(loaded.resolved)) log.info(`  ${line}`);
    if (loaded.resolved.warnings.includes(PROBABILITIES_WARNING)) {
      void vscode.window.showWarningMessage(`Landmark Lens: ${PROBABILITIES_WARNING}`);
    } else {
      void vscode.window.showInformationMessage(`Landmark Lens: ${summary}`);
    }
    return null;
  } catch (err) {
    const problem = errorText(err);
    log.error(problem);
    return problem;
  } finally {
    await client.dispose();
  }
}
