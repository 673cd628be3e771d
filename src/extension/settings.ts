import * as vscode from 'vscode';
import { SETTING } from '../protocol/settingNames';
import { DEFAULT_IDLE_TIMEOUT_S, DEFAULT_LIVE_HOST, DEFAULT_LIVE_PORT, DEFAULT_MAX_CLIENTS } from '../liveserver/liveServer';
import { DEFAULT_IMAGES_FPS } from '../detectorhost/mediaSession';

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
  /** `landmarkLens.detector.chromiumPath` (shared with Replay Video or Images), trimmed; empty: $LANDMARK_LENS_CHROMIUM, else the system's. */
  chromium: string;
  allowedOrigins: string[];
  allowedHosts: string[];
  maxClients: number;
  /** Seconds; 0 keeps idle connections. */
  idleTimeoutS: number;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

function wholeNumber(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

/** Replay Video or Images: where the detector runs and what the session keeps. */
export interface ImportSettings {
  /** `landmarkLens.detector.chromiumPath`, trimmed; empty: $LANDMARK_LENS_CHROMIUM, else the system's. */
  chromiumPath: string;
  keepImages: 'ask' | 'always' | 'never';
  /** Frames a second of an image folder. */
  imagesFps: number;
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
    chromium: settings.get<string>(SETTING.chromiumPath, '').trim(),
    allowedOrigins: stringList(settings.get<unknown>(SETTING.liveAllowedOrigins, [])),
    allowedHosts: stringList(settings.get<unknown>(SETTING.liveAllowedHosts, [])),
    maxClients: wholeNumber(settings.get<unknown>(SETTING.liveMaxClients), DEFAULT_MAX_CLIENTS, 1, 1024),
    idleTimeoutS: wholeNumber(settings.get<unknown>(SETTING.liveIdleTimeout), DEFAULT_IDLE_TIMEOUT_S, 0, 86_400),
  };
}

export function importSettings(): ImportSettings {
  const settings = section();
  const keep = settings.get<string>(SETTING.keepImages, 'ask');
  const fps = settings.get<number>(SETTING.imagesFps, DEFAULT_IMAGES_FPS);
  return {
    chromiumPath: settings.get<string>(SETTING.chromiumPath, '').trim(),
    keepImages: keep === 'always' || keep === 'never' ? keep : 'ask',
    imagesFps: Number.isFinite(fps) && fps > 0 && fps <= 1000 ? fps : DEFAULT_IMAGES_FPS,
  };
}

/** The settings a loaded model depends on changed. */
export function affectsModel(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTING.modelPath) || event.affectsConfiguration(SETTING.profileOverrides);
}

/** The settings the live server depends on (its address, its model, or its detector's Chromium) changed. */
/** The settings the live server is started with (the panel's keepMinutes is not one: it needs no restart). */
const LIVE_SERVER_SETTINGS = [
  SETTING.liveHost,
  SETTING.livePort,
  SETTING.liveAllowedOrigins,
  SETTING.liveAllowedHosts,
  SETTING.liveMaxClients,
  SETTING.liveIdleTimeout,
  SETTING.chromiumPath,
];

export function affectsLive(event: vscode.ConfigurationChangeEvent): boolean {
  return LIVE_SERVER_SETTINGS.some((name) => event.affectsConfiguration(name)) || affectsModel(event);
}

export const DEFAULT_LIVE_KEEP_MINUTES = 10;

/** `landmarkLens.live.keepMinutes`: how much of a live session its panel holds in memory. */
export function liveKeepMinutes(): number {
  const value = section().get<unknown>(SETTING.liveKeepMinutes, DEFAULT_LIVE_KEEP_MINUTES);
  return typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 600 ? value : DEFAULT_LIVE_KEEP_MINUTES;
}

/** Sets `landmarkLens.modelPath` for the user. */
export function setModelPath(path: string): Thenable<void> {
  return section().update(SETTING.modelPath, path, vscode.ConfigurationTarget.Global);
}
