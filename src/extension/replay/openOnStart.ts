import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { SESSION_EDITOR_VIEW_TYPE } from './sessionEditorProvider';

/**
 * Set by `npm start` on the VS Code Server it starts: a session to show in the replay editor once the
 * extension is active. The workbench cannot open it itself: at startup it opens files before it knows
 * the extension's custom editor, so they show as text.
 */
export const OPEN_ON_START_VARIABLE = 'LANDMARK_LENS_OPEN_ON_START';

export async function openSessionOnStart(log: vscode.LogOutputChannel, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const file = env[OPEN_ON_START_VARIABLE];
  if (!file) return;
  if (!isAbsolute(file) || !existsSync(file)) {
    log.warn(`${OPEN_ON_START_VARIABLE}=${file}: expected the absolute path of an existing session file; nothing opened`);
    return;
  }
  log.info(`opening ${file} in the replay editor (${OPEN_ON_START_VARIABLE})`);
  await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), SESSION_EDITOR_VIEW_TYPE);
}
