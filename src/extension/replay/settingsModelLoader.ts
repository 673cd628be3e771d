import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { ModelHostPool } from '../../modelhost/hostPool';
import { loadModelWithProfile } from '../../modelhost/loadModelWithProfile';
import { parsePartialProfile } from '../../core/model/parsePartialProfile';
import { hashFile } from '../analysis/fileHash';
import { errorText } from '../panel/createLensWebview';
import { ReplayModelError, withoutPathPrefix, type ReplayModel, type ReplayModelLoader } from './replayModel';
import type { HostLayout } from './hostLayouts';

export const DEMO_MODEL = join('models', 'demo.onnx');

/** Windows per host request for replay analysis (see bench/run.mjs's grid). */
const ANALYSIS_BATCH = 256;

/**
 * Loads the model named by `landmarkLens.modelPath` (empty: the bundled demo model) with
 * `landmarkLens.profileOverrides`, in model hosts laid out as `layout` (one set per loader, shared by
 * the panels that use it). Every failure is a ReplayModelError whose one-line message names the file and the setting.
 */
export function settingsModelLoader(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, layout: HostLayout): ReplayModelLoader {
  const pool = new ModelHostPool({
    hostScript: join(context.extensionUri.fsPath, 'dist', 'modelhost.js'),
    onCrash: (message) => log.error(`model host: ${message}`),
    hosts: layout.hosts,
    intraOpThreads: 1,
    niceness: layout.niceness,
    backgroundNiceness: layout.niceness,
  });
  context.subscriptions.push({ dispose: () => void pool.dispose() });
  let loading: { key: string; model: Promise<ReplayModel> } | null = null;

  return () => {
    const settings = vscode.workspace.getConfiguration('landmarkLens');
    const configured = settings.get<string>('modelPath', '').trim();
    const overrides = settings.get<unknown>('profileOverrides', {});
    const path = configured ? resolveConfiguredPath(configured) : join(context.extensionUri.fsPath, DEMO_MODEL);
    const key = JSON.stringify([path, overrides]);
    if (loading?.key !== key) {
      loading = { key, model: load(pool, path, configured ? path : `bundled demo model (${path})`, overrides) };
      // A failed load is retried next time (the user may have fixed the file).
      loading.model.catch(() => {
        loading = null;
      });
    }
    return loading.model;
  };
}

function resolveConfiguredPath(configured: string): string {
  if (isAbsolute(configured)) return configured;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? join(folder.uri.fsPath, configured) : configured;
}

async function load(pool: ModelHostPool, path: string, displayName: string, overrides: unknown): Promise<ReplayModel> {
  const setting = 'landmarkLens.modelPath';
  if (!existsSync(path)) {
    throw new ReplayModelError(
      `model file ${path} does not exist: set ${setting} to an .onnx file`,
      path,
      'the model file does not exist',
    );
  }
  try {
    const partial =
      overrides && typeof overrides === 'object' && Object.keys(overrides).length > 0
        ? parsePartialProfile(overrides, 'setting landmarkLens.profileOverrides')
        : null;
    const [loaded, hash] = await Promise.all([
      loadModelWithProfile(pool.clients[0], path, { overrides: partial }),
      hashFile(path),
      ...pool.clients.slice(1).map((c) => c.load(path)),
    ]);
    return {
      path,
      displayName,
      resolved: loaded.resolved,
      signature: loaded.signature,
      runner: pool.createRunner(loaded.resolved.profile, ANALYSIS_BATCH),
      hash,
    };
  } catch (error) {
    const reason = withoutPathPrefix(errorText(error), path);
    throw new ReplayModelError(`${path}: ${reason} (check ${setting})`, path, reason);
  }
}

/** A notification for a model problem, once per message while it stays the same. */
export function modelErrorReporter(log: vscode.LogOutputChannel): (error: ReplayModelError) => void {
  let lastShown = '';
  return (error) => {
    // A warning: the notification is where the user sees it; the log keeps the detail.
    log.warn(error.message);
    if (error.message === lastShown) return;
    lastShown = error.message;
    void vscode.window
      .showErrorMessage(`Landmark Lens: ${error.message}`, 'Select Model…', 'Open Settings')
      .then((choice) => {
        lastShown = '';
        if (choice === 'Select Model…') void vscode.commands.executeCommand('landmarkLens.selectModel');
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'landmarkLens.modelPath');
      });
  };
}
