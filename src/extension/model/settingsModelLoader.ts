import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import type { LoadedModel, ModelLoader } from '../../model/loadedModel';
import { hostPoolFor, type HostLayout } from '../../model/hostLayouts';
import { loadModelInPool } from '../../model/loadModelInPool';
import { modelSettings } from '../settings';

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
    const { modelPath: configured, profileOverrides: overrides } = modelSettings();
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
export function localModelLoader(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, layout: HostLayout): ModelLoader {
  const pool = hostPoolFor(join(context.extensionUri.fsPath, 'dist', 'modelhost.js'), layout, (message) => log.error(`model host: ${message}`));
  context.subscriptions.push({ dispose: () => void pool.dispose() });
  return settingsModelLoader<LoadedModel>(context, (path, displayName, overrides) => loadModelInPool(pool, path, displayName, overrides));
}

function resolveConfiguredPath(configured: string): string {
  if (isAbsolute(configured)) return configured;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? join(folder.uri.fsPath, configured) : configured;
}
