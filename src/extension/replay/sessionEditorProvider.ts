import * as vscode from 'vscode';

export const SESSION_EDITOR_VIEW_TYPE = 'landmarkLens.sessionEditor';

/**
 * Opening a `*.landmarks.jsonl` file shows its replay. Read-only: the file is the recording, and the
 * text editor ("Reopen Editor With…") stays available for editing it.
 */
export class SessionEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly openPanel: (panel: vscode.WebviewPanel, file: vscode.Uri) => void) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, webviewPanel: vscode.WebviewPanel): void {
    this.openPanel(webviewPanel, document.uri);
  }
}
