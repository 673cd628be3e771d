import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { clearNotifications, extensionExports, hostName, repoRoot, screenshot, waitFor } from '../util';
import type { LandmarkLensExports } from '../../../src/extension/extension';
import type { LiveSnapshot } from '../../../src/extension/live/registerLive';
import type { RecordingResult } from '../../../src/extension/live/liveController';
import { sendSession, type SendSummary } from '../../../src/liveserver/liveSender';
import { readSession } from '../../../src/core/session/readSession';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { ModelHostClient } from '../../../src/modelhost/client';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import type { Session } from '../../../src/core/session/types';
import { sessionFrames } from '../../../src/core/session/frameColumns';

/** The sample session the suites use; the test fixture session when the sample is not there yet. */
function sessionFile(): string {
  const sample = path.join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl');
  return fs.existsSync(sample) ? sample : path.join(repoRoot(), 'test', 'fixtures', 'models', 'session-a.landmarks.jsonl');
}

/** A session with target changes: the practice sample, else the fixture session (one target change). */
function sessionWithTargets(): string {
  const sample = path.join(repoRoot(), 'samples', 'practice-targets.landmarks.jsonl');
  return fs.existsSync(sample) ? sample : path.join(repoRoot(), 'test', 'fixtures', 'models', 'session-a.landmarks.jsonl');
}

function fixtureModel(): string {
  return path.join(repoRoot(), 'test', 'fixtures', 'models', 'seq-flat-29.onnx');
}

function snapshot(): Thenable<LiveSnapshot> {
  return vscode.commands.executeCommand<LiveSnapshot>('landmarkLens.live.snapshot');
}

async function stream(address: string, session: Session): Promise<{ summary: SendSummary; replies: Record<string, unknown>[] }> {
  const replies: Record<string, unknown>[] = [];
  const summary = await sendSession(session, address, { fps: 30, lingerMs: 800, onReply: (_t, parsed) => parsed && replies.push(parsed) });
  return { summary, replies };
}

suite(`live panel (${hostName()})`, () => {
  const config = () => vscode.workspace.getConfiguration('landmarkLens');
  let scratch: string;
  let session: Session;

  suiteSetup(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lens-live-suite-'));
    session = await readSession(sessionFile());
    assert.deepEqual(session.problems, []);
    await extensionExports<LandmarkLensExports>();
    // A free port: other runs may hold 8765.
    await config().update('live.port', 0, vscode.ConfigurationTarget.Global);
    if (!fs.existsSync(path.join(repoRoot(), 'models', 'demo.onnx'))) {
      console.log('[live suite] models/demo.onnx is not built yet: using the fixture model seq-flat-29.onnx');
      await config().update('modelPath', fixtureModel(), vscode.ConfigurationTarget.Global);
    }
  });

  suiteTeardown(async () => {
    await config().update('live.port', undefined, vscode.ConfigurationTarget.Global);
    await config().update('modelPath', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('the live panel follows a streamed session: replies, frames shown, statistics, status bar', async () => {
    const opened = await vscode.commands.executeCommand<{ running: boolean; address: string }>('landmarkLens.openLivePanel');
    assert.equal(opened.running, true, `live server not running: ${JSON.stringify(await snapshot())}`);
    assert.match(opened.address, /^ws:\/\/127\.0\.0\.1:\d+$/);
    await waitFor(async () => (await snapshot()).panel?.ready, 20_000, 'the live panel to be ready');

    const { summary, replies } = await stream(opened.address, session);
    assert.equal(summary.framesSent, sessionFrames(session).length);
    assert.equal(summary.errors, 0);
    assert.ok(replies.length >= 2, `replies: ${JSON.stringify(replies)}`);
    assert.deepEqual(replies[0], { maxarg_letter: 'A', target_arg_prob: 0 });
    for (const r of replies) assert.deepEqual(Object.keys(r), ['maxarg_letter', 'target_arg_prob']);

    const snap = await waitFor(
      async () => {
        const s = await snapshot();
        return s.panel && s.panel.framesPosted === s.received - s.dropped && s.panel.lastStats?.clients === 0 ? s : null;
      },
      15_000,
      'the panel to show every processed frame and the client to leave',
    );
    assert.equal(snap.received, sessionFrames(session).length);
    assert.equal(snap.repliesSent, replies.length, 'the server counts the replies the sender received');
    assert.equal(snap.panel!.followedClient, 1);
    assert.ok(snap.panel!.rendered, 'the webview reported it rendered');
    // The webview follows the newest frame: its playhead reaches the last frame it was sent.
    await waitFor(
      async () => (await snapshot()).panel?.webviewPlayhead === snap.panel!.framesPosted - 1,
      10_000,
      `the webview's playhead on the newest frame ${snap.panel!.framesPosted - 1}`,
    );
    const stats = snap.panel!.lastStats!;
    assert.equal(stats.address, opened.address);
    assert.equal(stats.repliesSent, replies.length);
    assert.ok(stats.repliesThrottled > 0, 'throttled replies are counted');
    const fps = session.header.fps ?? 30;
    assert.ok(stats.windowSpanS > 0.9 && stats.windowSpanS < 1.5, `32 frames at 30 fps span about 1.07 s, got ${stats.windowSpanS} (session fps ${fps})`);
    assert.ok(stats.latencyP50Ms > 0, 'inference latency is measured');
    assert.ok(snap.statusText.includes(opened.address.replace('ws://', '')), snap.statusText);
    assert.match(snap.statusText, /0 clients · [\d.]+ fps · \d+ dropped/);
    await screenshot('live-panel');
  });

  test('recording writes the stream with target changes and replies, and replays to the same replies', async () => {
    const opened = await vscode.commands.executeCommand<{ running: boolean; address: string }>('landmarkLens.openLivePanel');
    assert.equal(opened.running, true);
    const folder = path.join(scratch, 'recordings');
    assert.equal(await vscode.commands.executeCommand('landmarkLens.startRecording', folder), folder);
    assert.equal((await snapshot()).recording, true);
    const practice = await readSession(sessionWithTargets());
    assert.ok(practice.targets.length > 0, 'the recorded session has target changes');
    const { replies } = await stream(opened.address, practice);
    const files = await vscode.commands.executeCommand<RecordingResult[]>('landmarkLens.stopRecording');
    assert.equal(files.length, 1, JSON.stringify(files));
    const recorded = await readSession(files[0].path);
    assert.deepEqual(recorded.problems, []);
    assert.deepEqual(
      recorded.targets.map((t) => t.letter),
      practice.targets.filter((t) => t.letter !== null).map((t) => t.letter),
    );
    assert.deepEqual((recorded.replies ?? []).map((r) => r.reply), replies);

    // Replay with the same model through the core: the same replies, in the same order.
    const client = new ModelHostClient({ hostScript: path.join(repoRoot(), 'dist', 'modelhost.js') });
    try {
      const modelPath = path.join(repoRoot(), 'models', 'demo.onnx');
      const loaded = await loadModelWithProfile(client, fs.existsSync(modelPath) ? modelPath : fixtureModel());
      const replay = await replaySession(recorded, loaded.resolved.profile, client.createRunner(loaded.resolved.profile));
      const sent: unknown[] = [];
      let ti = 0;
      for (const f of replay.frames) {
        while (ti < replay.targetChanges.length && replay.targetChanges[ti].beforeFrame <= f.frame) sent.push({ ...replay.targetChanges[ti++].response });
        if (f.sent && f.response) sent.push({ ...f.response });
      }
      assert.deepEqual(sent, replies);
    } finally {
      await client.dispose();
    }
    // The recording opened in the replay panel.
    const exports = await extensionExports<LandmarkLensExports>();
    await waitFor(() => exports.api.panels().some((p) => p.file === files[0].path), 15_000, 'a replay panel for the recording');
  });

  test('a port already in use is reported naming the setting landmarkLens.live.port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await config().update('live.port', port, vscode.ConfigurationTarget.Global);
      const failed = await waitFor(async () => {
        const s = await snapshot();
        return s.state === 'failed' ? s : null;
      }, 20_000, 'the restarted server to fail on the busy port');
      assert.equal(
        failed.message,
        `port ${port} on 127.0.0.1 is already in use (another Landmark Lens server, or your backend?). Change the setting landmarkLens.live.port`,
      );
      assert.match(failed.statusText, /Live: failed/);
    } finally {
      blocker.close();
      await config().update('live.port', 0, vscode.ConfigurationTarget.Global);
    }
    await waitFor(async () => (await snapshot()).state === 'listening', 20_000, 'the server to listen again on a free port');
    // The failure's toast has been read; later suites' screenshots should show their panels, not it.
    await clearNotifications();
  });
});
