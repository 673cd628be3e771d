import * as vscode from 'vscode';

/**
 * Asks for the model to compare with: an .onnx file, then its profile: its own (sidecar, metadata,
 * signature, as `evaluate --model` resolves it) or a profile file (the same model with another profile).
 */
export async function pickCompareModel(): Promise<{ model: string; profile?: string } | undefined> {
  const [model] = (await vscode.window.showOpenDialog({
    title: 'Compare with model',
    openLabel: 'Compare',
    canSelectMany: false,
    filters: { 'ONNX models': ['onnx'] },
  })) ?? [];
  if (!model) return undefined;
  const own = { label: 'Its own profile', description: 'sidecar, metadata or signature' };
  const file = { label: 'A profile file…', description: 'the same model with another profile' };
  const choice = await vscode.window.showQuickPick([own, file], { title: `Profile for ${model.fsPath.split(/[\\/]/).pop()}` });
  if (!choice) return undefined;
  if (choice === own) return { model: model.fsPath };
  const [profile] = (await vscode.window.showOpenDialog({ title: 'Profile to compare with', canSelectMany: false, filters: { 'Pipeline profiles': ['json'] } })) ?? [];
  return profile ? { model: model.fsPath, profile: profile.fsPath } : undefined;
}
