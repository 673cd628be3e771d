// Non-finite values through the replay worker (a real worker thread and model hosts), as the replay panel
// drives it: the frames whose model output is NaN come in the final results messages, counted as uniform
// (never NaN drawn), again from the cache; a frame whose input overflows stops the analysis naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExtensionToWebview, ResultsMessage } from '../../../src/protocol/messages';
import { checkExtensionToWebview } from '../../../src/protocol/messages';
import { decodeBulkMessage } from '../../../src/protocol/bulkMessage';
import { FrameInputError, ReplayWorkerClient, type Relay } from '../../../src/replayworker/client';
import { FrameProblems } from '../../../src/webview/frameProblems';
import { readFileSync } from 'node:fs';
import { ModelHostPool } from '../../../src/model/hostPool';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { readSession } from '../../../src/core/session/readSession';
import { SOME_NAN_MODEL, mirrorPointOne, overflow, sampleWith } from '../testkit/nonFiniteSessions';

function collecting(): { relay: Relay; messages: ExtensionToWebview[] } {
  const messages: ExtensionToWebview[] = [];
  return {
    messages,
    relay: (message, posted) => {
      let m: unknown = message;
      if (message.type === 'bulkFile') {
        const bytes = readFileSync(message.file);
        m = decodeBulkMessage(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      }
      const checked = checkExtensionToWebview(m);
      assert.ok(checked.ok, checked.ok ? '' : checked.error);
      messages.push(checked.message);
      posted();
    },
  };
}

function withWorker(t: { after(fn: () => Promise<void> | void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'replay-nonfinite-'));
  const client = new ReplayWorkerClient({
    script: join(process.cwd(), 'dist', 'replayworker.js'),
    resultsCacheDir: join(dir, 'cache'),
    bulkDir: join(dir, 'bulk'),
    modelHosts: { script: join(process.cwd(), 'dist', 'modelhost.js'), hosts: 2 },
  });
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return { client, dir };
}

const results = (messages: ExtensionToWebview[]) => messages.filter((m): m is ResultsMessage => m.type === 'results');

test('the worker sends the frames whose model output is NaN with their final results, from the model and from the cache', async (t) => {
  const { client, dir } = withWorker(t);
  const mirrored = [200, 201, 202, 420];
  const file = sampleWith(dir, 'mirrored.landmarks.jsonl', mirrored, mirrorPointOne);
  const model = await client.loadModel(SOME_NAN_MODEL, 'fixture', {});
  // The pipeline in this thread says which frames (the changed ones and the sample's own with point 1 left of the wrist).
  const pool = new ModelHostPool({ hostScript: join(process.cwd(), 'dist', 'modelhost.js'), hosts: 1 });
  t.after(() => pool.dispose());
  const { resolved } = await loadModelWithProfile(pool.clients[0], SOME_NAN_MODEL);
  const reference = await replaySession(await readSession(file), resolved.profile, pool.createRunner(resolved.profile, 64));
  const expected = reference.frames.filter((f) => f.problem !== undefined).map((f) => ({ frame: f.frame, message: f.problem! }));
  assert.ok(mirrored.every((f) => expected.some((e) => e.frame === f)), `expected: ${expected.map((e) => e.frame).join(' ')}`);
  assert.ok(expected.every((e) => e.message === 'non-finite model output: NaN for class A; the window counted as uniform'));

  for (const run of ['from the model', 'from the cache']) {
    const { relay, messages } = collecting();
    const session = await client.open(file, relay);
    const outcome = await session.analyse({ modelKey: model.key, playhead: 300 });
    assert.equal(outcome.fromCache, run === 'from the cache', run);
    const all = results(messages);
    const finals = all.filter((m) => !m.provisional);
    assert.deepEqual(finals.flatMap((m) => m.problems ?? []).sort((a, b) => a.frame - b.frame), expected, run);
    // No distribution the panel draws is NaN where a window ran: the bad windows count as uniform.
    for (const m of all) {
      if (!m.probs) continue;
      for (let i = 0; i < m.count; i++) {
        if (m.status[i] < 2) continue;
        const row = m.probs.subarray(i * 29, (i + 1) * 29);
        assert.ok(row.every(Number.isFinite), `${run}: frame ${m.start + i} has a non-finite distribution`);
        if (expected.some((e) => e.frame === m.start + i)) assert.ok(row.every((p) => Math.abs(p - 1 / 29) < 1e-7), `${run}: frame ${m.start + i} is uniform`);
      }
    }
    // What the webview gathers: every such frame, lowest first, each naming its frame.
    const gathered = new FrameProblems();
    for (const m of all) gathered.addResults(m);
    assert.equal(gathered.count, expected.length);
    assert.deepEqual(gathered.first(3, file).map((p) => [p.frame, p.message]), expected.slice(0, 3).map((e) => [e.frame, `frame ${e.frame}: ${e.message}`]));
    await session.close();
  }
});

test('an analysis stops at the first frame whose normalization overflows: a FrameInputError naming it, the model never blamed', async (t) => {
  const { client, dir } = withWorker(t);
  const file = sampleWith(dir, 'overflow.landmarks.jsonl', [150, 300], overflow);
  const model = await client.loadModel(SOME_NAN_MODEL, 'fixture', {});
  const { relay, messages } = collecting();
  const session = await client.open(file, relay);
  // The playhead at the later frame: the windows around it are left out, the first bad frame is named.
  await assert.rejects(session.analyse({ modelKey: model.key, playhead: 300 }), (error: unknown) => {
    assert.ok(error instanceof FrameInputError, `${error}`);
    assert.equal(error.frame, 150);
    assert.equal(error.message, "frame 150: non-finite model input: point 20 x minus the wrist's (1e+308 - -1e+308) overflows");
    return true;
  });
  for (const m of results(messages)) if (m.probs) for (let i = 0; i < m.count; i++) if (m.status[i] >= 2) assert.ok(Number.isFinite(m.probs[i * 29]), `frame ${m.start + i}`);
});
