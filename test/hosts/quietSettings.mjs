import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Settings that keep VS Code's built-in extensions quiet in the test hosts. `--disable-extensions`
 * disables installed extensions only, and the web workbench ignores it, so git, github and npm still
 * activate in the extension host under test: git spawns `git` and watches the tree, and the first TLS
 * connection through VS Code's proxy support parses every system certificate on the extension host's
 * thread (~90 ms). The
 * perf suite's event-loop figures would count that work as the extension's own.
 */
export const quietSettings = {
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'npm.autoDetect': 'off',
  // The JSON language features (activated by the settings file the suites write) fetch the SchemaStore
  // catalog: that first TLS connection is what loads the certificates.
  'json.schemaDownload.enable': false,
  'github.branchProtection': false,
  // Application settings: the electron host applies them; the server host takes them from the browser.
  'http.fetchAdditionalSupport': false,
  'http.systemCertificates': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
};

/** Writes the settings file at `dir/settings.json` (the folder is created). */
export function writeQuietSettings(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(quietSettings, null, 2) + '\n');
}
