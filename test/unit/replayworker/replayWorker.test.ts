// The replay worker (dist/replayworker.js, a real worker thread, with its own real model hosts) driven by
// its client as the replay panel drives it: what a webview holds after its messages must be what the
// pipeline (replaySession, in this thread) says, and failures must come back as errors that say what happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { serializeSession } from '../../../src/core/session/sessionLines';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';
import { ModelLoadError } from '../../../src/model/loadedModel';
import { csvLines } from '../../../src/core/pipeline/formatAnalysis';
import { readSession } from '../../../src/core/session/readSession';
import { ModelHostPool } from '../../../src/model/hostPool';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { encodeResults, FRAMES_PER_MESSAGE } from '../../../src/protocol/encode';
import type { ExtensionToWebview, FramesMessage, ResultsMessage } from '../../../src/protocol/messages';
import { ReplayWorkerClient, type BulkFile, type Relay } from '../../../src/replayworker/client';
import { decodeBulkMessage } from '../../../src/protocol/bulkMessage';
import { checkExtensionToWebview } from '../../../src/protocol/messages';
import { POSTS_IN_FLIGHT } from '../../../src/replayworker/protocol';
import { nearestChunk } from '../../../src/analysis/playheadOrder';
import { SessionStore } from '../../../src/webview/sessionStore';

const SCRIPT = join(process.cwd(), 'dist', 'replayworker.js');
const HOST = join(process.cwd(), 'dist', 'modelhost.js');
const MODEL = join(process.cwd(), 'test', 'fixtures', 'models', 'seq-flat-29.onnx');
const SAMPLE = join(process.cwd(), 'samples', 'practice-targets.landmarks.jsonl');

/** What the webview makes of a relayed item: the message, or what its bulk file holds. */
function received(message: ExtensionToWebview | BulkFile): ExtensionToWebview {
  if (message.type !== 'bulkFile') return message;
  const bytes = readFileSync(message.file);
  assert.equal(bytes.byteLength, message.bytes, `${message.file}: the bytes the event announced`);
  const decoded = decodeBulkMessage(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const checked = checkExtensionToWebview(decoded);
  assert.ok(checked.ok, checked.ok ? '' : checked.error);
  return checked.message;
}

/** A relay that posts at once and keeps every message, reading bulk files as the webview would. */
function collecting(): { relay: Relay; messages: ExtensionToWebview[]; bulkFiles: string[] } {
  const messages: ExtensionToWebview[] = [];
  const bulkFiles: string[] = [];
  return {
    messages,
    bulkFiles,
    relay: (message, posted) => {
      if (message.type === 'bulkFile') bulkFiles.push(message.file);
      messages.push(received(message));
      posted();
    },
  };
}

const MODEL_HOSTS = { script: HOST, hosts: 2 };

function withWorker(t: { after(fn: () => Promise<void> | void): void }, onStop?: (reason: string) => void): { client: ReplayWorkerClient; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'replay-worker-'));
  const client = new ReplayWorkerClient({
    script: SCRIPT,
    resultsCacheDir: join(dir, 'cache'),
    snapshotDir: join(dir, 'snapshots'),
    bulkDir: join(dir, 'bulk', String(process.pid)),
    modelHosts: MODEL_HOSTS,
    onStop,
  });
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return { client, dir };
}

/** The model in this thread's own hosts, for the reference results. */
async function referencePool(t: { after(fn: () => Promise<void> | void): void }) {
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 1 });
  t.after(() => pool.dispose());
  const { resolved } = await loadModelWithProfile(pool.clients[0], MODEL);
  return { profile: resolved.profile, runner: pool.createRunner(resolved.profile, 64) };
}

/** A session long enough to be still analysing a moment after its first results (9,000 frames). */
function longSessionFile(dir: string): string {
  const { session } = synthesizeFingerspelling('THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG PACK MY BOX WITH FIVE DOZEN LIQUOR JUGS '.repeat(5), { seed: 3, fps: 30 });
  const file = join(dir, 'long.landmarks.jsonl');
  writeFileSync(file, serializeSession({ ...session, frames: session.frames.slice(0, 9000) }).join('\n') + '\n');
  return file;
}

/** Pids of this process's children running dist/modelhost.js (Linux /proc). */
function modelHostChildren(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('modelhost.js')) pids.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return pids;
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
  const { profile, runner } = await referencePool(t);
  const model = await client.loadModel(MODEL, 'fixture model', {});
  assert.deepEqual(model.resolved.profile, profile, 'the worker resolves the profile as this thread does');
  assert.match(model.hash, /^[0-9a-f]{64}$/);
  const labels = [...profile.labels];
  const reference = await replaySession(await readSession(SAMPLE), profile, runner);
  const expected: ResultsMessage = encodeResults(reference.frames, 0, labels);
  const frameCount = reference.frames.length;

  for (const run of ['inferred', 'cached'] as const) {
    const { relay, messages, bulkFiles } = collecting();
    const session = await client.open(SAMPLE, relay);
    assert.equal(session.summary.info.frameCount, frameCount);
    assert.deepEqual(session.summary.problems, []);
    assert.equal(await session.sendFrames(), true);
    const outcome = await session.analyse({ modelKey: model.key, playhead: 200, batchSize: 64 });
    assert.equal(outcome.fromCache, run === 'cached', `${run}: fromCache`);
    assert.equal(outcome.windows, reference.windows);
    assert.ok(run === 'cached' ? outcome.modelCalls === 0 : outcome.modelCalls > 1, `${run}: ${outcome.modelCalls} model calls`);

    const store = storeOf(messages, labels, frameCount);
    assert.ok(store.isComplete(), `${run}: every frame and result arrived`);
    for (const field of ['status', 'probs', 'smoothed', 'replyLetter', 'replyProb', 'sent', 'bufferFill', 'smoothingFill', 'target', 'emitted'] as const) {
      assertSameArray(store[field], expected[field]!, `${run}: ${field}`);
    }
    assert.equal(store.transcriptAt(frameCount - 1), reference.frames[frameCount - 1].transcript);
    // The frames (~80 KB of typed arrays) came as a bulk file, the small results messages as messages.
    assert.ok(bulkFiles.length > 0 && messages.some((m) => m.type === 'results'), `${bulkFiles.length} bulk files`);
    if (run === 'inferred') {
      // The first batch is the 64 windows nearest the playhead.
      const first = messages.find((m): m is ResultsMessage => m.type === 'results');
      assert.ok(first && first.provisional && first.start >= 200 - 128 && first.start + first.count <= 200 + 128, `first results near frame 200, got ${first?.start}+${first?.count}`);
    }
    session.close();
  }
});

test('an analysis that sends the frames too sends those around the playhead first, the others behind its first results', async (t) => {
  const { client, dir } = withWorker(t);
  const model = await client.loadModel(MODEL, 'fixture model', {});
  const { relay, messages } = collecting();
  const session = await client.open(longSessionFile(dir), relay);
  const frameCount = session.summary.info.frameCount;
  assert.ok(frameCount > FRAMES_PER_MESSAGE, `${frameCount} frames: more than one frames message`);
  const playhead = frameCount - 300;
  const outcome = await session.analyse({ modelKey: model.key, playhead, batchSize: 64, framesFrom: playhead });
  assert.ok(outcome.modelCalls > 1);
  const deadline = Date.now() + 10_000;
  const frames = () => messages.filter((m): m is FramesMessage => m.type === 'frames');
  while (frames().reduce((n, m) => n + m.count, 0) < frameCount && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));

  const [first, ...others] = frames();
  assert.ok(first.start <= playhead && playhead < first.start + first.count, `the first frames message holds frames ${first.start}+${first.count}, not the playhead ${playhead}`);
  assert.equal(first.totalFrames, frameCount, 'the first frames message says how many frames there are');
  assert.ok(first.targets && first.labelSpans, 'and carries the targets and labels');
  assert.equal(messages.indexOf(first), messages.findIndex((m) => m.type === 'frames'));
  const firstResults = messages.findIndex((m) => m.type === 'results');
  assert.ok(others.length > 0 && others.every((m) => messages.indexOf(m) > firstResults), 'the other frames messages come after the first results');
  assert.deepEqual(
    [first, ...others].map((m) => m.start).sort((a, b) => a - b),
    Array.from({ length: Math.ceil(frameCount / FRAMES_PER_MESSAGE) }, (_, k) => k * FRAMES_PER_MESSAGE),
    'each frames message once',
  );
  assert.ok(storeOf(messages, [...model.resolved.profile.labels], frameCount).isComplete(), 'every frame and result arrived');
  session.close();
});

test('the frames messages go outwards from the playhead, the later one first on ties', () => {
  /** The chunks in the order they are sent from a playhead in chunk `first`. */
  const outwardFrom = (first: number, count: number) => {
    const sent = new Uint8Array(count);
    const order: number[] = [];
    for (let k = nearestChunk(sent, 10, first * 10 + 5); k >= 0; k = nearestChunk(sent, 10, first * 10 + 5)) {
      order.push(k);
      sent[k] = 1;
    }
    return order;
  };
  assert.deepEqual(outwardFrom(0, 4), [0, 1, 2, 3]);
  assert.deepEqual(outwardFrom(3, 4), [3, 2, 1, 0]);
  assert.deepEqual(outwardFrom(1, 5), [1, 2, 0, 3, 4]);
  assert.deepEqual(outwardFrom(0, 1), [0]);
});

test('the CSV the worker writes is what analyze --format csv writes', async (t) => {
  const { client, dir } = withWorker(t);
  const { profile, runner } = await referencePool(t);
  const model = await client.loadModel(MODEL, 'fixture model', {});
  const session = await client.open(SAMPLE, collecting().relay);
  await assert.rejects(session.writeCsv(join(dir, 'early.csv')), /has not finished its analysis/);
  await session.analyse({ modelKey: model.key, playhead: 0 });
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

test('a model that cannot be loaded is a ModelLoadError naming the file and the setting; a replaced model is not analysed with', async (t) => {
  const { client } = withWorker(t);
  const fixtures = join(process.cwd(), 'test', 'fixtures', 'models');
  for (const [file, reason] of [
    [join(fixtures, 'no-such-model.onnx'), /does not exist/],
    [join(fixtures, 'not-a-model.onnx'), /not an ONNX model/],
    [join(fixtures, 'fails-at-run-time.onnx'), /inference failed/],
  ] as const) {
    await assert.rejects(client.loadModel(file, file, {}), (error: unknown) => {
      assert.ok(error instanceof ModelLoadError, `${file}: a ModelLoadError`);
      assert.equal(error.modelPath, file);
      assert.match(error.reason, reason);
      assert.ok(error.message.includes(file) && error.message.includes('landmarkLens.modelPath'), error.message);
      return true;
    });
  }
  await assert.rejects(client.loadModel(MODEL, 'fixture', { windowSize: 'thirty-two' }), (error: unknown) => error instanceof ModelLoadError && /profileOverrides/.test(error.message));
  const first = await client.loadModel(MODEL, 'fixture', {});
  // As VS Code hands settings over: a proxy, which a worker message could not carry as it is.
  const second = await client.loadModel(MODEL, 'fixture', new Proxy({ throttleMs: 100 }, {}));
  assert.equal(second.resolved.profile.throttleMs, 100);
  const session = await client.open(SAMPLE, collecting().relay);
  await assert.rejects(session.analyse({ modelKey: first.key, playhead: 0 }), /the model was replaced/);
  assert.equal((await session.analyse({ modelKey: second.key, playhead: 0 })).fromCache, false);
});

test('no more than POSTS_IN_FLIGHT messages wait for the main thread; the rest follow as they are posted', async (t) => {
  const { client } = withWorker(t);
  const model = await client.loadModel(MODEL, 'fixture model', {});
  const held: Array<() => void> = [];
  const delivered: ExtensionToWebview[] = [];
  const session = await client.open(SAMPLE, (message, posted) => {
    delivered.push(received(message));
    held.push(posted);
  });
  const analysed = session.analyse({ modelKey: model.key, playhead: 0 });
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
  assert.ok(storeOf(delivered, [...model.resolved.profile.labels], session.summary.info.frameCount).isComplete(), `all arrived (${delivered.length} messages)`);
});

test('closing a session stops its analysis', async (t) => {
  const { client, dir } = withWorker(t);
  const model = await client.loadModel(MODEL, 'fixture model', {});
  let results = 0;
  let resultsAtClose = -1;
  const session = await client.open(longSessionFile(dir), (message, posted) => {
    if (message.type === 'results') results++;
    posted();
  });
  const analysed = session.analyse({ modelKey: model.key, playhead: 0 });
  while (results === 0) await new Promise((r) => setTimeout(r, 2));
  resultsAtClose = results;
  session.close();
  await assert.rejects(analysed, /abort/i);
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(results <= resultsAtClose + POSTS_IN_FLIGHT, `${results - resultsAtClose} results messages after the close`);
});

test('a worker that cannot start or stops fails what was in flight with a reason, takes its model hosts with it, and the next request starts a new one', async (t) => {
  const broken = new ReplayWorkerClient({ script: join(process.cwd(), 'dist', 'no-such-worker.js'), resultsCacheDir: tmpdir(), modelHosts: MODEL_HOSTS });
  t.after(() => broken.dispose());
  await assert.rejects(broken.open(SAMPLE, collecting().relay), /replay worker/);

  const stops: string[] = [];
  const { client, dir } = withWorker(t, (reason) => stops.push(reason));
  const model = await client.loadModel(MODEL, 'fixture model', {});
  assert.equal(modelHostChildren().length, 2, 'the worker started its two model hosts');
  const session = await client.open(longSessionFile(dir), collecting().relay);
  const analysed = session.analyse({ modelKey: model.key, playhead: 0 });
  await new Promise((r) => setTimeout(r, 100));
  // As if it had crashed: the thread ends under the client.
  await (client as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
  await assert.rejects(analysed, /the replay worker exited/);
  assert.equal(stops.length, 1);
  await assert.rejects(session.sendFrames(), /the replay worker exited/);
  const deadline = Date.now() + 10_000;
  while (modelHostChildren().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(modelHostChildren(), [], 'its model hosts exited with it');
  const again = await client.open(SAMPLE, collecting().relay);
  assert.equal(await again.sendFrames(), true);
  const reloaded = await client.loadModel(MODEL, 'fixture model', {});
  assert.equal((await again.analyse({ modelKey: reloaded.key, playhead: 0 })).windows > 0, true);
});

test('bulk files go once the webview fetched them, the rest with their session; a new worker clears what dead ones left', async (t) => {
  const { client, dir } = withWorker(t);
  const root = join(dir, 'bulk');
  // What an extension host that is gone left, and an earlier worker of this one.
  mkdirSync(join(root, '999999999'), { recursive: true });
  writeFileSync(join(root, '999999999', '1-1.llb'), 'left over');
  mkdirSync(join(root, String(process.pid)), { recursive: true });
  writeFileSync(join(root, String(process.pid), '7-1.llb'), 'left over');
  const files: string[] = [];
  const session = await client.open(longSessionFile(dir), (message, posted) => {
    if (message.type === 'bulkFile') files.push(message.file);
    posted();
  });
  assert.deepEqual(readdirSync(root), [String(process.pid)], "the dead process's folder is gone");
  await session.sendFrames();
  // 9,000 frames: five frames messages of 2,048 frames at most, each a file.
  assert.equal(files.length, Math.ceil(9000 / FRAMES_PER_MESSAGE));
  assert.ok(files.every((f) => existsSync(f)));
  session.bulkFetched(files[0]);
  const deadline = Date.now() + 5000;
  while (existsSync(files[0]) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.equal(existsSync(files[0]), false, 'fetched: deleted');
  assert.equal(existsSync(files[1]), true, 'not fetched yet: kept');
  session.close();
  // The worker deletes them when it handles the close, which may come after other work it had queued.
  const folder = join(root, String(process.pid));
  const closedBy = Date.now() + 10_000;
  while (readdirSync(folder).length > 0 && Date.now() < closedBy) await new Promise((r) => setTimeout(r, 10));
  assert.equal(existsSync(files[1]), false, 'its session closed: deleted');
  assert.deepEqual(readdirSync(folder), [], "nothing else in the folder (the earlier worker's file went at start)");
});

