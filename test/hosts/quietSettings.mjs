import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Settings that keep VS Code's built-in extensions quiet in the test hosts. `--disable-extensions`
 * disables installed extensions only (and the web workbench ignores it), so git, github and npm still
 * activate in the extension host under test, where the perf suite would count their work (git spawning
 * `git` and watching the tree) as the extension's own. TypeScript's experiment service, activated by the
 * settings files the suites write, is not covered by any setting the server host applies: its first TLS
 * connection parses every system certificate on that thread (~90 ms), so the perf suite waits for the
 * host to settle instead.
 */
export const quietSettings = {
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'github.gitAuthentication': false,
  'github.branchProtection': false,
  'npm.autoDetect': 'off',
  // The JSON language features would fetch schemas from the network.
  'json.schemaDownload.enable': false,
  // Application settings: the electron host applies them; the server host takes them from the browser.
  'http.fetchAdditionalSupport': false,
  'http.systemCertificates': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
  // A remote extension host scans for ports every few seconds: `ls -l /proc/*/fd/*` through a shell and a
  // read of every process's cmdline, on that host's own thread. 'output' scans the terminals' output only.
  'remote.autoForwardPorts': false,
  'remote.autoForwardPortsSource': 'output',
};

/** Writes the settings file at `dir/settings.json` (the folder is created). */
export function writeQuietSettings(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(quietSettings, null, 2) + '\n');
}
