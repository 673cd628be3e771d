// The replay worker (dist/replayworker.js, a real worker thread) driven by its client as the replay panel
// drives it, with real model hosts: what a webview holds after its messages must be what the pipeline
// (replaySession, in this thread) says, and failures must come back as errors that say what happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelRunner } from '../../../src/core/pipeline/types';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { csvLines } from '../../../src/core/pipeline/formatAnalysis';
import { readSession } from '../../../src/core/session/readSession';
import { ModelHostPool } from '../../../src/modelhost/hostPool';
import { loadModelWithProfile } from '../../../src/modelhost/loadModelWithProfile';
import { encodeResults } from '../../../src/protocol/encode';
import type { ExtensionToWebview, ResultsMessage } from '../../../src/protocol/messages';
import { ReplayWorkerClient, type Relay } from '../../../src/replayworker/client';
import { POSTS_IN_FLIGHT } from '../../../src/replayworker/protocol';
import { SessionStore } from '../../../src/webview/sessionStore';

const SCRIPT = join(process.cwd(), 'dist', 'replayworker.js');
const HOST = join(process.cwd(), 'dist', 'modelhost.js');
const MODEL = join(process.cwd(), 'test', 'fixtures', 'models', 'seq-flat-29.onnx');
const SAMPLE = join(process.cwd(), 'samples', 'practice-targets.landmarks.jsonl');

/** A relay that posts at once and keeps every message. */
function collecting(): { relay: Relay; messages: ExtensionToWebview[] } {
  const messages: ExtensionToWebview[] = [];
  return {
    messages,
    relay: (message, posted) => {
      messages.push(message);
      posted();
    },
  };
}

function withWorker(t: { after(fn: () => Promise<void> | void): void }, onStop?: (reason: string) => void): { client: ReplayWorkerClient; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'replay-worker-'));
  const client = new ReplayWorkerClient({ script: SCRIPT, resultsCacheDir: join(dir, 'cache'), snapshotDir: join(dir, 'snapshots'), onStop });
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return { client, dir };
}

async function loadPool(t: { after(fn: () => Promise<void> | void): void }) {
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 2 });
  t.after(() => pool.dispose());
  const { resolved } = await loadModelWithProfile(pool.clients[0], MODEL);
  await pool.clients[1].load(MODEL);
  return { profile: resolved.profile, runner: pool.createRunner(resolved.profile, 64) };
}

/** What a webview holds after `messages` (frames and results; the rest ignored). */
function storeOf(messages: ExtensionToWebview[], labels: string[], frameCount: number): SessionStore {
  const store = new SessionStore(labels, frameCount, 30);
  for (const m of messages) {
    if (m.type === 'frames') store.addFrames(m);
    if (m.type === 'results') store.addResults(m);
  }
  return store;
}

function assertSameArray(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}[${i}] is ${actual[i]}, the pipeline says ${expected[i]}`);
  }
}

test('a session analysed in the worker leaves the webview holding what replaySession computes, then comes from the cache', async (t) => {
  const { client } = withWorker(t);
  const { profile, runner } = await loadPool(t);
  const labels = [...profile.labels];
  const reference = await replaySession(await readSession(SAMPLE), profile, runner);
  const expected: ResultsMessage = encodeResults(reference.frames, 0, labels);
  const frameCount = reference.frames.length;

  for (const run of ['inferred', 'cached'] as const) {
    const { relay, messages } = collecting();
    const session = await client.open(SAMPLE, relay);
    assert.equal(session.summary.info.frameCount, frameCount);
    assert.deepEqual(session.summary.problems, []);
    assert.equal(await session.sendFrames(), true);
    const outcome = await session.analyse({ profile, modelHash: 'model-hash', playhead: 200 }, runner);
    assert.equal(outcome.fromCache, run === 'cached', `${run}: fromCache`);
    assert.equal(outcome.windows, reference.windows);
    assert.ok(run === 'cached' ? outcome.modelCalls === 0 : outcome.modelCalls > 1, `${run}: ${outcome.modelCalls} model calls`);

    const store = storeOf(messages, labels, frameCount);
    assert.ok(store.isComplete(), `${run}: every frame and result arrived`);
    for (const field of ['status', 'probs', 'smoothed', 'replyLetter', 'replyProb', 'sent', 'bufferFill', 'smoothingFill', 'target', 'emitted'] as const) {
      assertSameArray(store[field], expected[field]!, `${run}: ${field}`);
    }
    assert.equal(store.transcriptAt(frameCount - 1), reference.frames[frameCount - 1].transcript);
    if (run === 'inferred') {
      // The frames around the playhead came first, before the rest of the session.
      // The first batch is the 64 windows nearest the playhead.
      const first = messages.find((m): m is ResultsMessage => m.type === 'results');
      assert.ok(first && first.provisional && first.start >= 200 - 128 && first.start + first.count <= 200 + 128, `first results near frame 200, got ${first?.start}+${first?.count}`);
    }
    session.close();
  }
});

test('the CSV the worker writes is what analyze --format csv writes', async (t) => {
  const { client, dir } = withWorker(t);
  const { profile, runner } = await loadPool(t);
  const session = await client.open(SAMPLE, collecting().relay);
  await assert.rejects(session.writeCsv(join(dir, 'early.csv')), /has not finished its analysis/);
  await session.analyse({ profile, modelHash: 'model-hash', playhead: 0 }, runner);
  const file = join(dir, 'out.csv');
  await session.writeCsv(file);
  const reference = await replaySession(await readSession(SAMPLE), profile, runner);
  assert.equal(readFileSync(file, 'utf8'), `${[...csvLines(reference, profile.labels)].join('\n')}\n`);
  await assert.rejects(session.writeCsv(join(dir, 'no-such-folder', 'out.csv')), /ENOENT/);
});

test('a file that cannot be read is an error naming it; a file with bad lines opens with its problems', async (t) => {
  const { client, dir } = withWorker(t);
  const missing = join(dir, 'missing.landmarks.jsonl');
  await assert.rejects(client.open(missing, collecting().relay), (error: Error) => error.message.includes(missing));
  const binary = join(dir, 'binary.landmarks.jsonl');
  writeFileSync(binary, Buffer.from([0, 1, 2, 3, 0, 0, 255, 254]));
  await assert.rejects(client.open(binary, collecting().relay), (error: Error) => error.message.includes(binary));
  const bad = await client.open(join(process.cwd(), 'test', 'fixtures', 'sessions', 'invalid-lines.jsonl'), collecting().relay);
  assert.ok(bad.summary.problems.length > 0 && bad.summary.problems.every((p) => typeof p.line === 'number' && p.message.length > 0));
});

test('no more than POSTS_IN_FLIGHT messages wait for the main thread; the rest follow as they are posted', async (t) => {
  const { client } = withWorker(t);
  const { profile, runner } = await loadPool(t);
  const held: Array<() => void> = [];
  const delivered: ExtensionToWebview[] = [];
  const session = await client.open(SAMPLE, (message, posted) => {
    delivered.push(message);
    held.push(posted);
  });
  const analysed = session.analyse({ profile, modelHash: 'flow', playhead: 0 }, runner);
  const frames = session.sendFrames();
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(delivered.length, POSTS_IN_FLIGHT, 'the worker waits for acknowledgements');
  // Acknowledged one at a time, as the panel's poster does: everything arrives.
  const release = setInterval(() => held.shift()?.(), 1);
  try {
    await Promise.all([frames, analysed]);
  } finally {
    clearInterval(release);
  }
  assert.ok(storeOf(delivered, [...profile.labels], session.summary.info.frameCount).isComplete(), `all arrived (${delivered.length} messages)`);
});

test('a failing model run fails the analysis with its message; closing stops an analysis', async (t) => {
  const { client } = withWorker(t);
  const { profile } = await loadPool(t);
  const failing: ModelRunner = { classCount: 29, run: () => Promise.reject(new Error('model.onnx: out of memory')) };
  const session = await client.open(SAMPLE, collecting().relay);
  await assert.rejects(session.analyse({ profile, modelHash: 'failing', playhead: 0 }, failing), /model\.onnx: out of memory/);

  const never: ModelRunner = { classCount: 29, run: () => new Promise(() => undefined) };
  const second = await client.open(SAMPLE, collecting().relay);
  const analysed = second.analyse({ profile, modelHash: 'never', playhead: 0 }, never);
  await new Promise((r) => setTimeout(r, 200));
  second.close();
  await assert.rejects(analysed, /closed|abort/i);
});

test('a worker that cannot start or stops fails what was in flight with a reason, and the next open starts a new one', async (t) => {
  const broken = new ReplayWorkerClient({ script: join(process.cwd(), 'dist', 'no-such-worker.js'), resultsCacheDir: tmpdir() });
  t.after(() => broken.dispose());
  await assert.rejects(broken.open(SAMPLE, collecting().relay), /replay worker/);

  const stops: string[] = [];
  const { client } = withWorker(t, (reason) => stops.push(reason));
  const { profile } = await loadPool(t);
  const never: ModelRunner = { classCount: 29, run: () => new Promise(() => undefined) };
  const session = await client.open(SAMPLE, collecting().relay);
  const analysed = session.analyse({ profile, modelHash: 'stopped', playhead: 0 }, never);
  await new Promise((r) => setTimeout(r, 200));
  // As if it had crashed: the thread ends under the client.
  await (client as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
  await assert.rejects(analysed, /the replay worker exited/);
  assert.equal(stops.length, 1);
  await assert.rejects(session.sendFrames(), /the replay worker exited/);
  const again = await client.open(SAMPLE, collecting().relay);
  assert.equal(await again.sendFrames(), true);
});
