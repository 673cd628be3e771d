import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSession } from '../../../src/core/session/readSession';
import { readLandmarksSession } from '../../../src/core/session/readLandmarksSession';
import { readLandmarksSessionInParallel } from '../../../src/core/session/parallelSessionRead';
import { encodeSessionSnapshot, openSessionSnapshot, snapshotSource } from '../../../src/analysis/sessionSnapshotCodec';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';
import { frameColumnsOf, framesBuilt } from '../../../src/core/session/frameColumns';
import { encodeFrames, labelSpans, targetSpans } from '../../../src/protocol/encode';
import { frameCount, framesMessage } from '../../../src/analysis/sessionFrames';
import { sessionInfo } from '../../../src/replayworker/sessionInfo';
import { SessionSnapshotCache } from '../../../src/analysis/sessionSnapshotCache';
import { openSession } from '../../../src/analysis/openSession';
import { hashFile } from '../../../src/core/fileHash';
import { fixture, repoRoot } from '../session/testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const source = { path: '/x.landmarks.jsonl', size: 1, mtimeMs: 2, sha256: 'ab' };

const snapshotFiles = mkdtempSync(join(tmpdir(), 'snapshot-bytes-'));
process.on('exit', () => rmSync(snapshotFiles, { recursive: true, force: true }));
let snapshotCount = 0;
/** A snapshot's bytes opened as the cache opens them: from a file, by openSessionSnapshot. */
function openBytes(bytes: Uint8Array): ReturnType<typeof openSessionSnapshot> {
  const file = join(snapshotFiles, `${snapshotCount++}.lls`);
  writeFileSync(file, bytes);
  return openSessionSnapshot(file);
}

test('a snapshot gives back exactly the session it was taken of: samples, problems, notes, replies, hands of both sides', async () => {
  const files = [
    join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl'),
    join(repoRoot(), 'samples', 'practice-targets.landmarks.jsonl'),
    fixture('invalid-lines.jsonl'),
    fixture('no-header-short.landmarks.jsonl'),
    fixture('valid.landmarks.jsonl'),
    fixture('hand-x0.csv'),
    fixture('tasks-results.json'),
  ];
  for (const file of files) {
    const session = await readSession(file);
    const bytes = await encodeSessionSnapshot(session, source, 7);
    const back = openBytes(bytes);
    const { frames, ...rest } = session;
    const { frames: backFrames, ...backRest } = back.session;
    assert.deepEqual(sessionFrames({ frames: backFrames }), sessionFrames({ frames }), file);
    // Everything but the frames goes through JSON: a field set to undefined is left out.
    assert.deepEqual(backRest, JSON.parse(JSON.stringify(rest)), file);
    assert.deepEqual(back.source, source);
    assert.deepEqual(snapshotSource(bytes), source);
  }
  const built = {
    header: { type: 'header' as const, format: 'landmark-session' as const, version: 1 as const, fps: 30 },
    frames: [
      { index: 0, t: 0, hands: [] },
      { index: 1, t: 33.25, hands: [{ landmarks: new Float64Array(63).map((_, i) => i / 7), handedness: 'Left' as const, score: 0.5 }, { landmarks: new Float64Array(63).fill(0.1 + 0.2), handedness: 'Right' as const }] },
      { index: 2, t: 66.5, hands: [{ landmarks: new Float64Array(63).fill(-1e-300) }] },
    ],
    targets: [{ t: 10, letter: 'A', beforeFrame: 1 }],
    labels: [{ t0: 0, t1: 50, text: 'A' }],
    problems: [{ file: 'f', line: 9, field: 't', message: 'm' }],
    replies: [{ t: 40, reply: { maxarg_letter: 'A', target_arg_prob: 0.25 }, afterFrame: 1 }],
    notes: [],
  };
  const { frames: reopened, ...rest } = openBytes(await encodeSessionSnapshot(built, source)).session;
  assert.deepEqual({ ...rest, frames: sessionFrames({ frames: reopened }) }, built, 'frames without line numbers stay without');
});

test('a damaged snapshot is an error that says so, never a wrong session', async () => {
  const session = await readSession(fixture('valid.landmarks.jsonl'));
  const bytes = await encodeSessionSnapshot(session, source);
  assert.throws(() => openBytes(bytes.subarray(0, bytes.length - 8)), /truncated/);
  assert.throws(() => openBytes(Buffer.from('LLR2xxxxxxxx')), /not a session snapshot/);
  assert.equal(snapshotSource(Buffer.from('nope')), undefined);
  // Hand offsets that go backwards (a damaged column the size check cannot see).
  const count = sessionFrames(session).length;
  const hands = sessionFrames(session).reduce((n, f) => n + f.hands.length, 0);
  const align8 = (n: number) => Math.ceil(n / 8) * 8;
  const columns = align8(8 + Buffer.from(bytes).readUInt32LE(4));
  const handStart = columns + align8(count * 8) + align8(hands * 63 * 8) + align8(hands * 8) + align8(count * 4) + align8(count * 4);
  const damaged = Buffer.from(bytes);
  assert.equal(damaged.readUInt32LE(handStart + 4), sessionFrames(session)[0].hands.length, 'the test finds the hand offsets');
  damaged.writeUInt32LE(hands + 1, handStart + 4);
  assert.throws(() => openBytes(damaged), /inconsistent hand offsets/);
});

test('openSession parses a file once, then serves it from its snapshot until the file changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-snap-'));
  try {
    const file = join(dir, 'a.landmarks.jsonl');
    const original = await readSession(join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl'));
    writeFileSync(file, readFileSync(join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl')));
    const cache = new SessionSnapshotCache(join(dir, 'snapshots'));
    const first = await openSession(file, cache, 0);
    assert.equal(first.fromSnapshot, false);
    assert.equal(await first.sha256, await hashFile(file));
    await first.saveSnapshot();
    assert.equal(readdirSync(join(dir, 'snapshots')).filter((n) => n.endsWith('.lls')).length, 1);

    const second = await openSession(file, cache, 0);
    assert.equal(second.fromSnapshot, true);
    assert.equal(await second.sha256, await hashFile(file));
    assert.deepEqual(sessionFrames(second.session), sessionFrames(first.session));
    assert.equal(sessionFrames(second.session).length, sessionFrames(original).length);

    // Appending a frame changes size and mtime: parsed again, with the new frame and a new hash.
    const before = await second.sha256;
    appendFileSync(file, '{"type":"frame","t":999999,"hands":[]}\n');
    const third = await openSession(file, cache, 0);
    assert.equal(third.fromSnapshot, false);
    assert.equal(sessionFrames(third.session).length, sessionFrames(original).length + 1);
    assert.notEqual(await third.sha256, before);

    // Small files are not snapshotted by default (1 MiB).
    await (await openSession(file, cache)).saveSnapshot();
    assert.equal((await openSession(file, cache, 0)).fromSnapshot, false, 'the default open did not store a snapshot');

    // A damaged snapshot is removed and the file parsed.
    await third.saveSnapshot();
    const [name] = readdirSync(join(dir, 'snapshots')).filter((n) => n.endsWith('.lls'));
    writeFileSync(join(dir, 'snapshots', name), 'LLS1garbage');
    const fourth = await openSession(file, cache, 0);
    assert.equal(fourth.fromSnapshot, false);
    assert.deepEqual(readdirSync(join(dir, 'snapshots')).filter((n) => n.endsWith('.lls')), []);
    await assert.rejects(openSession(join(dir, 'missing.landmarks.jsonl'), cache, 0), /missing\.landmarks\.jsonl/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a session held in columns (a parallel read, a snapshot) is snapshotted from its columns: the same bytes, no frame object built', async () => {
  for (const file of [join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl'), join(repoRoot(), 'samples', 'practice-targets.landmarks.jsonl')]) {
    const objects = await readLandmarksSession(file);
    const columns = await readLandmarksSessionInParallel(file, { minParallelBytes: 0, workers: 3 });
    assert.ok(frameColumnsOf(columns), file);
    const expected = await encodeSessionSnapshot(objects, source, 7);
    assert.deepEqual(await encodeSessionSnapshot(columns, source, 7), expected, `${file}: from the parallel read's columns`);
    const { session: reopened } = openBytes(expected);
    assert.deepEqual(await encodeSessionSnapshot(reopened, source, 7), expected, `${file}: from a snapshot's columns`);
    assert.equal(framesBuilt(columns), false, file);
    assert.equal(framesBuilt(reopened), false, file);
  }
});

test('a snapshot session answers its count, times and frames messages from the columns, building frames only when read', async () => {
  for (const file of [join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl'), fixture('invalid-lines.jsonl'), fixture('hand-x0.csv')]) {
    const parsed = await readSession(file);
    const bytes = await encodeSessionSnapshot(parsed, source);
    const { session } = openBytes(bytes);
    assert.ok(frameColumnsOf(session));
    assert.equal(framesBuilt(session), false, file);
    assert.equal(frameCount(session), sessionFrames(parsed).length, file);
    assert.deepEqual(sessionInfo(session, file), sessionInfo(parsed, file), file);
    const n = sessionFrames(parsed).length;
    const extra = { targets: targetSpans(parsed), labelSpans: labelSpans(parsed), totalFrames: n };
    for (const [start, end] of [[0, n], [0, Math.min(n, 5)], [Math.floor(n / 3), n]]) {
      assert.deepEqual(framesMessage(session, start, end, extra), encodeFrames(sessionFrames(parsed).slice(start, end), start, extra), `${file} [${start}, ${end})`);
    }
    assert.equal(framesBuilt(session), false, `${file}: nothing above built the frames`);
    // A parsed session answers the same through the frames themselves.
    assert.equal(frameCount(parsed), n);
    assert.deepEqual(framesMessage(parsed, 0, n, extra), encodeFrames(sessionFrames(parsed), 0, extra));
    // Reading frames builds them once; they are the parsed ones.
    assert.deepEqual(sessionFrames(session), sessionFrames(parsed), file);
    assert.equal(framesBuilt(session), true);
    assert.equal(sessionFrames(session), sessionFrames(session), 'built once, then kept');
  }
});


test("a snapshot file's landmarks are read as they are used, a chunk at a time, and give the snapshot's session exactly", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lazy-snapshot-'));
  try {
    // 9,000 frames: chunks of 2,048 hands.
    const { session: synth } = synthesizeFingerspelling('LAZY SNAPSHOT '.repeat(30), { seed: 4, fps: 30 });
    const parsed = { ...synth, frames: synth.frames.slice(0, 9000) };
    const file = join(dir, 'lazy.lls');
    writeFileSync(file, await encodeSessionSnapshot(parsed, source));
    const openFds = () => readdirSync('/proc/self/fd').length;
    const fdsBefore = openFds();

    const { session, source: read } = openSessionSnapshot(file);
    assert.deepEqual(read, source);
    const columns = frameColumnsOf(session)!;
    const hands = columns.hands;
    assert.ok(hands > 2 * 2048, `${hands} hands`);
    const lastHand = (hands - 1) * 63;
    const expectedLast = parsed.frames.filter((f) => f.hands.length).at(-1)!.hands.at(-1)!.landmarks;
    assert.equal(columns.columns.landmarks.blocks[0][lastHand], 0, 'the last chunk is not read at open');
    assert.equal(openFds(), fdsBefore + 1, 'the snapshot stays open for its landmarks');

    // The frames message of the last frames reads the last chunk only.
    const n = parsed.frames.length;
    assert.deepEqual(framesMessage(session, n - 100, n), encodeFrames(sessionFrames(parsed).slice(n - 100), n - 100));
    assert.equal(columns.columns.landmarks.blocks[0][lastHand], expectedLast[0]);
    assert.equal(columns.columns.landmarks.blocks[0][0], 0, 'the first chunk is still not read');
    // Everything, as the eager decode gives it; the file is closed once every chunk is read.
    assert.deepEqual(sessionFrames(session), sessionFrames(parsed));
    assert.equal(openFds(), fdsBefore, 'closed once every landmark is read');

    // Released before every chunk is read: the file is closed, and an unread chunk is an error naming it.
    const early = openSessionSnapshot(file).session;
    frameColumnsOf(early)!.release();
    assert.equal(openFds(), fdsBefore);
    assert.throws(() => framesMessage(early, 0, 10), (error: Error) => error.message.includes(file) && /closed before/.test(error.message));

    // A file cut short is refused at open.
    writeFileSync(file, readFileSync(file).subarray(0, 2048 * 63 * 8));
    assert.throws(() => openSessionSnapshot(file), /truncated/);
    assert.equal(openFds(), fdsBefore, 'and not left open');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a snapshot of an older format (another magic) is not read: the session is parsed again and the snapshot removed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-snap-old-'));
  try {
    const file = join(dir, 'a.landmarks.jsonl');
    writeFileSync(file, readFileSync(join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl')));
    const cache = new SessionSnapshotCache(join(dir, 'snapshots'));
    const first = await openSession(file, cache, 0);
    await first.saveSnapshot();
    const [name] = readdirSync(join(dir, 'snapshots')).filter((n) => n.endsWith('.lls'));
    const bytes = readFileSync(join(dir, 'snapshots', name));
    assert.equal(bytes.toString('latin1', 0, 4), 'LLS2');
    assert.equal((await openSession(file, cache, 0)).fromSnapshot, true);
    // The same snapshot under the previous format's magic.
    bytes.write('LLS1', 0, 'latin1');
    writeFileSync(join(dir, 'snapshots', name), bytes);
    const again = await openSession(file, cache, 0);
    assert.equal(again.fromSnapshot, false);
    assert.deepEqual(sessionFrames(again.session), sessionFrames(first.session));
    assert.deepEqual(readdirSync(join(dir, 'snapshots')).filter((n) => n.endsWith('.lls')), [], 'the old snapshot is removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
