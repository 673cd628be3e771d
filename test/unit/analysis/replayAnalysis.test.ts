import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BACKEND_DEFAULT_PROFILE, type PipelineProfile } from '../../../src/core/model/profile';
import type { Session, SessionFrame } from '../../../src/core/session/types';
import type { FrameResult, ModelRunner } from '../../../src/core/pipeline/types';
import { BATCHES_IN_FLIGHT, replaySession } from '../../../src/core/pipeline/replaySession';
import { ReplayAnalysis } from '../../../src/analysis/replayAnalysis';
import { ResultsCache } from '../../../src/analysis/resultsCache';
import { resultsCacheKey } from '../../../src/analysis/cacheKey';
import { nearestPending } from '../../../src/analysis/playheadOrder';
import { finalResultsInChunks, finalResultsMessage } from '../../../src/replayworker/resultsMessages';
import { decodeResultsFromCache, encodeResultsForCache, encodeResultsForCacheInSteps, openResultsEntry, openResultsEntryFile, replayOfEntry } from '../../../src/analysis/resultsCodec';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const profile: PipelineProfile = { ...BACKEND_DEFAULT_PROFILE, labels: [...BACKEND_DEFAULT_PROFILE.labels] };

/** A session whose hand drifts over time, with gaps (no hand) and two target changes. */
function makeSession(frameCount: number): Pick<Session, 'frames' | 'targets'> {
  const frames: SessionFrame[] = [];
  for (let i = 0; i < frameCount; i++) {
    const noHand = i % 37 === 20 || (i >= 90 && i < 95);
    const landmarks = new Float64Array(63);
    for (let v = 0; v < 63; v++) landmarks[v] = 0.5 + 0.3 * Math.sin(i * 0.05 + v * 0.7) * (v % 3 === 2 ? 0.1 : 1);
    frames.push({ index: i, t: i * 33.3, hands: noHand ? [] : [{ landmarks }] });
  }
  return {
    frames,
    targets: [
      { t: 40 * 33.3, letter: 'B', beforeFrame: 40 },
      { t: 150 * 33.3, letter: null, beforeFrame: 150 },
    ],
  };
}

/** A deterministic model: logits depend on the window's contents, so misplaced outputs would show. */
class SumModel implements ModelRunner {
  readonly classCount = 29;
  calls: number[] = [];
  batches: Float32Array[] = [];
  async run(windows: Float32Array, count: number): Promise<Float32Array> {
    this.calls.push(count);
    this.batches.push(windows.slice());
    const length = windows.length / count;
    const out = new Float32Array(count * this.classCount);
    for (let w = 0; w < count; w++) {
      let s = 0;
      for (let i = 0; i < length; i += 7) s += windows[w * length + i] * ((i % 11) - 5);
      for (let c = 0; c < this.classCount; c++) out[w * this.classCount + c] = Math.sin(s * 3 + c * 1.3) * 4;
    }
    return out;
  }
}

/** One letter's logit dominates, picked by a point of the window's last frame that drifts slowly: the decoder emits letters. */
class LetterModel implements ModelRunner {
  readonly classCount = 29;
  async run(windows: Float32Array, count: number): Promise<Float32Array> {
    const length = windows.length / count;
    const out = new Float32Array(count * this.classCount);
    for (let w = 0; w < count; w++) out[w * this.classCount + (Math.floor(Math.abs(windows[(w + 1) * length - 60]) * 3) % 26)] = 20;
    return out;
  }
}

function comparable(frames: readonly FrameResult[]) {
  return frames.map((f) => ({ ...f, probs: f.probs && Array.from(f.probs), smoothed: f.smoothed && Array.from(f.smoothed) }));
}

test('nearestPending walks outwards from the playhead, skipping done windows, later frame on ties', () => {
  const frames = [31, 32, 33, 34, 35, 40, 41];
  const done = new Uint8Array(frames.length);
  assert.deepEqual(nearestPending(frames, done, 34, 3), [3, 4, 2]);
  done[3] = 1;
  done[4] = 1;
  assert.deepEqual(nearestPending(frames, done, 34, 4), [2, 1, 0, 5]);
  assert.deepEqual(nearestPending(frames, done, 1000, 2), [6, 5]);
  assert.deepEqual(nearestPending(frames, new Uint8Array(7).fill(1), 34, 2), []);
});

test('analysis around the playhead gives exactly the results of a plain replay', async () => {
  const session = makeSession(240);
  const expected = await replaySession(session, profile, new SumModel());
  for (const playhead of [0, 120, 239]) {
    const model = new SumModel();
    const analysis = new ReplayAnalysis({ session, profile, runner: model, batchSize: 16, finalChunk: 50 });
    analysis.setPlayhead(playhead);
    const provisional: FrameResult[] = [];
    const finals: FrameResult[] = [];
    const outcome = await analysis.run({
      targets: () => undefined,
      provisional: (f) => provisional.push(...f),
      final: (f) => {
        assert.equal(f[0].frame, finals.length, 'final chunks arrive in session order');
        finals.push(...f);
      },
      progress: () => undefined,
    });
    assert.deepEqual(comparable(replayOfEntry(outcome.result).frames), comparable(expected.frames), `playhead ${playhead}`);
    assert.deepEqual(outcome.result.targetChanges, expected.targetChanges);
    assert.equal(outcome.result.windows, expected.windows);
    assert.deepEqual(comparable(finals), comparable(expected.frames));
    assert.equal(outcome.fromCache, false);
    assert.ok(model.calls.every((n) => n <= 16));
    assert.equal(model.calls.reduce((a, b) => a + b, 0), expected.windows, 'each window is inferred once');
    // Provisional distributions are the final ones, for every window.
    assert.equal(provisional.length, expected.windows);
    for (const p of provisional) {
      const e = expected.frames[p.frame];
      assert.deepEqual(Array.from(p.probs!), Array.from(e.probs!));
      // Status, fills, target and time are final too (from the dry run's columns or windowFrameState).
      assert.deepEqual([p.t, p.status, p.bufferFill, p.smoothingFill, p.target], [e.t, e.status, e.bufferFill, e.smoothingFill, e.target], `frame ${p.frame}`);
    }
    // The first batch holds the windows nearest the playhead.
    const firstBatch = provisional.slice(0, 16).map((p) => Math.abs(p.frame - playhead));
    const rest = provisional.slice(16).map((p) => Math.abs(p.frame - playhead));
    assert.ok(Math.max(...firstBatch) <= Math.min(...rest), `playhead ${playhead}: first batch is nearest`);
  }
});

test('a whole-session analysis without provisional results gives the same final results and progress', async () => {
  const session = makeSession(240);
  const expected = await replaySession(session, profile, new SumModel());
  const model = new SumModel();
  const analysis = new ReplayAnalysis({ session, profile, runner: model, batchSize: 16, finalChunk: 50, wholeSession: true, provisional: false });
  const finals: FrameResult[] = [];
  const progress: number[] = [];
  let provisionalCalls = 0;
  const outcome = await analysis.run({
    targets: () => undefined,
    provisional: () => provisionalCalls++,
    final: (f) => finals.push(...f),
    progress: (done, total) => {
      assert.equal(total, 240);
      progress.push(done);
    },
  });
  assert.equal(provisionalCalls, 0);
  assert.deepEqual(comparable(finals), comparable(expected.frames));
  assert.deepEqual(comparable(replayOfEntry(outcome.result).frames), comparable(expected.frames));
  assert.equal(model.calls.reduce((a, b) => a + b, 0), expected.windows, 'each window is inferred once');
  assert.ok(progress.length > 2 && progress.at(-1) === 240, `progress ${progress.join(', ')}`);
});

test('batches run two at a time, answered in any order, give exactly the results of one at a time', async () => {
  const session = makeSession(400);
  const expected = await replaySession(session, profile, new SumModel(), { batchSize: 1 });
  let seed = 5;
  /** SumModel's answers after a random delay, so that a later batch is often answered first. */
  class SlowModel extends SumModel {
    inFlight = 0;
    mostInFlight = 0;
    override async run(windows: Float32Array, count: number): Promise<Float32Array> {
      const input = windows.slice();
      this.mostInFlight = Math.max(this.mostInFlight, ++this.inFlight);
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      await new Promise((r) => setTimeout(r, seed % 7));
      // The caller must leave a batch's windows alone until it is answered.
      assert.deepEqual(windows, input, 'the windows of a batch in flight were overwritten');
      this.inFlight--;
      return super.run(windows, count);
    }
  }
  const replayModel = new SlowModel();
  const replayed = await replaySession(session, profile, replayModel, { batchSize: 16 });
  assert.equal(replayModel.mostInFlight, BATCHES_IN_FLIGHT);
  assert.deepEqual(comparable(replayed.frames), comparable(expected.frames));
  assert.deepEqual(replayed.targetChanges, expected.targetChanges);

  const analysisModel = new SlowModel();
  const analysis = new ReplayAnalysis({ session, profile, runner: analysisModel, batchSize: 16, firstBatch: 8 });
  analysis.setPlayhead(200);
  const outcome = await analysis.run({ targets: () => undefined, provisional: () => undefined, final: () => undefined, progress: () => undefined });
  assert.equal(analysisModel.mostInFlight, BATCHES_IN_FLIGHT);
  assert.deepEqual(comparable(replayOfEntry(outcome.result).frames), comparable(expected.frames));
  assert.equal(analysisModel.calls.reduce((a, b) => a + b, 0), expected.windows, 'each window is inferred once');
});

test('moving the playhead during analysis reorders the remaining windows', async () => {
  const session = makeSession(300);
  const model = new SumModel();
  const analysis = new ReplayAnalysis({ session, profile, runner: model, batchSize: 10 });
  analysis.setPlayhead(0);
  const batches: number[][] = [];
  await analysis.run({
    targets: () => undefined,
    provisional: (f) => {
      batches.push(f.map((r) => r.frame));
      if (batches.length === 1) analysis.setPlayhead(250);
    },
    final: () => undefined,
    progress: () => undefined,
  });
  const windowFrames = (await replaySession(session, profile, new SumModel())).frames
    .filter((f) => f.probs !== null)
    .map((f) => f.frame);
  assert.deepEqual(batches[0], windowFrames.slice(0, 10), 'first batch: the earliest windows');
  // Ties go to the later frame (playback moves forward).
  const nearest250 = [...windowFrames].sort((a, b) => Math.abs(a - 250) - Math.abs(b - 250) || b - a).slice(0, 10);
  assert.deepEqual(batches[1], nearest250.sort((a, b) => a - b), 'second batch: the windows nearest frame 250');
});

test('a second analysis of the same inputs comes from the disk cache without model calls', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-cache-'));
  try {
    const session = makeSession(120);
    const store = new ResultsCache(dir);
    const key = resultsCacheKey('model-hash', profile, 'session-hash');
    const first = await new ReplayAnalysis({ session, profile, runner: new SumModel(), cache: { store, key } }).run({
      targets: () => undefined,
      provisional: () => undefined,
      final: () => undefined,
      progress: () => undefined,
    });
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.llr')).length, 1);
    const model = new SumModel();
    const progress: Array<[number, number]> = [];
    const second = await new ReplayAnalysis({ session, profile, runner: model, cache: { store, key } }).run({
      targets: () => undefined,
      provisional: () => assert.fail('no provisional results from the cache'),
      final: () => undefined,
      progress: (d, t) => progress.push([d, t]),
    });
    assert.equal(second.fromCache, true);
    assert.equal(model.calls.length, 0);
    assert.deepEqual(comparable(replayOfEntry(second.result).frames), comparable(replayOfEntry(first.result).frames));
    assert.deepEqual(second.result.targetChanges, first.result.targetChanges);
    assert.deepEqual(progress.at(-1), [120, 120]);
    // Another profile is another key.
    assert.notEqual(resultsCacheKey('model-hash', { ...profile, smoothingWindow: 3 }, 'session-hash'), key);
    // A damaged entry is ignored (and removed) rather than trusted.
    writeFileSync(join(dir, `${key}.llr`), 'LLR1garbage');
    assert.equal(await store.open(key), undefined);
    assert.equal(readdirSync(dir).filter((n) => n.endsWith('.llr')).length, 0, 'the damaged entry is removed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a model failure stops the analysis with the model error', async () => {
  const session = makeSession(80);
  const failing: ModelRunner = {
    classCount: 29,
    run: async () => {
      throw new Error('model host: the model file is not a valid ONNX model');
    },
  };
  await assert.rejects(
    new ReplayAnalysis({ session, profile, runner: failing }).run({
      targets: () => undefined,
      provisional: () => undefined,
      final: () => undefined,
      progress: () => undefined,
    }),
    /not a valid ONNX model/,
  );
});

test('the window pass records every window exactly, one row per buffered frame', async () => {
  const { WindowRecorder } = await import('../../../src/analysis/windowRecorder');
  const { WindowStates } = await import('../../../src/analysis/windowStates');
  const { listWindows } = await import('../../../src/analysis/windowPass');
  const session = makeSession(400);
  for (const windowSize of [32, 4, 1]) {
    const p: PipelineProfile = { ...profile, windowSize };
    const naive: Float32Array[] = [];
    await replaySession(session, p, {
      classCount: 29,
      run: async (windows, count) => {
        const length = windows.length / count;
        for (let i = 0; i < count; i++) naive.push(windows.slice(i * length, (i + 1) * length));
        return new Float32Array(count * 29);
      },
    });
    const recorder = new WindowRecorder(windowSize);
    await listWindows(session, p, recorder, new WindowStates(sessionFrames(session).length), { batchSize: 50 });
    assert.equal(recorder.windowCount, naive.length, `window ${windowSize}`);
    const out = new Float32Array(windowSize * 63 + 5);
    naive.forEach((w, k) => {
      recorder.copyWindow(k, out, 5);
      assert.deepEqual(out.subarray(5), w, `window ${windowSize}: window ${k}`);
    });
    // Each gap or target change starts a new run of windows; within a run a window adds one row.
    const runs = 1 + naive.filter((w, k) => k > 0 && !sameRows(naive[k - 1], w, windowSize)).length;
    assert.equal(recorder.storedRows, naive.length + runs * (windowSize - 1), `window ${windowSize}: rows stored`);
    if (windowSize > 1) assert.ok(runs > 1, `window ${windowSize}: the target changes break the sliding`);
  }
});

function sameRows(previous: Float32Array, next: Float32Array, windowSize: number): boolean {
  const length = (windowSize - 1) * 63;
  for (let i = 0; i < length; i++) if (!Object.is(previous[63 + i], next[i])) return false;
  return true;
}

test('an empty session (or one too short for a window) completes with its progress reported', async () => {
  for (const frames of [0, 10]) {
    const progress: Array<[number, number]> = [];
    const finals: FrameResult[] = [];
    const model = new SumModel();
    const outcome = await new ReplayAnalysis({ session: makeSession(frames), profile, runner: model }).run({
      targets: () => undefined,
      provisional: () => assert.fail('no windows, so nothing provisional'),
      final: (f) => finals.push(...f),
      progress: (d, t) => progress.push([d, t]),
    });
    assert.equal(outcome.result.count, frames);
    assert.equal(finals.length, frames);
    assert.equal(model.calls.length, 0);
    assert.deepEqual(progress.at(-1), [frames, frames]);
  }
});

test('the first batch near the playhead comes before the dry run, its state as the final results say', async () => {
  const session = makeSession(300);
  const expected = await replaySession(session, profile, new SumModel());
  // Playheads near a target change (40, 150), inside a no-hand gap (92) and at the start of smoothing.
  for (const playhead of [0, 41, 75, 92, 152, 299]) {
    let targetsSeen = false;
    const firstBatches: FrameResult[][] = [];
    const analysis = new ReplayAnalysis({ session, profile, runner: new SumModel(), batchSize: 8 });
    analysis.setPlayhead(playhead);
    const outcome = await analysis.run({
      targets: () => {
        targetsSeen = true;
      },
      provisional: (f) => {
        if (!targetsSeen) firstBatches.push(f);
      },
      final: () => undefined,
      progress: () => undefined,
    });
    assert.equal(firstBatches.length, 1, `playhead ${playhead}: one batch before the dry run`);
    const early = firstBatches[0];
    assert.equal(early.length, 8);
    const windowFrames = expected.frames.filter((f) => f.probs !== null).map((f) => f.frame);
    const nearest = [...windowFrames].sort((a, b) => Math.abs(a - playhead) - Math.abs(b - playhead) || b - a).slice(0, 8);
    assert.deepEqual(early.map((f) => f.frame), nearest.sort((a, b) => a - b), `playhead ${playhead}: the nearest windows`);
    for (const f of early) {
      const e = expected.frames[f.frame];
      assert.deepEqual(
        { status: f.status, bufferFill: f.bufferFill, smoothingFill: f.smoothingFill, target: f.target, t: f.t },
        { status: e.status, bufferFill: e.bufferFill, smoothingFill: e.smoothingFill, target: e.target, t: e.t },
        `playhead ${playhead}, frame ${f.frame}`,
      );
      assert.deepEqual(Array.from(f.probs!), Array.from(e.probs!));
    }
    assert.deepEqual(comparable(replayOfEntry(outcome.result).frames), comparable(expected.frames), `playhead ${playhead}`);
  }
});

/** Counts event-loop turns (setImmediate callbacks) until stopped: code that never yields sees none. */
function countTurns(): { readonly turns: number; stop(): void } {
  let turns = 0;
  let handle: NodeJS.Immediate;
  const tick = () => {
    turns++;
    handle = setImmediate(tick);
  };
  handle = setImmediate(tick);
  return {
    get turns() {
      return turns;
    },
    stop: () => clearImmediate(handle),
  };
}

test('results from the cache are handed over chunk by chunk with the event loop running between chunks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-cache-'));
  try {
    const session = makeSession(120);
    const store = new ResultsCache(dir);
    const key = resultsCacheKey('model-hash', profile, 'session-hash');
    const listener = { targets: () => undefined, provisional: () => undefined, final: () => undefined, progress: () => undefined };
    await new ReplayAnalysis({ session, profile, runner: new SumModel(), cache: { store, key } }).run(listener);
    const loop = countTurns();
    const turnsAtChunk: number[] = [];
    const outcome = await new ReplayAnalysis({ session, profile, runner: new SumModel(), cache: { store, key }, cachedChunk: 10 }).run({
      ...listener,
      final: () => turnsAtChunk.push(loop.turns),
    });
    loop.stop();
    assert.equal(outcome.fromCache, true);
    assert.equal(turnsAtChunk.length, 12);
    for (let i = 1; i < turnsAtChunk.length; i++) {
      assert.ok(turnsAtChunk[i] > turnsAtChunk[i - 1], `other work ran between chunks ${i - 1} and ${i}: ${turnsAtChunk.join(',')}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('results from the cache come nearest the playhead first, each chunk with the transcript before it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-cache-'));
  try {
    const session = makeSession(300);
    const store = new ResultsCache(dir);
    const key = resultsCacheKey('model-hash', profile, 'session-hash');
    const expected = await replaySession(session, profile, new LetterModel());
    assert.ok(new Set(expected.frames.map((f) => f.transcript)).size > 2, 'the session emits letters, so transcripts differ between chunks');
    const listener = { targets: () => undefined, provisional: () => undefined, final: () => undefined, progress: () => undefined };
    await new ReplayAnalysis({ session, profile, runner: new LetterModel(), cache: { store, key } }).run(listener);
    const analysis = new ReplayAnalysis({ session, profile, runner: new LetterModel(), cache: { store, key }, cachedChunk: 40 });
    analysis.setPlayhead(170);
    const starts: number[] = [];
    const progress: number[] = [];
    const outcome = await analysis.run({
      ...listener,
      final: (frames, previousTranscript) => {
        starts.push(frames[0].frame);
        assert.equal(previousTranscript, frames[0].frame === 0 ? '' : expected.frames[frames[0].frame - 1].transcript);
        assert.deepEqual(comparable(frames), comparable(expected.frames.slice(frames[0].frame, frames[0].frame + frames.length)));
      },
      progress: (done) => progress.push(done),
    });
    assert.equal(outcome.fromCache, true);
    assert.deepEqual(starts, [160, 200, 120, 240, 80, 280, 40, 0]);
    assert.deepEqual(progress, [40, 80, 120, 160, 200, 220, 260, 300], "the chunk at 280 holds the last 20 frames");
    assert.deepEqual(comparable(replayOfEntry(outcome.result).frames), comparable(expected.frames));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a cache entry read in chunks, in any order, gives the replay frames; a truncated or unaligned entry is handled', async () => {
  const replay = await replaySession(makeSession(1000), profile, new SumModel());
  const bytes = encodeResultsForCache(replay, 29);
  // Chunks of an entry, in any order, are the replay's frames (the cached path decodes chunk by chunk).
  const entry = openResultsEntry(bytes);
  assert.deepEqual(comparable([...entry.frames(500, 1000), ...entry.frames(0, 500)]), comparable([...replay.frames.slice(500), ...replay.frames.slice(0, 500)]));
  assert.equal(entry.transcriptBefore(500), replay.frames[499].transcript);
  assert.deepEqual(entry.targetChanges, replay.targetChanges);
  assert.deepEqual(comparable(decodeResultsFromCache(bytes).frames), comparable(replay.frames));
  assert.throws(() => openResultsEntry(bytes.subarray(0, bytes.length - 4)), /truncated/);
  // Bytes that are not 8-byte aligned in their buffer decode the same (through an aligned copy).
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  assert.deepEqual(comparable(replayOfEntry(openResultsEntry(shifted.subarray(3))).frames), comparable(replay.frames));
});

test("a cache file's distributions are read as frames are asked for, and the file closed once all are read or the entry released", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lens-lazy-cache-'));
  try {
    const replay = await replaySession(makeSession(5000), profile, new SumModel());
    const file = join(dir, 'entry.llr');
    writeFileSync(file, encodeResultsForCache(replay, 29));
    const openFds = () => readdirSync('/proc/self/fd').length;
    const before = openFds();
    const entry = openResultsEntryFile(file);
    assert.equal(openFds(), before + 1, 'open while distributions are unread');
    // Frames from the end first, as a reopen mid-session asks for them.
    assert.deepEqual(comparable(entry.frames(4000, 5000)), comparable(replay.frames.slice(4000)));
    assert.equal(entry.transcriptBefore(4000), replay.frames[3999].transcript);
    assert.deepEqual(comparable(entry.frames(0, 4000)), comparable(replay.frames.slice(0, 4000)));
    assert.equal(openFds(), before, 'closed once every distribution is read');
    assert.deepEqual(comparable(replayOfEntry(entry).frames), comparable(replay.frames));

    const released = openResultsEntryFile(file);
    released.frames(0, 10);
    released.release();
    assert.equal(openFds(), before, 'released: closed');
    assert.throws(() => released.frames(4000, 4010), (error: Error) => error.message.includes(file) && /closed before/.test(error.message));

    writeFileSync(file, readFileSync(file).subarray(0, 4000));
    assert.throws(() => openResultsEntryFile(file), /truncated/);
    assert.equal(openFds(), before, 'a damaged file is not left open');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('known results resent in chunks carry exactly what one message would, in session order', async () => {
  const replay = await replaySession(makeSession(300), profile, new SumModel());
  const labels = profile.labels;
  // From the cache's columns, as the panel holds them after an analysis.
  const messages = [...finalResultsInChunks(openResultsEntry(encodeResultsForCache(replay, 29)), labels, 64)];
  assert.deepEqual(messages.map((m) => [m.start, m.count]), [[0, 64], [64, 64], [128, 64], [192, 64], [256, 44]]);
  const whole = finalResultsMessage(replay.frames, labels, '', replay.targetChanges);
  const per = labels.length;
  for (const m of messages) {
    const part = finalResultsMessage(replay.frames.slice(m.start, m.start + m.count), labels, m.start ? replay.frames[m.start - 1].transcript : '', replay.targetChanges);
    assert.deepEqual(m, part);
    // Every column agrees with the one-message encoding over the same frames (NaN compared as NaN).
    assert.deepEqual(Array.from(m.status), Array.from(whole.status.subarray(m.start, m.start + m.count)));
    assert.deepEqual(Array.from(m.probs!), Array.from(whole.probs!.subarray(m.start * per, (m.start + m.count) * per)));
    assert.deepEqual(Array.from(m.smoothed!), Array.from(whole.smoothed!.subarray(m.start * per, (m.start + m.count) * per)));
  }
  // Transcript changes and target replies: each once, across the chunks, as in the one message.
  const changes = messages.flatMap((m) => m.transcript).sort((a, b) => a.frame - b.frame);
  assert.deepEqual(changes, [...whole.transcript].sort((a, b) => a.frame - b.frame));
  const replies = messages.flatMap((m) => m.targetReplies ?? []).sort((a, b) => a.frame - b.frame);
  assert.deepEqual(replies, whole.targetReplies ?? []);
  assert.equal(replies.length, 2);
  assert.deepEqual([...finalResultsInChunks(openResultsEntry(encodeResultsForCache({ frames: [], targetChanges: [], windows: 0 }, 29)), labels, 64)], []);
});

test('a cache entry encoded in steps is byte for byte the one-go encoding, with the event loop running between steps', async () => {
  const replay = await replaySession(makeSession(1000), profile, new SumModel());
  const loop = countTurns();
  const stepped = await encodeResultsForCacheInSteps(replay, 29, 100);
  loop.stop();
  assert.ok(stepped.equals(encodeResultsForCache(replay, 29)));
  assert.ok(loop.turns >= 9, `the loop turned ${loop.turns} times during the encode`);
});

test('the window pass lists the windows and frame states the whole pipeline gives, whatever the targets and sizes', async () => {
  const { WindowRecorder } = await import('../../../src/analysis/windowRecorder');
  const { WindowStates } = await import('../../../src/analysis/windowStates');
  const { listWindows } = await import('../../../src/analysis/windowPass');
  const base = makeSession(300);
  const sessions: Array<Pick<Session, 'frames' | 'targets'>> = [
    base,
    { frames: base.frames, targets: [] },
    // At the first frame, two at one frame (applied in file order), one after the last frame, out of order.
    {
      frames: base.frames,
      targets: [
        { t: 200 * 33.3, letter: 'C', beforeFrame: 200 },
        { t: 0, letter: 'A', beforeFrame: 0 },
        { t: 60 * 33.3, letter: 'D', beforeFrame: 60 },
        { t: 60 * 33.3, letter: null, beforeFrame: 60 },
        { t: 400 * 33.3, letter: 'E', beforeFrame: 400 },
      ],
    },
  ];
  for (const [n, session] of sessions.entries()) {
    for (const sizes of [{ windowSize: 32, smoothingWindow: 5 }, { windowSize: 4, smoothingWindow: 1 }, { windowSize: 1, smoothingWindow: 9 }]) {
      const p: PipelineProfile = { ...profile, ...sizes };
      const what = `session ${n}, window ${sizes.windowSize}, smoothing ${sizes.smoothingWindow}`;
      const model = new SumModel();
      const expected = await replaySession(session, p, model, { batchSize: 7 });
      const inputs = model.batches.flatMap((b) => Array.from({ length: b.length / (sizes.windowSize * 63) }, (_, i) => b.subarray(i * sizes.windowSize * 63, (i + 1) * sizes.windowSize * 63)));
      const out = new Float32Array(sizes.windowSize * 63);
      // At most 7 windows between two yields to the event loop, and with no time budget one: the same windows.
      for (const stepBudgetMs of [undefined, 0]) {
        const counted = new WindowRecorder(sizes.windowSize);
        const perTurn: number[] = [0];
        const addWindow = counted.addWindow.bind(counted);
        counted.addWindow = () => (perTurn[perTurn.length - 1]++, addWindow());
        let listing = true;
        const turns = () => {
          if (!listing) return;
          perTurn.push(0);
          setImmediate(turns);
        };
        setImmediate(turns);
        await listWindows(session, p, counted, new WindowStates(sessionFrames(session).length), { batchSize: 7, stepBudgetMs });
        listing = false;
        assert.ok(Math.max(...perTurn) <= (stepBudgetMs === 0 ? 1 : 7), `${what}: ${Math.max(...perTurn)} windows in one turn of the event loop`);
        assert.equal(counted.windowCount, expected.windows, what);
        for (let k = 0; k < counted.windowCount; k++) {
          counted.copyWindow(k, out, 0);
          assert.deepEqual(out, inputs[k], `${what}: window ${k} (budget ${stepBudgetMs ?? 'default'})`);
        }
      }
      const recorder = new WindowRecorder(sizes.windowSize);
      const states = new WindowStates(sessionFrames(session).length);
      const targetChanges = await listWindows(session, p, recorder, states, { batchSize: 7 });
      assert.deepEqual(targetChanges, expected.targetChanges, what);
      const windowed = expected.frames.filter((f) => f.probs !== null);
      assert.equal(states.length, windowed.length, what);
      assert.equal(recorder.windowCount, expected.windows, what);
      windowed.forEach((f, k) => {
        assert.deepEqual(states.get(k), { frame: f.frame, t: f.t, status: f.status, bufferFill: f.bufferFill, smoothingFill: f.smoothingFill, target: f.target }, `${what}: window ${k}`);
        recorder.copyWindow(k, out, 0);
        assert.deepEqual(out, inputs[k], `${what}: window ${k}'s values`);
      });
    }
  }
});

test('a session from its snapshot is analysed like the parsed one from its columns, building no frame objects, and served from the cache', async () => {
  const { openSessionSnapshot, encodeSessionSnapshot } = await import('../../../src/analysis/sessionSnapshotCodec');
  const { framesBuilt } = await import('../../../src/core/session/frameColumns');
  const dir = mkdtempSync(join(tmpdir(), 'lens-cache-'));
  try {
    const parsed: Session = { header: { type: 'header', format: 'landmark-session', version: 1, fps: 30 }, labels: [], problems: [], ...makeSession(200) };
    const bytes = await encodeSessionSnapshot(parsed, { path: '/s.landmarks.jsonl', size: 1, mtimeMs: 1, sha256: 'ab' });
    const expected = await replaySession(parsed, profile, new SumModel());
    const store = new ResultsCache(dir);
    const key = resultsCacheKey('model-hash', profile, 'session-hash');
    const listener = { targets: () => undefined, provisional: () => undefined, final: () => undefined, progress: () => undefined };

    writeFileSync(join(dir, 'session.lls'), bytes);
    const fresh = openSessionSnapshot(join(dir, 'session.lls')).session;
    const first = await new ReplayAnalysis({ session: fresh, profile, runner: new SumModel(), cache: { store, key } }).run(listener);
    assert.equal(first.fromCache, false);
    assert.deepEqual(comparable(replayOfEntry(first.result).frames), comparable(expected.frames));
    assert.equal(framesBuilt(fresh), false, 'the analysis read the columns: no frame objects were built');

    const reopened = openSessionSnapshot(join(dir, 'session.lls')).session;
    const second = await new ReplayAnalysis({ session: reopened, profile, runner: new SumModel(), cache: { store, key } }).run(listener);
    assert.equal(second.fromCache, true);
    assert.equal(second.result.count, 200);
    assert.equal(framesBuilt(reopened), false, 'a reopen from the cache needs no frame objects');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
