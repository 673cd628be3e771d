// Reading the suite results that test/integration/index.ts reports (keep the prefix in step with it).
import { existsSync, readFileSync } from 'node:fs';

export const resultPrefix = '[landmark-lens-results] ';

function valid(r) {
  return r && Number.isInteger(r.passed) && Number.isInteger(r.failed) && Number.isInteger(r.pending) && Array.isArray(r.failures);
}

/** The results from the file if it was written, else from the last result line in the log, else null. */
export function readResults(resultsFile, logText) {
  if (resultsFile && existsSync(resultsFile)) {
    try {
      const r = JSON.parse(readFileSync(resultsFile, 'utf8'));
      if (valid(r)) return r;
    } catch {
      // Fall through to the log.
    }
  }
  const lines = logText.split('\n').filter((l) => l.includes(resultPrefix));
  for (const line of lines.reverse()) {
    try {
      const r = JSON.parse(line.slice(line.indexOf(resultPrefix) + resultPrefix.length));
      if (valid(r)) return r;
    } catch {
      // A truncated line: try an earlier one.
    }
  }
  return null;
}

/**
 * The counts for the summary line. Skipped tests count as failed (the project allows none), and a non-zero
 * exit code without any failed test (the run broke before or after mocha) counts as one failure.
 */
export function summarize(results, exitCode) {
  const passed = results?.passed ?? 0;
  let failed = (results?.failed ?? 0) + (results?.pending ?? 0);
  const problems = [];
  if (!results) problems.push('the suites reported no results');
  if (results?.pending) problems.push(`${results.pending} skipped test(s): skipping is not allowed`);
  if (exitCode !== 0 && failed === 0) {
    failed = 1;
    problems.push(`VS Code exited with code ${exitCode}`);
  }
  if (exitCode === 0 && results && results.failed > 0) problems.push('VS Code exited with 0 despite failures');
  return { passed, failed, problems };
}
