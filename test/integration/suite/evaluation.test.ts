import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';
import * as vscode from 'vscode';
import { clearNotifications, extensionExports, hostName, repoRoot, screenshot, waitFor } from '../util';
import type { LandmarkLensExports } from '../../../src/extension/extension';
import type { ReplayApi } from '../../../src/extension/replay/registerReplay';
import { evaluateCommand } from '../../../src/cli/commands/evaluate';
import type { EvaluationReport } from '../../../src/cli/evaluate/evaluationReport';

const TIMEOUT_MS = 60_000;

function sample(name: string): string {
  const file = path.join(repoRoot(), 'samples', `${name}.landmarks.jsonl`);
  assert.ok(fs.existsSync(file), `${file} is missing (a labelled sample session)`);
  return file;
}

/** `landmark-lens evaluate <file> --model models/demo.onnx --format json`, run in-process: the session's figures. */
async function evaluateFigures(file: string, extra: string[] = [], modelIndex = 0): Promise<Record<string, unknown>> {
  let stdout = '';
  let stderr = '';
  const model = path.join(repoRoot(), 'models', 'demo.onnx');
  const code = await evaluateCommand.run([file, '--model', model, ...extra, '--format', 'json', '--jobs', '1'], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: repoRoot(),
  });
  assert.equal(code, 0, `evaluate exited with ${code}: ${stderr}`);
  const report = JSON.parse(stdout) as EvaluationReport;
  assert.equal(report.models[modelIndex].sessions.length, 1, 'evaluate scored the one session');
  const { session: _session, windows: _windows, ...figures } = report.models[modelIndex].sessions[0];
  return figures;
}

async function replayApi(): Promise<ReplayApi> {
  const exports = await extensionExports<LandmarkLensExports>();
  assert.ok(exports?.api, 'activate() returns { api }');
  return exports.api;
}

async function shownFigures(api: ReplayApi, panelId: string): Promise<Record<string, unknown>> {
  return waitFor(
    () => api.panels().find((p) => p.id === panelId)?.evaluations[0] as Record<string, unknown> | undefined,
    TIMEOUT_MS,
    `the metrics view of ${panelId}`,
  );
}

const playheadOf = (api: ReplayApi, panelId: string) => api.panels().find((p) => p.id === panelId)?.playhead ?? -1;

suite(`evaluation in the replay panel (${hostName()})`, () => {
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const name of ['hello-world', 'asl-hand']) {
    test(`the metrics view of ${name} shows exactly evaluate's figures for the session and model`, async () => {
      const api = await replayApi();
      const file = sample(name);
      const [expected, panelId] = await Promise.all([evaluateFigures(file), api.openReplay(file)]);
      const shown = await shownFigures(api, panelId);
      // JSON both ways: the CLI's report went through JSON, the panel's figures through postMessage.
      assert.deepEqual(JSON.parse(JSON.stringify(shown)), expected);
      assert.ok((expected.scoredFrames as number) > 0, `${name} has scored frames`);
      await clearNotifications();
      await screenshot(`evaluation-${name}`);
    });
  }

  test('Next Error and Previous Error (F8 / Shift+F8 commands) move the focused panel to its wrong frames', async () => {
    const api = await replayApi();
    // The real sample: the demo model reads none of its 200 scored frames right, so every one is an error.
    const panelId = await api.openReplay(sample('asl-hand'));
    const figures = await shownFigures(api, panelId);
    assert.equal(figures.correctFrames, 0);
    await waitFor(() => playheadOf(api, panelId) === 0 || undefined, 10_000, 'the playhead at frame 0');
    assert.equal(await vscode.commands.executeCommand('landmarkLens.nextError'), true, 'the command found the focused panel');
    const first = await waitFor(() => (playheadOf(api, panelId) > 0 ? playheadOf(api, panelId) : undefined), 10_000, 'the playhead on the first error');
    await vscode.commands.executeCommand('landmarkLens.nextError');
    const second = await waitFor(() => (playheadOf(api, panelId) > first ? playheadOf(api, panelId) : undefined), 10_000, 'the playhead on the second error');
    await vscode.commands.executeCommand('landmarkLens.previousError');
    await waitFor(() => playheadOf(api, panelId) === first || undefined, 10_000, `the playhead back on frame ${first} (was ${second})`);
  });

  test('Compare With Model… (the demo model with a slower smoothing) shows the second model\'s figures exactly as evaluate with both', async () => {
    const api = await replayApi();
    const file = sample('hello-world');
    await withSlowerProfile(async (model, slower) => {
      const [expected, panelId] = await Promise.all([
        evaluateFigures(file, ['--profile', `${model}.profile.json`, '--model', model, '--profile', slower], 1),
        api.openReplay(file),
      ]);
      await shownFigures(api, panelId);
      assert.equal(await vscode.commands.executeCommand('landmarkLens.compareWithModel', model, slower), true, 'the comparison ran');
      const shown = await waitFor(
        () => api.panels().find((p) => p.id === panelId)?.evaluations[1] as Record<string, unknown> | undefined,
        TIMEOUT_MS,
        'the compared model\'s figures',
      );
      assert.deepEqual(JSON.parse(JSON.stringify(shown)), expected);
      await clearNotifications();
      await screenshot('evaluation-comparison');
    });
  });

  test('Swap Compared Models makes the compared model (with its profile) the panel\'s and the panel\'s the compared one', async () => {
    const api = await replayApi();
    const file = sample('hello-world');
    await withSlowerProfile(async (model, slower) => {
      const [demo, demoSlower, panelId] = await Promise.all([evaluateFigures(file), evaluateFigures(file, ['--profile', slower]), api.openReplay(file)]);
      assert.notDeepEqual(demo, demoSlower, 'the two profiles score the session differently');
      const shown = (slot: number) => () => api.panels().find((p) => p.id === panelId)?.evaluations[slot] as Record<string, unknown> | undefined;
      const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
      await waitFor(shown(0), TIMEOUT_MS, 'the panel model\'s figures');
      assert.equal(await vscode.commands.executeCommand('landmarkLens.compareWithModel', model, slower), true, 'the comparison ran');
      await waitFor(shown(1), TIMEOUT_MS, 'the compared model\'s figures');
      assert.deepEqual([json(shown(0)()), json(shown(1)())], [demo, demoSlower], 'before the swap: the demo profile is the panel\'s');

      assert.equal(await vscode.commands.executeCommand('landmarkLens.swapComparedModels'), true, 'the models were swapped');
      // The webview may still report its former figures (its comparison closing redraws them) before the new
      // init: the figures shown are waited for until the swapped ones came.
      const swapped = () => util.isDeepStrictEqual([json(shown(0)()), json(shown(1)())], [demoSlower, demo]) || undefined;
      await waitFor(swapped, TIMEOUT_MS, 'after the swap: the slower profile\'s figures the panel\'s, the demo profile\'s the compared ones').catch((error: unknown) => {
        assert.deepEqual([json(shown(0)()), json(shown(1)())], [demoSlower, demo], String(error));
      });
      const snapshot = api.panels().find((p) => p.id === panelId);
      assert.equal(snapshot?.analysis, 'done');
      assert.equal(snapshot?.fromCache, true, 'the swapped-in model\'s analysis came from the results cache');
      await clearNotifications();
      await screenshot('evaluation-comparison-swapped');
      await screenshot('evaluation-comparison-swapped-card', { scrollTo: '#card-comparison' });
    });
  });
});

/**
 * Runs `body` with the demo model and its profile with a slower smoothing (window 12), written into a
 * scratch folder removed afterwards: a second profile to compare with.
 */
async function withSlowerProfile(body: (model: string, slower: string) => Promise<void>): Promise<void> {
  const model = path.join(repoRoot(), 'models', 'demo.onnx');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-compare-'));
  try {
    const profile = JSON.parse(fs.readFileSync(`${model}.profile.json`, 'utf8')) as Record<string, unknown>;
    const slower = path.join(scratch, 'slower.profile.json');
    fs.writeFileSync(slower, JSON.stringify({ ...profile, smoothingWindow: 12 }));
    await body(model, slower);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
