import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { NoticeMessage } from '../../protocol/messages';
import { SETTING } from '../../protocol/settingNames';
import { sidecarCandidates } from '../../model/loadModelWithProfile';
import { changedProfileFields, profileFileText } from '../../core/model/profileFile';
import { errorText } from '../../core/errorText';

type Notify = (notice: NoticeMessage) => void;

/** The model a replay panel analysed with: its file, and whether it is the extension's bundled one. */
export interface PanelModel {
  path: string;
  bundled: boolean;
}

/**
 * "Save as profile…": writes the knobs' profile fields as the model's sidecar `<model>.profile.json` (the
 * one it has, else a new one). An existing file is overwritten only after the user says so, and keeps its
 * other fields. The bundled demo model's folder is the extension's own: there the user picks the file.
 */
export async function saveProfileSidecar(model: PanelModel, fields: Record<string, unknown>, log: vscode.LogOutputChannel, notify: Notify): Promise<string | undefined> {
  let file: string;
  if (model.bundled) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? dirname(model.path);
    const picked = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(join(folder, basename(sidecarCandidates(model.path)[0]))),
      filters: { 'Pipeline profile': ['json'] },
      saveLabel: 'Save profile',
      title: 'Save the profile (the bundled demo model reads no sidecar of yours: use it with analyze --profile, or beside a copy of the model)',
    });
    if (!picked) return undefined;
    file = picked.fsPath;
  } else {
    file = sidecarCandidates(model.path).find((candidate) => existsSync(candidate)) ?? sidecarCandidates(model.path)[0];
  }
  try {
    const existing = existsSync(file) ? await readFile(file, 'utf8') : null;
    const text = profileFileText(existing, fields, file);
    // The save dialog asked about an existing file already.
    if (existing !== null && !model.bundled) {
      const changed = changedProfileFields(existing, fields);
      if (changed.length === 0) {
        notify({ type: 'notice', level: 'info', text: `${file} already holds these values.` });
        return file;
      }
      const overwrite = 'Overwrite';
      const answer = await vscode.window.showWarningMessage(
        `${basename(file)} exists. Overwrite its ${changed.join(', ')} with the edited values? Its other fields are kept.`,
        { modal: true, detail: file },
        overwrite,
      );
      if (answer !== overwrite) return undefined;
    }
    await writeFile(file, text);
  } catch (error) {
    const text = `Profile not saved: ${errorText(error)}`;
    log.error(text);
    notify({ type: 'notice', level: 'error', text });
    return undefined;
  }
  log.info(`saved the profile ${file}`);
  notify({ type: 'notice', level: 'info', text: `Saved ${file}; the model loads it as its profile from the next analysis on.` });
  return file;
}

/**
 * A knob that needs the model changed: with the user's word, the fields go into the
 * `landmarkLens.profileOverrides` setting (the workspace's when a folder is open), whose change reloads
 * the model and runs every replay panel's analysis again.
 */
export async function reanalyseWithOverrides(overrides: Record<string, unknown>, log: vscode.LogOutputChannel): Promise<boolean> {
  const names = Object.entries(overrides).map(([key, value]) => `${key} ${JSON.stringify(value)}`);
  const rerun = 'Re-run the analysis';
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const answer = await vscode.window.showWarningMessage(
    `Run the model again with ${names.join(', ')}?`,
    {
      modal: true,
      detail: `These values need the model. They are set in ${SETTING.profileOverrides} (${target === vscode.ConfigurationTarget.Workspace ? 'workspace' : 'user'} settings), and every replay panel runs its analysis again.`,
    },
    rerun,
  );
  if (answer !== rerun) return false;
  const config = vscode.workspace.getConfiguration();
  const current = config.get<unknown>(SETTING.profileOverrides, {});
  const base = typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
  await config.update(SETTING.profileOverrides, { ...base, ...overrides }, target);
  log.info(`${SETTING.profileOverrides} set to ${JSON.stringify({ ...base, ...overrides })}: the analysis runs again`);
  return true;
}
