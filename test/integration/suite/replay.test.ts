import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { clearNotifications, extensionExports, hostName, repoRoot, screenshot, waitFor } from '../util';
import type { LandmarkLensExports } from '../../../src/extension/extension';
import type { ReplayApi } from '../../../src/extension/replay/registerReplay';
import type { ReplayPanelSnapshot } from '../../../src/extension/replay/replayPanel';
import type { RenderedMessage } from '../../../src/protocol/messages';
import { readSession } from '../../../src/core/session/readSession';
import { analyzeCommand } from '../../../src/cli/commands/analyze';
import { serializeSession } from '../../../src/core/session/sessionLines';
import { longSession } from '../../../bench/longSession';
import { sessionFrames } from '../../../src/core/session/frameColumns';

interface Summary {
  frames: number;
  noHand: number;
  windows: number;
  repliesSent: number;
  frameRepliesSent: number;
  transcript: string;
}

const RENDER_TIMEOUT_MS = 45_000;

function samplePath(): string {
  const file = path.join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl');
  assert.ok(fs.existsSync(file), `${file} is missing (the sample session the replay suites open)`);
  return file;
}

/** `landmark-lens analyze <file> --format summary` with the bundled demo model, run in-process. */
async function analyzeSummary(sessionFile: string): Promise<Summary> {
  let stdout = '';
  let stderr = '';
  const model = path.join(repoRoot(), 'models', 'demo.onnx');

  const code = await analyzeCommand.run([sessionFile, '--model', model, '--format', 'summary'], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: repoRoot(),
  });
  assert.equal(code, 0, `analyze exited with ${code}: ${stderr}`);
  return JSON.parse(stdout) as Summary;
}

function assertRenderedMatches(rendered: RenderedMessage, summary: Summary, what: string): void {
  assert.equal(rendered.frames, summary.frames, `${what}: frames`);
  assert.equal(rendered.noHandFrames, summary.noHand, `${what}: no-hand frames`);
  assert.equal(rendered.windows, summary.windows, `${what}: windows`);
  assert.equal(rendered.distributions, summary.windows, `${what}: window frames with their distribution`);
  // The panel counts frames whose reply passed the throttle; the summary also counts target-change replies.
  assert.equal(rendered.repliesSent, summary.frameRepliesSent, `${what}: frame replies sent`);
  assert.equal(rendered.transcript, summary.transcript, `${what}: transcript`);
}

async function replayApi(): Promise<ReplayApi> {
  const exports = await extensionExports<LandmarkLensExports>();
  assert.ok(exports?.api, 'activate() returns { api }');
  return exports.api;
}

async function panelFor(api: ReplayApi, file: string, viewType: string, known: Set<string>): Promise<ReplayPanelSnapshot> {
  return waitFor(
    () => api.panels().find((p) => p.file === file && p.viewType === viewType && !known.has(p.id)),
    15_000,
    `a ${viewType} panel for ${path.basename(file)}`,
  );
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

suite(`replay panel (${hostName()})`, () => {
  let scratch: string;

  suiteSetup(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-replay-suite-'));
  });

  suiteTeardown(async () => {
    await closeAll();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('Replay Sample Session renders the sample with the transcript and counts of analyze --format summary', async () => {
    const api = await replayApi();
    const file = samplePath();
    const [expected, panelId] = await Promise.all([
      analyzeSummary(file),
      vscode.commands.executeCommand<string>('landmarkLens.replaySample', 'hello-world'),
    ]);
    assert.equal(typeof panelId, 'string', 'the command returns the panel id');
    const rendered = await api.whenRendered(panelId, RENDER_TIMEOUT_MS);
    await clearNotifications();
    await screenshot('replay-sample-command');
    assertRenderedMatches(rendered, expected, 'sample via command');
    assert.ok(expected.transcript.length > 0, 'the sample decodes to a non-empty transcript');
    const snapshot = api.panels().find((p) => p.id === panelId)!;
    assert.equal(snapshot.analysis, 'done');
    assert.equal(snapshot.problems.length, 0);
    assert.equal(rendered.problems, 0);
    assert.deepEqual(api.lastRendered(panelId), rendered);
  });

  test('the CSV export of a panel is byte for byte what analyze --format csv writes', async () => {
    const api = await replayApi();
    const file = samplePath();
    const panel = api.panels().find((p) => p.file === file && p.analysis === 'done');
    assert.ok(panel, 'the sample panel of the first test is still open');
    const exported = path.join(scratch, 'export.csv');
    await api.exportCsv(panel.id, exported);
    const expected = path.join(scratch, 'analyze.csv');
    const code = await analyzeCommand.run(
      [file, '--model', path.join(repoRoot(), 'models', 'demo.onnx'), '--format', 'csv', '--out', expected],
      { stdout: () => undefined, stderr: () => undefined, cwd: repoRoot() },
    );
    assert.equal(code, 0);
    const csv = fs.readFileSync(exported, 'utf8');
    assert.equal(csv.split('\n')[0].split(',').length, 3 + 29 * 2 + 3, 'frame, t, status, 29 probs, 29 smoothed, reply letter, prob, sent');
    assert.equal(csv.split('\n').length - 2, sessionFrames(await readSession(file)).length, 'one row per frame after the header');
    assert.equal(csv, fs.readFileSync(expected, 'utf8'));
  });

  test('a webview reloaded while its session is being analysed ends up with the whole session, as analyze --format summary counts it', async function () {
    this.timeout(180_000);
    const api = await replayApi();
    // Ten minutes, long enough to be still analysing when the webview reloads; a header unique to this
    // run, so no results cache answers.
    const session = longSession(18_000, 5);
    session.header.created = new Date().toISOString();
    const file = path.join(scratch, 'ten-minutes.landmarks.jsonl');
    fs.writeFileSync(file, serializeSession(session).join('\n') + '\n');
    const panelId = await api.openReplay(file);
    const state = () => api.panels().find((p) => p.id === panelId);
    await waitFor(() => state()?.analysis === 'running', 60_000, 'the analysis to start');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(state()?.analysis, 'running', 'still analysing when the webview reloads');
    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    const [rendered, expected] = await Promise.all([api.whenRendered(panelId, 150_000), analyzeSummary(file)]);
    assertRenderedMatches(rendered, expected, 'reloaded mid-analysis');
    assert.equal(state()?.analysis, 'done');
    await closeAll();
  });

  test('opening the file with the custom editor renders the same session, from the results cache', async () => {
    const api = await replayApi();
    const file = samplePath();
    const before = new Set(api.panels().map((p) => p.id));
    await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), 'landmarkLens.sessionEditor');
    const panel = await panelFor(api, file, 'landmarkLens.sessionEditor', before);
    const rendered = await api.whenRendered(panel.id, RENDER_TIMEOUT_MS);
    await clearNotifications();
    await screenshot('replay-custom-editor');
    assertRenderedMatches(rendered, await analyzeSummary(file), 'sample via custom editor');
    const snapshot = api.panels().find((p) => p.id === panel.id)!;
    assert.equal(snapshot.fromCache, true, 'the first test analysed the same session and model');
    assert.equal(snapshot.modelCalls, 0);
    // The cached results are the analysed ones, to the byte of the CSV (written by the test before).
    const exported = path.join(scratch, 'cached.csv');
    await api.exportCsv(panel.id, exported);
    assert.equal(fs.readFileSync(exported, 'utf8'), fs.readFileSync(path.join(scratch, 'analyze.csv'), 'utf8'));
  });

  test('the panel serializer restores a replay from the webview state, or from the panel title', async () => {
    const api = await replayApi();
    const file = samplePath();
    // The state the webview saves: the playhead and view settings, no file; the title names the session.
    const saved = { frame: 40, view: null, focus: 'auto', speed: 1, series: 'window', shown: null };
    const byTitle = await api.restorePanel('Replay: hello-world.landmarks.jsonl', saved);
    assert.ok(byTitle, 'the title of a panel opened before finds its session');
    const rendered = await api.whenRendered(byTitle, RENDER_TIMEOUT_MS);
    await clearNotifications();
    await screenshot('replay-restored');
    const snapshot = api.panels().find((p) => p.id === byTitle)!;
    assert.equal(snapshot.file, file);
    assert.equal(snapshot.viewType, 'landmarkLens.replay');
    assertRenderedMatches(rendered, await analyzeSummary(file), 'restored panel');

    const copiedFile = path.join(scratch, 'restored.landmarks.jsonl');
    fs.copyFileSync(file, copiedFile);
    const byState = await api.restorePanel('Replay: anything', { file: copiedFile, frame: 3 });
    assert.ok(byState);
    assert.equal(api.panels().find((p) => p.id === byState)?.file, copiedFile, 'a state naming the file wins');

    const before = api.panels().length;
    assert.equal(await api.restorePanel('Replay: never-opened.landmarks.jsonl', { frame: 1 }), undefined);
    assert.equal(api.panels().length, before, 'a state naming no known session opens nothing');
  });

  test('a session with a bad line in the middle and a truncated last line opens with its valid part and both problems', async () => {
    const api = await replayApi();
    const lines = fs.readFileSync(samplePath(), 'utf8').split('\n').filter((l) => l.length > 0);
    assert.ok(lines.length > 80, 'the sample has enough lines to damage');
    const middle = Math.floor(lines.length / 2);
    const damaged = [
      ...lines.slice(0, middle),
      '{"type":"frame","t":"soon","hands":[]}',
      ...lines.slice(middle, -1),
      lines[lines.length - 1].slice(0, Math.floor(lines[lines.length - 1].length / 2)),
    ];
    const file = path.join(scratch, 'damaged.landmarks.jsonl');
    fs.writeFileSync(file, damaged.join('\n'));
    const session = await readSession(file);
    assert.ok(session.problems.length >= 2, 'the core reader reports both damaged lines');

    const panelId = await vscode.commands.executeCommand<string>('landmarkLens.replaySession', vscode.Uri.file(file));
    const rendered = await api.whenRendered(panelId, RENDER_TIMEOUT_MS);
    await clearNotifications();
    await screenshot('replay-bad-session');
    const snapshot = api.panels().find((p) => p.id === panelId)!;
    assert.equal(snapshot.frames, sessionFrames(session).length);
    assert.ok(snapshot.frames > 0, 'the valid part is shown, not an empty panel');
    assert.equal(rendered.problems, session.problems.length, 'the panel shows every problem');
    const problemLines = snapshot.problems.map((p) => p.line);
    assert.ok(problemLines.includes(middle + 1), `the bad middle line ${middle + 1} is named (${problemLines})`);
    assert.ok(problemLines.includes(damaged.length), `the truncated last line ${damaged.length} is named (${problemLines})`);
    // analyze refuses a damaged file, so it runs on the valid part alone: the lines before the bad one.
    const validPart = path.join(scratch, 'valid-part.landmarks.jsonl');
    fs.writeFileSync(validPart, `${damaged.slice(0, middle).join('\n')}\n`);
    assertRenderedMatches(rendered, await analyzeSummary(validPart), 'damaged session');
  });

  test('a real recording in the .pose format opens through the importer with its hand frames', async () => {
    const api = await replayApi();
    const file = path.join(repoRoot(), '..', 'shared', 'data', 'real', 'pose', 'mediapipe.pose');
    assert.ok(fs.existsSync(file), `${file} is missing (the shared real recordings)`);
    const session = await readSession(file);
    const panelId = await vscode.commands.executeCommand<string>('landmarkLens.replaySession', vscode.Uri.file(file));
    const rendered = await api.whenRendered(panelId, RENDER_TIMEOUT_MS);
    await clearNotifications();
    await screenshot('replay-real-pose');
    assert.equal(rendered.frames, sessionFrames(session).length);
    assert.equal(rendered.frames, 170, 'the data README lists 170 frames');
    const handFrames = sessionFrames(session).filter((f) => f.hands.length > 0).length;
    assert.equal(rendered.noHandFrames, rendered.frames - handFrames);
    assertRenderedMatches(rendered, await analyzeSummary(file), 'real .pose recording');
  });

  for (const [what, modelFile, named] of [
    ['a missing model', 'no-such-model.onnx', /does not exist/],
    ['a file that is not a model', 'not-a-model.onnx', /not an ONNX model/],
  ] as const) {
    test(`${what} shows a problem naming landmarkLens.modelPath and the session still opens`, async () => {
      const api = await replayApi();
      // Open panels re-analyse when the model setting changes; only this test's panel matters here.
      await closeAll();
      await clearNotifications();
      const settings = vscode.workspace.getConfiguration('landmarkLens');
      const model =
        modelFile === 'not-a-model.onnx'
          ? path.join(repoRoot(), 'test', 'fixtures', 'models', modelFile)
          : path.join(scratch, modelFile);
      await settings.update('modelPath', model, vscode.ConfigurationTarget.Global);
      try {
        const panelId = await vscode.commands.executeCommand<string>('landmarkLens.replaySample', 'hello-world');
        const snapshot = await waitFor(
          () => api.panels().find((p) => p.id === panelId && p.analysis === 'failed'),
          RENDER_TIMEOUT_MS,
          'the replay panel to report the failed analysis',
        );
        // The webview reports rendered once it has drawn the session and the stopped analysis.
        const rendered = await api.whenRendered(panelId, RENDER_TIMEOUT_MS);
        // The notification naming the setting stays in this screenshot.
        await screenshot(`replay-${modelFile.replace('.onnx', '')}`);
        const session = await readSession(samplePath());
        assert.equal(snapshot.frames, sessionFrames(session).length, 'the session is shown without a model');
        assert.equal(rendered.frames, sessionFrames(session).length);
        const modelProblem = snapshot.problems.find((p) => p.field === 'landmarkLens.modelPath');
        assert.ok(modelProblem, `a problem names the setting (${JSON.stringify(snapshot.problems)})`);
        assert.equal(modelProblem.file, model, 'the problem names the model file');
        assert.match(modelProblem.message, named);
        assert.equal(rendered.problems, snapshot.problems.length, 'the panel shows the model problem');
        assert.ok(snapshot.analysisError?.includes(modelFile), `the error names ${modelFile}: ${snapshot.analysisError}`);
        assert.match(snapshot.analysisError ?? '', /landmarkLens\.modelPath/);
      } finally {
        await settings.update('modelPath', undefined, vscode.ConfigurationTarget.Global);
      }
    });
  }

  test('a frame whose normalization overflows stops the analysis with a problem naming the frame, not the model', async () => {
    const api = await replayApi();
    await closeAll();
    await clearNotifications();
    // The sample with frame 150's wrist at x = -1e308 and point 20 at 1e308: finite, but 2e308 apart.
    let frame = -1;
    const lines = fs.readFileSync(samplePath(), 'utf8').trimEnd().split('\n').map((line) => {
      const record = JSON.parse(line);
      if (record.type !== 'frame' || ++frame !== 150) return line;
      record.hands[0].landmarks[0][0] = -1e308;
      record.hands[0].landmarks[20][0] = 1e308;
      return JSON.stringify(record);
    });
    const file = path.join(scratch, 'overflow.landmarks.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const panelId = await vscode.commands.executeCommand<string>('landmarkLens.replaySession', vscode.Uri.file(file));
    const snapshot = await waitFor(
      () => api.panels().find((p) => p.id === panelId && p.analysis === 'failed'),
      RENDER_TIMEOUT_MS,
      'the replay panel to report the stopped analysis',
    );
    const rendered = await api.whenRendered(panelId, RENDER_TIMEOUT_MS);
    await screenshot('replay-nonfinite-input');
    const message = "frame 150: non-finite model input: point 20 x minus the wrist's (1e+308 - -1e+308) overflows";
    assert.deepEqual(snapshot.problems, [{ file, frame: 150, message }]);
    assert.equal(snapshot.analysisError, message);
    assert.equal(rendered.problems, 1, 'the panel shows the problem');
    // analyze says the same of the file.
    let stderr = '';
    await assert.rejects(
      analyzeCommand.run([file, '--model', path.join(repoRoot(), 'models', 'demo.onnx')], { stdout: () => undefined, stderr: (t) => (stderr += t), cwd: repoRoot() }),
      { message },
    );
    assert.equal(stderr, '');
  });

  test('a model whose outputs are NaN in some windows: the panel counts the frames analyze names', async () => {
    const api = await replayApi();
    await closeAll();
    await clearNotifications();
    const model = path.join(repoRoot(), 'test', 'fixtures', 'models', 'nonfinite-some-29.onnx');
    const settings = vscode.workspace.getConfiguration('landmarkLens');
    await settings.update('modelPath', model, vscode.ConfigurationTarget.Global);
    try {
      const panelId = await vscode.commands.executeCommand<string>('landmarkLens.replaySample', 'hello-world');
      const rendered = await api.whenRendered(panelId, RENDER_TIMEOUT_MS);
      await clearNotifications();
      await screenshot('replay-nonfinite-output');
      let stdout = '';
      let stderr = '';
      const code = await analyzeCommand.run([samplePath(), '--model', model, '--format', 'summary'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: repoRoot() });
      assert.equal(code, 0, stderr);
      const summary = JSON.parse(stdout) as Summary & { nonFinite: number };
      assert.ok(summary.nonFinite > 0, 'the sample has windows the model answers NaN');
      assert.equal(rendered.problems, summary.nonFinite, 'the panel counts every frame analyze warns about');
      assert.equal(stderr.split('\n').filter((l) => l.includes('non-finite model output')).length, Math.min(20, summary.nonFinite));
      assertRenderedMatches(rendered, summary, 'non-finite outputs');
      const snapshot = api.panels().find((p) => p.id === panelId)!;
      assert.equal(snapshot.analysis, 'done');
    } finally {
      await settings.update('modelPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
