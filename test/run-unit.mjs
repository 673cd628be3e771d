// Layer 1: unit tests with node's built-in runner on the bundled test files.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const f = join(dir, n);
    return statSync(f).isDirectory() ? find(f) : f.endsWith('.test.js') ? [f] : [];
  });
}

// The test runner's own tests (host setup, layer summaries, npm start) run with the unit tests.
const selfTests = readdirSync('test/hosts/selftest').filter((n) => n.endsWith('.test.mjs')).map((n) => join('test/hosts/selftest', n));
const files = [...find('dist/test/unit').sort(), ...selfTests.sort()];
const filter = process.argv.slice(2);
const selected = filter.length ? files.filter((f) => filter.some((p) => f.includes(p))) : files;
if (selected.length === 0) {
  // node --test with no files would look for tests everywhere under the working directory.
  console.error(filter.length ? `run-unit: no test file matches ${filter.join(', ')}` : 'run-unit: no test files in dist/test/unit; run `node esbuild.mjs`');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...selected], { stdio: 'inherit' });
process.exit(result.status ?? 1);
