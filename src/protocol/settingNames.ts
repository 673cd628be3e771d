/**
 * The extension's settings by name: what package.json contributes, what messages and problems name, and
 * what src/extension/settings.ts reads. A webview or worker that names a setting takes it from here.
 */
export const SETTING = {
  modelPath: 'landmarkLens.modelPath',
  profileOverrides: 'landmarkLens.profileOverrides',
  live: 'landmarkLens.live',
  liveHost: 'landmarkLens.live.host',
  livePort: 'landmarkLens.live.port',
  chromiumPath: 'landmarkLens.detector.chromiumPath',
  keepImages: 'landmarkLens.import.keepImages',
  imagesFps: 'landmarkLens.import.imagesFps',
  liveAllowedOrigins: 'landmarkLens.live.allowedOrigins',
  liveAllowedHosts: 'landmarkLens.live.allowedHosts',
  liveMaxClients: 'landmarkLens.live.maxClients',
  liveIdleTimeout: 'landmarkLens.live.idleTimeout',
  liveKeepMinutes: 'landmarkLens.live.keepMinutes',
} as const;
