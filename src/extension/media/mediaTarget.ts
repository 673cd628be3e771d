import * as vscode from 'vscode';
import { constants, existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { canAccess } from '../../core/canAccess';

/** Where the session of an imported video or folder goes, and whether an existing file is to be replaced. */
export interface MediaTarget {
  path: string;
  overwrite: boolean;
}

/** "clip.landmarks.jsonl" for clip.webm; "frames.landmarks.jsonl" for the folder frames/. */
export function sessionNameFor(source: string): string {
  const isFolder = statSync(source).isDirectory();
  const name = basename(source);
  return `${isFolder ? name : name.slice(0, name.length - extname(name).length)}.landmarks.jsonl`;
}

/**
 * Beside the source (the first workspace folder when the source's folder is read-only). An existing
 * session is never replaced without asking: Replace, or Save As… another name.
 */
export async function chooseTarget(source: string): Promise<MediaTarget | undefined> {
  const name = sessionNameFor(source);
  const besideFolder = dirname(source);
  const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const folder = canAccess(besideFolder, constants.W_OK) || !workspace ? besideFolder : workspace;
  const path = join(folder, name);
  if (!existsSync(path)) return { path, overwrite: false };
  const answer = await vscode.window.showWarningMessage(
    `${path} already exists. Replace it (and its images), or save the new session under another name?`,
    { modal: true },
    'Replace',
    'Save As…',
  );
  if (answer === 'Replace') return { path, overwrite: true };
  if (answer !== 'Save As…') return undefined;
  const chosen = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(path),
    filters: { 'Landmark Lens session': ['jsonl'] },
    saveLabel: 'Save Session',
    title: 'Landmark Lens: where to write the imported session',
  });
  // The save dialog asked itself before it returned a file that exists.
  return chosen ? { path: chosen.fsPath, overwrite: existsSync(chosen.fsPath) } : undefined;
}
