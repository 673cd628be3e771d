import * as vscode from 'vscode';
import { SETTING } from '../protocol/settingNames';
import { DEFAULT_LIVE_HOST, DEFAULT_LIVE_PORT } from '../liveserver/liveServer';

/** The extension's settings, typed: the one place that reads them by key. */
export interface ModelSettings {
  /** `landmarkLens.modelPath`, trimmed; empty: the bundled demo model. */
  modelPath: string;
  /** `landmarkLens.profileOverrides`, unchecked (parsePartialProfile checks it). */
  profileOverrides: unknown;
}

export interface LiveSettings {
  host: string;
  port: number;
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration();
}

export function modelSettings(): ModelSettings {
  const settings = section();
  return {
    modelPath: settings.get<string>(SETTING.modelPath, '').trim(),
    profileOverrides: settings.get<unknown>(SETTING.profileOverrides, {}),
  };
}

export function liveSettings(): LiveSettings {
  const settings = section();
  return {
    host: settings.get<string>(SETTING.liveHost, DEFAULT_LIVE_HOST) || DEFAULT_LIVE_HOST,
    port: settings.get<number>(SETTING.livePort, DEFAULT_LIVE_PORT),
  };
}

/** The settings a loaded model depends on changed. */
export function affectsModel(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTING.modelPath) || event.affectsConfiguration(SETTING.profileOverrides);
}

/** The settings the live server depends on (its address, or its model) changed. */
export function affectsLive(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTING.live) || affectsModel(event);
}

/** Sets `landmarkLens.modelPath` for the user. */
export function setModelPath(path: string): Thenable<void> {
  return section().update(SETTING.modelPath, path, vscode.ConfigurationTarget.Global);
}
