import * as vscode from 'vscode';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** File types the session readers accept: our own format and the importable ones. */
export const SESSION_FILE_FILTERS: Record<string, string[]> = {
  'Landmark sessions': ['jsonl', 'pose', 'csv', 'json'],
  'Landmark Lens session (*.landmarks.jsonl)': ['jsonl'],
  'Pose file (.pose)': ['pose'],
  'Landmarks CSV': ['csv'],
  'MediaPipe JSON': ['json'],
};

export async function pickSessionFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    canSelectFolders: false,
    filters: SESSION_FILE_FILTERS,
    openLabel: 'Replay',
    title: 'Landmark Lens: Replay Session',
  });
  return picked?.[0];
}

export const DEFAULT_SAMPLE = 'hello-world.landmarks.jsonl';

/**
 * The bundled sample to replay: `name` when given (with or without `.landmarks.jsonl`), hello-world
 * when it is the only one, otherwise a quick pick of samples/*.landmarks.jsonl (hello-world first).
 */
export async function pickSample(extensionUri: vscode.Uri, name?: string): Promise<vscode.Uri | undefined> {
  const folder = join(extensionUri.fsPath, 'samples');
  let names: string[];
  try {
    names = (await readdir(folder)).filter((n) => n.endsWith('.landmarks.jsonl')).sort();
  } catch {
    names = [];
  }
  if (names.length === 0) {
    void vscode.window.showErrorMessage(`Landmark Lens: no sample sessions in ${folder}.`);
    return undefined;
  }
  if (name !== undefined) {
    const wanted = name.endsWith('.landmarks.jsonl') ? name : `${name}.landmarks.jsonl`;
    if (names.includes(wanted)) return vscode.Uri.file(join(folder, wanted));
    void vscode.window.showErrorMessage(`Landmark Lens: there is no sample "${name}" (samples: ${names.join(', ')}).`);
    return undefined;
  }
  const ordered = names.includes(DEFAULT_SAMPLE) ? [DEFAULT_SAMPLE, ...names.filter((n) => n !== DEFAULT_SAMPLE)] : names;
  if (ordered.length === 1) return vscode.Uri.file(join(folder, ordered[0]));
  const choice = await vscode.window.showQuickPick(
    ordered.map((name) => ({ label: name.replace(/\.landmarks\.jsonl$/, ''), description: name })),
    { title: 'Landmark Lens: Replay Sample Session', placeHolder: 'Pick a sample session' },
  );
  return choice ? vscode.Uri.file(join(folder, choice.description)) : undefined;
}
