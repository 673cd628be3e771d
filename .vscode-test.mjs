// @vscode/test-cli's configuration: VS Code's Extension Test Runner (the Testing view of a desktop VS Code)
// lists and runs the integration suites from it, and so does `npx vscode-test`. `npm test` runs the same
// suite files through its own hosts (test/hosts/run-integration.mjs), offline; test/unit/hosts checks that
// both find the same files. Build first (`npm run build`, or `npm run watch` while you work).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'integration',
  files: 'dist/test/integration/suite/**/*.test.js',
  // The lowest VS Code the extension supports, as `npm test` uses.
  version: '1.100.3',
  workspaceFolder: '.',
  launchArgs: ['--disable-extensions'],
  mocha: { ui: 'tdd', timeout: 60_000 },
});
