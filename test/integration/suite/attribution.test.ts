import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { clearNotifications, extensionExports, hostName, repoRoot, screenshot, waitFor } from '../util';
import type { LandmarkLensExports } from '../../../src/extension/extension';
import { explainCommand } from '../../../src/cli/commands/explain';
import { readSession } from '../../../src/core/session/readSession';
import { windowFramesEndingAt } from '../../../src/core/pipeline/windowEndingAt';
import { sessionFrames } from '../../../src/core/session/frameColumns';

/** `landmark-lens explain <file> --frame N --format json` with the bundled demo model, run in-process. */
async function explain(file: string, frame: number): Promise<{ predictedIndex: number; landmarks: { drop: number }[]; frames: { frame: number; drop: number }[] }> {
  let stdout = '';
  let stderr = '';
  const model = path.join(repoRoot(), 'models', 'demo.onnx');
  const code = await explainCommand.run([file, '--frame', String(frame), '--model', model, '--format', 'json'], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: repoRoot(),
  });
  assert.equal(code, 0, `explain exited with ${code}: ${stderr}`);
  return JSON.parse(stdout);
}

suite(`replay attribution (${hostName()})`, () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the panel shows the attribution of the window at its playhead, equal to explain at that frame', async () => {
    const exports = await extensionExports<LandmarkLensExports>();
    const api = exports!.api;
    const file = path.join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl');
    assert.ok(fs.existsSync(file), `${file} is missing`);
    const session = await readSession(file);
    let frame = Math.floor(sessionFrames(session).length / 2);
    while (!windowFramesEndingAt(session, 32, frame)) frame++;
    const id = await api.restorePanel('Replay: hello-world.landmarks.jsonl', { file, frame });
    assert.ok(id);
    await api.whenRendered(id, 45_000);
    const shown = await waitFor(
      () => api.panels().find((p) => p.id === id && p.attribution?.frame === frame)?.attribution,
      30_000,
      `the attribution of the window ending at frame ${frame}`,
    );
    const cli = await explain(file, frame);
    assert.deepEqual(shown.windowFrames, cli.frames.map((f) => f.frame), 'the window frames');
    assert.equal(shown.predicted, cli.predictedIndex, 'the predicted class');
    shown.landmarks!.forEach((drop, p) => assert.ok(Math.abs(drop - cli.landmarks[p].drop) < 1e-5, `point ${p}: the panel ${drop}, explain ${cli.landmarks[p].drop}`));
    await clearNotifications();
    await screenshot('replay-attribution');
  });
});
