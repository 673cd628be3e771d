import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import { ModelHostPool } from '../../modelhost/hostPool';
import type { ReplayModelError, ReplayModel, ReplayModelLoader } from './replayModel';
import type { HostLayout } from './hostLayouts';
import { loadModelInPool } from './loadModelInPool';

export const DEMO_MODEL = join('models', 'demo.onnx');

/** Loads the model file `path` (shown as `displayName`) with the settings' profile overrides. */
export type LoadConfiguredModel<M> = (path: string, displayName: string, overrides: unknown) => Promise<M>;

/**
 * A loader of the model `landmarkLens.modelPath` names (empty: the bundled demo model) with
 * `landmarkLens.profileOverrides`: the same settings load once, whoever asks, and a failed load is tried
 * again on the next call (the user may have fixed the file).
 */
export function settingsModelLoader<M>(context: vscode.ExtensionContext, load: LoadConfiguredModel<M>): () => Promise<M> {
  let loading: { key: string; model: Promise<M> } | null = null;
  return () => {
    const settings = vscode.workspace.getConfiguration('landmarkLens');
    const configured = settings.get<string>('modelPath', '').trim();
    const overrides = settings.get<unknown>('profileOverrides', {});
    const path = configured ? resolveConfiguredPath(configured) : join(context.extensionUri.fsPath, DEMO_MODEL);
    const key = JSON.stringify([path, overrides]);
    if (loading?.key !== key) {
      const current = { key, model: load(path, configured ? path : `bundled demo model (${path})`, overrides) };
      loading = current;
      current.model.catch(() => {
        if (loading === current) loading = null;
      });
    }
    return loading.model;
  };
}

/**
 * The settings' model in model hosts of this thread laid out as `layout` (the live server's), kept
 * until the extension is deactivated.
 */
export function localModelLoader(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, layout: HostLayout): ReplayModelLoader {
  const pool = new ModelHostPool({
    hostScript: join(context.extensionUri.fsPath, 'dist', 'modelhost.js'),
    onCrash: (message) => log.error(`model host: ${message}`),
    hosts: layout.hosts,
    intraOpThreads: 1,
    niceness: layout.niceness,
    backgroundNiceness: layout.niceness,
  });
  context.subscriptions.push({ dispose: () => void pool.dispose() });
  return settingsModelLoader<ReplayModel>(context, (path, displayName, overrides) => loadModelInPool(pool, path, displayName, overrides));
}

function resolveConfiguredPath(configured: string): string {
  if (isAbsolute(configured)) return configured;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? join(folder.uri.fsPath, configured) : configured;
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
