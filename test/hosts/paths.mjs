// Where the test hosts keep things. Everything is relative to the repository, never to a machine path.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheRoot = join(repoRoot, '.vscode-test');
export const serverCache = join(cacheRoot, 'server');
export const resultsDir = join(repoRoot, 'test-results', 'integration');
export const suiteIndex = join(repoRoot, 'dist', 'test', 'integration', 'index.js');
export const extensionId = 'landmark-lens.landmark-lens';

/** VS Code Server comes from this code-server release: 4.100.3 bundles VS Code 1.100.3 and runs on Node 20. */
export const codeServerVersion = '4.100.3';
