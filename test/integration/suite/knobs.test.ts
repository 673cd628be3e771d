import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { clearNotifications, extensionExports, hostName, repoRoot, screenshot } from '../util';
import type { LandmarkLensExports } from '../../../src/extension/extension';
import type { ReplayApi } from '../../../src/extension/replay/registerReplay';
import { analyzeCommand } from '../../../src/cli/commands/analyze';
import { profileFileText } from '../../../src/core/model/profileFile';
import { LABELS_29 } from '../../../src/core/model/profile';

interface JsonlRecord {
  frame: number;
  status: string;
  response: { maxarg_letter: string; target_arg_prob: number } | null;
  sent: boolean;
}

const RENDER_TIMEOUT_MS = 45_000;

/** `landmark-lens analyze <file> --profile <profile> --format jsonl` with the demo model, run in-process. */
async function analyzeJsonl(sessionFile: string, profileFile: string): Promise<JsonlRecord[]> {
  let stdout = '';
  let stderr = '';
  const model = path.join(repoRoot(), 'models', 'demo.onnx');
  const code = await analyzeCommand.run([sessionFile, '--model', model, '--profile', profileFile, '--format', 'jsonl'], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    cwd: repoRoot(),
  });
  assert.equal(code, 0, `analyze exited with ${code}: ${stderr}`);
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as JsonlRecord);
}

suite(`replay panel knobs (${hostName()})`, () => {
  let scratch: string;

  suiteSetup(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-knobs-suite-'));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('changing smoothing and throttle in the panel gives, frame by frame, the replies of analyze --profile with those values', async function () {
    this.timeout(120_000);
    const exports = await extensionExports<LandmarkLensExports>();
    const api: ReplayApi = exports.api;
    const file = path.join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl');
    const panelId = await vscode.commands.executeCommand<string>('landmarkLens.replaySample', 'hello-world');
    const rendered = await api.whenRendered(panelId, RENDER_TIMEOUT_MS);
    assert.ok(rendered.frames > 0);

    for (const knobs of [
      { smoothingWindow: 3, throttleMs: 200, throttleDelta: 0.1 },
      { smoothingWindow: 8, throttleMs: 0, throttleDelta: 0 },
    ]) {
      const applied = await api.setKnobs(panelId, knobs, { reset: true });
      assert.equal(applied.error, undefined, `the panel applied the knobs: ${applied.error}`);
      assert.deepEqual([...applied.edited].sort(), Object.keys(knobs).sort(), 'the panel marks the three knobs edited');
      assert.ok(applied.replies, 'the panel reported its replies');
      const { letter: replyLetter, prob: replyProb, sent: sentMarks } = applied.replies;

      // The profile analyze reads: the demo model's sidecar with the same three values.
      const sidecar = path.join(repoRoot(), 'models', 'demo.onnx.profile.json');
      const profileFile = path.join(scratch, `knobs-${knobs.smoothingWindow}.profile.json`);
      fs.writeFileSync(profileFile, profileFileText(fs.readFileSync(sidecar, 'utf8'), knobs, profileFile));
      const expected = await analyzeJsonl(file, profileFile);

      assert.equal(sentMarks.length, expected.length, 'one reply slot per frame');
      let sent = 0;
      for (const record of expected) {
        const f = record.frame;
        const letter: number = replyLetter[f];
        if (record.response === null) {
          assert.equal(letter, -1, `frame ${f}: no reply`);
        } else {
          assert.equal(LABELS_29[letter], record.response.maxarg_letter, `frame ${f}: reply letter`);
          assert.equal(replyProb[f], record.response.target_arg_prob, `frame ${f}: reply probability`);
        }
        assert.equal(sentMarks[f] === 1, record.sent, `frame ${f}: sent (${knobs.throttleMs} ms, ${knobs.throttleDelta})`);
        if (record.sent) sent++;
      }
      assert.equal(applied.repliesSent, sent, 'the panel counts the replies sent');
      const held = expected.filter((r) => r.response && !r.sent).length;
      if (knobs.throttleMs === 200) assert.ok(held > sent, `a 200 ms throttle holds most replies back (${held} held, ${sent} sent)`);
    }
    await clearNotifications();
    await screenshot('replay-knobs-edited', { scrollTo: '#card-model' });

    const reset = await api.setKnobs(panelId, {}, { reset: true });
    assert.deepEqual(reset.edited, [], 'Reset returns to the resolved profile');
    assert.equal(reset.repliesSent, rendered.repliesSent, 'with the replies the analysis gave');
    assert.equal(reset.transcript, rendered.transcript);
  });
});
