import * as vscode from 'vscode';

/** Opens `file` in the text editor at `line` (1-based): where a session problem is. */
export async function openLocation(file: string, line?: number): Promise<void> {
  const uri = vscode.Uri.file(file);
  const position = new vscode.Position(Math.max(0, (line ?? 1) - 1), 0);
  // 'default' is the text editor, not our custom editor, so the line can be shown.
  await vscode.commands.executeCommand('vscode.openWith', uri, 'default', {
    selection: new vscode.Range(position, position),
    preview: true,
  });
}
