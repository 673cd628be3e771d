import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { NoticeMessage } from '../../protocol/messages';
import { errorText } from '../../core/errorText';
import { exportFileName, pngBytesFromDataUrl } from './exportFiles';

type Notify = (notice: NoticeMessage) => void;

async function saveWithDialog(
  sessionFile: vscode.Uri,
  name: string,
  filters: Record<string, string[]>,
  write: (path: string) => Promise<void>,
  log: vscode.LogOutputChannel,
  notify: Notify,
): Promise<string | undefined> {
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(join(dirname(sessionFile.fsPath), name)),
    filters,
    saveLabel: 'Export',
  });
  if (!target) return undefined;
  try {
    await write(target.fsPath);
  } catch (error) {
    const text = `Could not write ${target.fsPath}: ${errorText(error)}`;
    log.error(text);
    notify({ type: 'notice', level: 'error', text });
    return undefined;
  }
  log.info(`exported ${target.fsPath}`);
  notify({ type: 'notice', level: 'info', text: `Saved ${target.fsPath}` });
  return target.fsPath;
}

/** Asks where to save the CSV export, then has `write` write it there. */
export function saveCsvExport(
  sessionFile: vscode.Uri,
  suggested: string,
  write: (path: string) => Promise<void>,
  log: vscode.LogOutputChannel,
  notify: Notify,
): Promise<string | undefined> {
  const name = exportFileName(suggested, sessionFile.fsPath, '.csv');
  return saveWithDialog(sessionFile, name, { 'CSV': ['csv'] }, write, log, notify);
}

export async function savePngExport(
  sessionFile: vscode.Uri,
  suggested: string,
  dataUrl: string,
  log: vscode.LogOutputChannel,
  notify: Notify,
): Promise<string | undefined> {
  const png = pngBytesFromDataUrl(dataUrl);
  if (!png.ok) {
    log.warn(png.error);
    notify({ type: 'notice', level: 'error', text: png.error });
    return undefined;
  }
  const name = exportFileName(suggested, sessionFile.fsPath, '.png');
  return saveWithDialog(sessionFile, name, { 'PNG image': ['png'] }, (path) => writeFile(path, png.bytes), log, notify);
}
