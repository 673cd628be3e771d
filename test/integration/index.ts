// The mocha `run()` entry VS Code calls inside its extension host (`extensionTestsPath`).
// Both mocha interfaces are available to suites: tdd (suite/test/setup) and bdd (describe/it/beforeEach).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/**
 * The runner (test/hosts/results.mjs) reads this line from the extension host's output, and the same JSON
 * from the file named by LANDMARK_LENS_RESULTS_FILE when it is set. Keep the two files in step.
 */
const resultPrefix = '[landmark-lens-results] ';

interface FailedTest {
  title: string;
  error: string;
}

interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  failures: FailedTest[];
}

export function findSuiteFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return findSuiteFiles(full);
      return entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}

function report(results: SuiteResults): void {
  const json = JSON.stringify(results);
  console.log(resultPrefix + json);
  const file = process.env.LANDMARK_LENS_RESULTS_FILE;
  if (file) fs.writeFileSync(file, json);
}

/** One line for the runner's summary; assertion diffs become "expected … but got …". */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n')[0] ?? '';
  const assertion = err as { generatedMessage?: boolean; expected?: unknown; actual?: unknown };
  if (assertion.generatedMessage && 'expected' in assertion) {
    const show = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 200);
    return `${line.replace(/:$/, '')}: expected ${show(assertion.expected)} but got ${show(assertion.actual)}`;
  }
  return line;
}

export function run(): Promise<void> {
  // The server host forwards console arguments unformatted; hand it finished lines.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(format(...args));
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: Number(process.env.LANDMARK_LENS_TEST_TIMEOUT_MS ?? 60_000),
  });
  Mocha.interfaces.bdd(mocha.suite);
  const grep = process.env.LANDMARK_LENS_TEST_GREP;
  if (grep) mocha.grep(grep);

  const files = findSuiteFiles(path.join(__dirname, 'suite'));
  for (const file of files) mocha.addFile(file);

  // The runner waits for this line to know the extension host came up and called run().
  console.log(`[landmark-lens-suites] running ${files.length} suite file(s)`);
  const results: SuiteResults = { passed: 0, failed: 0, pending: 0, failures: [] };
  return new Promise((resolve, reject) => {
    if (files.length === 0) {
      results.failed = 1;
      results.failures.push({ title: 'integration suites', error: `no *.test.js under ${path.join(__dirname, 'suite')}` });
      report(results);
      reject(new Error('no integration suites found'));
      return;
    }
    try {
      const runner = mocha.run(() => {
        report(results);
        if (results.failed > 0) reject(new Error(`${results.failed} integration test(s) failed`));
        else resolve();
      });
      runner.on('pass', () => results.passed++);
      runner.on('pending', () => results.pending++);
      runner.on('fail', (test, err) => {
        results.failed++;
        results.failures.push({ title: test.fullTitle(), error: firstLine(err) });
      });
    } catch (err) {
      // A suite file that throws while loading lands here (mocha loads files synchronously in run()).
      results.failed++;
      results.failures.push({ title: 'loading the suites', error: firstLine(err) });
      report(results);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
