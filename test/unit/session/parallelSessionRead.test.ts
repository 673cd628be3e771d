import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { longSession } from '../../../bench/longSession';
import { readSession, serializeSession, SessionError, type ReadSessionOptions } from '../../../src/core/session';
import { DEFAULT_MIN_PARALLEL_BYTES, readLandmarksSessionInParallel, type ParallelReadOptions, type SessionReadPath } from '../../../src/core/session/parallelSessionRead';
import { readLandmarksSession } from '../../../src/core/session/readLandmarksSession';
import { splitAtLineStarts } from '../../../src/core/session/sessionByteRanges';
import { HANDS_PER_BLOCK } from '../../../src/core/session/sessionRangeParse';
import { findSessionReaderScript } from '../../../src/core/session/sessionReaderScript';
import { frameColumnsOf, framesBuilt } from '../../../src/core/session/frameColumns';
import { frameObjectsSource, frameSourceOf, type FrameSource } from '../../../src/core/session/frameSource';
import { repoRoot, tempDir, writeTemp } from './testPaths';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { windowEndingAt } from '../../../src/core/pipeline/windowEndingAt';
import { BACKEND_DEFAULT_PROFILE } from '../../../src/core/model/profile';
import type { ModelRunner } from '../../../src/core/pipeline/types';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';
import { encodeFrameRange, encodeFrames } from '../../../src/protocol/encode';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const dir = tempDir();

/** Reads `path` both ways (parallel forced regardless of size), asserts the sessions are deep-equal, and says which way the parallel reader went. */
async function readBothWays(path: string, options: ParallelReadOptions = {}): Promise<{ how: SessionReadPath; session: Awaited<ReturnType<typeof readLandmarksSession>> }> {
  const taken: SessionReadPath[] = [];
  const parallel = await readLandmarksSessionInParallel(path, { minParallelBytes: 0, workers: 2, ...options, onReadPath: (how) => taken.push(how) });
  const sequential = await readLandmarksSession(path, options);
  if (taken[0]?.parallel) {
    // The parallel read holds the frames as columns; what the pipeline reads of them is the sequential session's.
    assert.ok(frameColumnsOf(parallel), 'the parallel read holds its frames as columns');
    assert.equal(framesBuilt(parallel), false, 'no frame object is built before `frames` is read');
    assertSameFrameSource(frameSourceOf(parallel), frameObjectsSource(sequential.frames));
    // The webview's frames messages: the columns' bulk copy against the frames one by one.
    const n = sequential.frames.length;
    for (const [start, end] of [[0, n], [Math.floor(n / 3), Math.min(n, Math.floor(n / 3) + 7)], [n - 1, n]]) {
      if (start < 0 || start >= end) continue;
      assert.deepEqual(encodeFrameRange(frameSourceOf(parallel), start, end), encodeFrames(sequential.frames.slice(start, end), start), `frames [${start}, ${end})`);
    }
    assert.equal(framesBuilt(parallel), false, 'reading the columns builds no frame objects');
  }
  // The frames, built as objects from the columns, and everything else.
  assert.deepStrictEqual({ ...parallel, frames: sessionFrames(parallel) }, sequential);
  assert.equal(taken.length, 1);
  return { how: taken[0], session: sequential };
}

function assertSameFrameSource(actual: FrameSource, expected: FrameSource): void {
  assert.equal(actual.count, expected.count);
  for (let i = 0; i < expected.count; i++) {
    assert.equal(actual.t(i), expected.t(i), `frame ${i}: t`);
    assert.equal(actual.hasHand(i), expected.hasHand(i), `frame ${i}: hasHand`);
    const hand = expected.firstHand(i);
    assert.deepEqual(actual.firstHand(i), hand, `frame ${i}: first hand`);
  }
}

function assertParallel(how: SessionReadPath, ranges?: number): void {
  assert.equal(how.parallel, true, `expected the parallel path, went sequential: ${'reason' in how ? how.reason : ''}`);
  if (ranges !== undefined) assert.deepEqual(how, { parallel: true, ranges });
}

function assertFellBack(how: SessionReadPath, reason: RegExp, what = ''): void {
  assert.equal(how.parallel, false, `${what}: expected the sequential fallback`);
  assert.match((how as { reason: string }).reason, reason);
}

/** A hand as JSON: 21 points derived from `k`, optional handedness and score. */
function handJson(k: number, extra: { handedness?: 'Left' | 'Right'; score?: number } = {}): string {
  const points = Array.from({ length: 21 }, (_, p) => [((k * 31 + p * 7) % 1000) / 1000, ((k * 17 + p * 3) % 1000) / 1000, -((p * 11) % 100) / 1000]);
  return JSON.stringify({ ...extra, landmarks: points });
}

const HEADER = '{"type":"header","format":"landmark-session","version":1,"fps":30,"source":"parallel test"}';

/** A frame line whose time is always 5 digits wide, so changing the time keeps every byte offset. */
const frameLine = (t: number, hands: string[] = [handJson(1, { handedness: 'Right', score: 0.9 })]): string => `{"type":"frame","t":${t},"hands":[${hands.join(',')}]}`;

function synthesizedText(frames: number): string {
  return [...serializeSession(longSession(frames))].join('\n') + '\n';
}

test('the worker bundle is found from the test bundle, and not from a folder without one', () => {
  const script = findSessionReaderScript();
  assert.ok(script && script.endsWith(join('dist', 'sessionreader.js')), `found ${script}`);
  assert.equal(findSessionReaderScript(dir), undefined);
});

test('every sample session reads the same in parallel as sequentially', async () => {
  const samples = readdirSync(join(repoRoot(), 'samples')).filter((n) => n.endsWith('.landmarks.jsonl'));
  assert.ok(samples.length >= 3);
  for (const name of samples) {
    for (const workers of [2, 3]) {
      const { how, session } = await readBothWays(join(repoRoot(), 'samples', name), { workers });
      assertParallel(how, workers);
      assert.ok(session.frames.length > 100, name);
    }
  }
});

test('a synthesized long session reads the same in parallel, with 1 to 4 workers', async () => {
  const path = writeTemp(dir, synthesizedText(6000));
  for (const workers of [1, 2, 4]) {
    const { how, session } = await readBothWays(path, { workers });
    assertParallel(how, workers);
    assert.equal(session.frames.length, 6000);
    assert.ok(session.labels.length > 0);
  }
});

/** A file of at least `bytes`: the header, then frames of one or two hands 33 ms apart. */
function largeFile(bytes: number): string {
  const lines = [HEADER];
  let size = HEADER.length;
  for (let k = 0; size < bytes; k++) {
    const line = frameLine(10000 + k * 33, k % 5 === 0 ? [handJson(k, { handedness: 'Left', score: 0.8 }), handJson(k + 1)] : [handJson(k % 50, { handedness: 'Right' })]);
    lines.push(line);
    size += line.length + 1;
  }
  return writeTemp(dir, lines.join('\n') + '\n');
}

test('readSession reads a landmarks file at the size threshold in parallel and gives the sequential session', async () => {
  // At least the threshold, and enough hands that one worker fills more than one landmark block.
  const path = largeFile(Math.max(DEFAULT_MIN_PARALLEL_BYTES, 6 * 1024 * 1024));
  const taken: SessionReadPath[] = [];
  const options: ReadSessionOptions & ParallelReadOptions = { onReadPath: (how) => taken.push(how) };
  const viaReadSession = await readSession(path, options);
  assertParallel(taken[0]);
  assert.deepStrictEqual({ ...viaReadSession, frames: sessionFrames(viaReadSession) }, await readLandmarksSession(path));
  // One worker: more hands than one landmark block holds.
  const { how, session } = await readBothWays(path, { workers: 1 });
  assertParallel(how, 1);
  assert.ok(session.frames.reduce((n, f) => n + f.hands.length, 0) > HANDS_PER_BLOCK);
});

test('inThreadBytes: a file up to that size is parsed in the calling thread as one range, with the same session', async () => {
  const path = writeTemp(dir, synthesizedText(3000));
  const size = statSync(path).size;
  const { how, session } = await readBothWays(path, { inThreadBytes: size });
  assert.deepEqual(how, { parallel: true, ranges: 1, inThread: true });
  assert.equal(session.frames.length, 3000);
  // One byte larger than the limit: the workers read it.
  const { how: inWorkers } = await readBothWays(path, { inThreadBytes: size - 1, workers: 2 });
  assertParallel(inWorkers, 2);
  // What the range parser does not take falls back to the sequential reader, with its problem.
  const lines = synthesizedText(800).split('\n');
  lines[400] = lines[400].replace('"hands":[', '"hands":[7,');
  const invalid = writeTemp(dir, lines.join('\n'));
  const { how: fellBack, session: withProblem } = await readBothWays(invalid, { inThreadBytes: Infinity });
  assertFellBack(fellBack, /line \d+ of the range is invalid/);
  assert.equal(withProblem.problems[0].line, 401);
});

test('a file below the size threshold is read sequentially', async () => {
  const path = writeTemp(dir, synthesizedText(200));
  const taken: SessionReadPath[] = [];
  await readLandmarksSessionInParallel(path, { onReadPath: (how) => taken.push(how) });
  assertFellBack(taken[0], /small file/);
});

test('workers reading small chunks (lines longer than a chunk, multi-byte text) give the same session', async () => {
  const lines = synthesizedText(300).split('\n');
  lines.splice(100, 0, '{"type":"label","t0":0,"t1":1,"text":"Ä€ 手話 😀 \\u00e9"}', '{"type":"reply","t":3333,"reply":{"note":"ünïcödé ✓"}}');
  lines.splice(200, 0, '', '\r', '  ');
  const path = writeTemp(dir, lines.join('\r\n'));
  for (const chunkBytes of [5, 1000, 64 * 1024]) {
    const { how, session } = await readBothWays(path, { workers: 3, chunkBytes });
    assertParallel(how, 3);
    assert.equal(session.frames.length, 300);
    assert.ok(session.labels.some((l) => l.text === 'Ä€ 手話 😀 \u00e9'));
  }
  const { how } = await readBothWays(path, { workers: 2, chunkBytes: 64, maxLineBytes: 300 });
  assertFellBack(how, /longer than 300 bytes/);
});

test('CRLF line endings take the parallel path and give the same session', async () => {
  const path = writeTemp(dir, synthesizedText(1500).replace(/\n/g, '\r\n'));
  const { how, session } = await readBothWays(path, { workers: 3 });
  assertParallel(how, 3);
  assert.equal(session.frames.length, 1500);
});

test('a complete last line without a newline takes the parallel path', async () => {
  const path = writeTemp(dir, synthesizedText(800).replace(/\n$/, ''));
  const { how, session } = await readBothWays(path);
  assertParallel(how, 2);
  assert.equal(session.frames.length, 800);
});

test('a file without a header falls back and gets the note', async () => {
  const path = writeTemp(dir, synthesizedText(800).replace(/^.*\n/, ''));
  const { how, session } = await readBothWays(path);
  assertFellBack(how, /no header/);
  assert.match(session.notes![0].message, /no header line/);
});

test('a last line cut mid-way falls back and gets the truncation problem', async () => {
  const text = synthesizedText(800).replace(/\n$/, '');
  const lastLineStart = text.lastIndexOf('\n') + 1;
  const path = writeTemp(dir, text.slice(0, lastLineStart + Math.floor((text.length - lastLineStart) / 2)));
  const { how, session } = await readBothWays(path);
  assertFellBack(how, /range 2: .*not JSON/);
  assert.equal(session.problems.length, 1);
  assert.match(session.problems[0].message, /truncated JSON/);
});

test('an invalid line in the second half falls back and gets the problem', async () => {
  const lines = synthesizedText(800).split('\n');
  const at = Math.floor(lines.length * 0.75);
  lines[at] = lines[at].replace('"hands":[', '"hands":[7,');
  const path = writeTemp(dir, lines.join('\n'));
  const { how, session } = await readBothWays(path);
  assertFellBack(how, /range 2: line \d+ of the range is invalid/);
  assert.equal(session.problems.length, 1);
  assert.equal(session.problems[0].line, at + 1);
});

test('time going backwards inside a range falls back', async () => {
  const lines = [HEADER, ...Array.from({ length: 40 }, (_, k) => frameLine(10000 + k * 33))];
  lines[10] = frameLine(10000);
  const { how, session } = await readBothWays(writeTemp(dir, lines.join('\n') + '\n'));
  assertFellBack(how, /range 1: time goes backwards/);
  assert.match(session.problems[0].message, /time goes backwards/);
});

/** Header and 60 frames of equal length; the line that starts range 2 of 2 and the file's path. */
async function fileSplitAtAFrame(firstOfRange2Time: (previous: number) => number): Promise<{ path: string; line: number }> {
  const lines = [HEADER, ...Array.from({ length: 60 }, (_, k) => frameLine(10000 + k * 33))];
  const text = lines.join('\n') + '\n';
  const probe = writeTemp(dir, text);
  const [, second] = await splitAtLineStarts(probe, statSync(probe).size, 2);
  const index = text.slice(0, second.start).split('\n').length - 1; // 0-based line that starts range 2
  assert.ok(index > 1 && index < lines.length - 1);
  lines[index] = frameLine(firstOfRange2Time(10000 + (index - 2) * 33));
  const path = writeTemp(dir, lines.join('\n') + '\n');
  assert.equal(statSync(path).size, statSync(probe).size, 'same width, so the split does not move');
  const [, again] = await splitAtLineStarts(path, statSync(path).size, 2);
  assert.equal(again.start, second.start);
  return { path, line: index + 1 };
}

test('time going backwards exactly where the second range starts falls back', async () => {
  const { path, line } = await fileSplitAtAFrame((previous) => previous - 1);
  const { how, session } = await readBothWays(path);
  assertFellBack(how, /time goes backwards where range 2 starts/);
  assert.equal(session.problems.length, 1);
  assert.equal(session.problems[0].line, line);
});

test('equal times where the second range starts are not backwards', async () => {
  const { path } = await fileSplitAtAFrame((previous) => previous);
  const { how, session } = await readBothWays(path);
  assertParallel(how, 2);
  assert.equal(session.frames.length, 60);
});

test('targets, labels, replies, blank lines and hand variants near every range boundary', async () => {
  // Short lines of every kind, so that with many workers the cuts fall between all of them: ranges that
  // start with a reply (afterFrame from the range before), hold no frame, or only blank lines.
  const lines = [HEADER];
  let t = 0;
  for (let k = 0; k < 24; k++) {
    t += 33;
    if (k % 6 === 0) lines.push(frameLine(t, [handJson(k, { handedness: 'Left' }), handJson(k + 1, { score: 0.5 }), handJson(k + 2)]));
    else if (k % 6 === 3) lines.push(`{"t":${t},"landmarks":${JSON.stringify(JSON.parse(handJson(k)).landmarks)}}`);
    else lines.push(`{"type":"frame","t":${t},"hands":[]}`);
    if (k % 6 === 4) lines.push(`{"t":${t},"landmarks":null}`);
    lines.push(`{"type":"reply","t":${t},"reply":{"maxarg_letter":"A","n":${k}}}`);
    if (k % 4 === 1) lines.push(`{"type":"target","t":${t},"letter":${k % 8 === 1 ? '"B"' : 'null'}}`);
    if (k % 5 === 2) lines.push('', '   ');
    if (k % 3 === 0) lines.push(`{"type":"label","t0":${t - 33},"t1":${t},"text":"L${k}"}`);
  }
  const path = writeTemp(dir, lines.join('\n') + '\n');
  let rangesSeen = 0;
  for (const workers of [2, 3, 5, 16]) {
    const { how, session } = await readBothWays(path, { workers });
    assertParallel(how);
    rangesSeen = Math.max(rangesSeen, (how as { ranges: number }).ranges);
    assert.ok(session.replies!.length === 24 && session.targets.length === 6 && session.labels.length === 8);
  }
  assert.ok(rangesSeen >= 10, `many ranges, got ${rangesSeen}`);
});

test('a file with fewer lines than workers', async () => {
  const two = writeTemp(dir, `${HEADER}\n${frameLine(10000)}\n`);
  const { how, session } = await readBothWays(two, { workers: 8 });
  assertParallel(how);
  assert.equal(session.frames.length, 1);
  const headerOnly = writeTemp(dir, HEADER);
  const second = await readBothWays(headerOnly, { workers: 4 });
  assertParallel(second.how, 1);
  assert.equal(second.session.frames.length, 0);
});

test('a byte order mark, invalid UTF-8, a too long line and a second header fall back', async () => {
  const text = synthesizedText(300);
  const cases: [string, string | Uint8Array, ParallelReadOptions, RegExp][] = [
    ['bom', '\ufeff' + text, {}, /byte order mark/],
    ['utf8', Buffer.concat([Buffer.from(text), Buffer.from([0x7b, 0xff, 0x7d, 0x0a])]), {}, /not valid UTF-8/],
    ['long', text, { maxLineBytes: 500 }, /longer than 500 bytes/],
    ['second header', text + HEADER + '\n', {}, /second header/],
  ];
  for (const [name, content, options, reason] of cases) {
    const { how } = await readBothWays(writeTemp(dir, content), options);
    assertFellBack(how, reason, name);
  }
});

test('empty, blank and missing files reject with the sequential reader\'s SessionError', async () => {
  const cases: [string | undefined, string][] = [
    ['', 'empty'],
    ['\n \n\n', 'empty'],
    [undefined, 'not-found'],
  ];
  for (const [content, code] of cases) {
    const path = content === undefined ? join(dir, 'missing.landmarks.jsonl') : writeTemp(dir, content);
    const sequential = await readLandmarksSession(path).then(
      () => assert.fail('sequential read should reject'),
      (err: unknown) => err,
    );
    assert.ok(sequential instanceof SessionError);
    assert.equal(sequential.code, code);
    await assert.rejects(readLandmarksSessionInParallel(path, { minParallelBytes: 0 }), (err: unknown) => {
      assert.ok(err instanceof SessionError);
      assert.equal(err.code, sequential.code);
      assert.equal(err.message, sequential.message);
      return true;
    });
  }
});

test('a missing worker script, or one that fails to start, falls back to the sequential read', async () => {
  const path = writeTemp(dir, synthesizedText(500));
  const missing = await readBothWays(path, { workerScript: join(dir, 'no-such-dir', 'sessionreader.js') });
  assertFellBack(missing.how, /worker script .* was not found/);
  assert.equal(missing.session.frames.length, 500);

  const broken = writeTemp(dir, 'throw new Error("broken worker bundle");\n', 'broken-sessionreader.js');
  const failed = await readBothWays(path, { workerScript: broken });
  assertFellBack(failed.how, /worker \d failed \(broken worker bundle\)/);

  const silent = writeTemp(dir, 'process.exit(3);\n', 'silent-sessionreader.js');
  const exited = await readBothWays(path, { workerScript: silent });
  assertFellBack(exited.how, /exited with code 3 before answering/);
});

test('landmarks of the parallel read are views into shared buffers holding the file\'s values', async () => {
  const path = join(repoRoot(), 'samples', 'hello-world.landmarks.jsonl');
  const session = await readLandmarksSessionInParallel(path, { minParallelBytes: 0, workers: 2 });
  const withHands = sessionFrames(session).filter((f) => f.hands.length > 0);
  const first = withHands[0].hands[0].landmarks;
  assert.equal(first.length, 63);
  assert.ok(first.buffer.byteLength > 63 * 8, 'a view, not its own copy');
  const firstFrameLine = readFileSync(path, 'utf8').split('\n')[withHands[0].line! - 1];
  assert.deepEqual(Array.from(first.subarray(0, 3)), JSON.parse(firstFrameLine).hands[0].landmarks[0]);
});

/** Nice values of this process's threads other than the main one (Linux; empty elsewhere). */
function workerThreadNiceness(): number[] {
  try {
    return readdirSync('/proc/self/task')
      .filter((tid) => Number(tid) !== process.pid)
      .map((tid) => {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        // Field 19 of stat(5) is the nice value; the fields after the command name start at field 3.
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
  } catch {
    return [];
  }
}

test('parserNiceness: the parser threads run at that niceness (Linux) and the session is the same', async () => {
  const path = writeTemp(dir, synthesizedText(20_000), 'niced.landmarks.jsonl');
  const seen = new Set<number>();
  const poll = setInterval(() => workerThreadNiceness().forEach((n) => seen.add(n)), 1);
  let how: SessionReadPath;
  try {
    ({ how } = await readBothWays(path, { parserNiceness: 7 }));
  } finally {
    clearInterval(poll);
  }
  assertParallel(how, 2);
  if (process.platform === 'linux') assert.ok(seen.has(7), `no thread seen at niceness 7 (seen: ${[...seen].join(', ')})`);
});

test('the pipeline reads a session held in columns as it reads frame objects, building none', async () => {
  const { session: made } = synthesizeFingerspelling('COLUMNS AT WORK', { seed: 9, practice: true });
  assert.ok(made.targets.length > 3 && made.frames.some((f) => f.hands.length === 0), 'targets and frames without a hand');
  const path = writeTemp(dir, [...serializeSession(made)].join('\n') + '\n', 'columns.landmarks.jsonl');
  const columns = await readLandmarksSessionInParallel(path, { minParallelBytes: 0, workers: 2 });
  const objects = await readLandmarksSession(path);
  assert.ok(frameColumnsOf(columns));
  const windowsOf = () => {
    const seen: Float32Array[] = [];
    const model: ModelRunner = {
      classCount: 29,
      run: async (batch, count) => {
        const length = batch.length / count;
        for (let i = 0; i < count; i++) seen.push(batch.slice(i * length, (i + 1) * length));
        // Outputs that depend on the window, so the reply stage's results do too.
        return Float32Array.from({ length: count * 29 }, (_, k) => batch[Math.floor(k / 29) * length + (k % 29) * 7]);
      },
    };
    return { seen, model };
  };
  const a = windowsOf();
  const b = windowsOf();
  const fromColumns = await replaySession(columns, BACKEND_DEFAULT_PROFILE, a.model, { batchSize: 13 });
  const fromObjects = await replaySession(objects, BACKEND_DEFAULT_PROFILE, b.model, { batchSize: 13 });
  assert.ok(a.seen.length > 100);
  assert.deepEqual(a.seen, b.seen, 'the same windows');
  assert.deepEqual(fromColumns, fromObjects, 'the same results');
  const out = new Float32Array(32 * 63);
  const expected = new Float32Array(32 * 63);
  for (let f = 0; f < objects.frames.length; f += 7) {
    assert.equal(windowEndingAt(columns, BACKEND_DEFAULT_PROFILE, f, out, 0), windowEndingAt(objects, BACKEND_DEFAULT_PROFILE, f, expected, 0), `frame ${f}`);
    assert.deepEqual(out, expected, `frame ${f}: window`);
  }
  assert.equal(framesBuilt(columns), false, 'the pipeline read the columns only');
});
