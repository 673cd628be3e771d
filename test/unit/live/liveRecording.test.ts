import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveClientSession, type LiveReply } from '../../../src/core/live/liveClientSession';
import { LiveSessionRecorder, OpeningRecordSink } from '../../../src/core/live/liveSessionRecorder';
import { LivePipeline } from '../../../src/core/pipeline/livePipeline';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import type { ReplayResult } from '../../../src/core/pipeline/types';
import { readSession } from '../../../src/core/session/readSession';
import { SessionImages } from '../../../src/core/session/sessionImages';
import { ManualClock, PROFILE, SteeredModel, handFor } from './liveTestKit';
import { sessionFrames } from '../../../src/core/session/frameColumns';

/** A seeded generator, so the stream is the same on every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Replies a replay sends, in order: each target change's default reply before its frame, then sent frames. */
function sentByReplay(result: ReplayResult): LiveReply[] {
  const out: LiveReply[] = [];
  let ti = 0;
  const targets = result.targetChanges;
  for (const frame of result.frames) {
    while (ti < targets.length && targets[ti].beforeFrame <= frame.frame) out.push(targets[ti++].response);
    if (frame.sent && frame.response) out.push(frame.response);
  }
  while (ti < targets.length) out.push(targets[ti++].response);
  return out.map((r) => ({ ...r }));
}

test('a live recording replays to exactly the replies sent live (wall-clock throttle = recorded times)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-rec-'));
  try {
    const model = new SteeredModel();
    const clock = new ManualClock();
    clock.now = 5_000_000; // a wall clock far from 0: the recording shifts it to 0
    const sent: LiveReply[] = [];
    const session = new LiveClientSession({
      pipeline: new LivePipeline(PROFILE, model),
      send: (r) => sent.push(r),
      clock: clock.read,
    });
    const file = join(dir, 'live.landmarks.jsonl');
    const recorder = await LiveSessionRecorder.create(file, { source: 'unit test' });
    session.startRecording(recorder);

    const random = lcg(7);
    let letter = 1;
    let gate: ReturnType<SteeredModel['hold']> | null = null;
    for (let i = 0; i < 400; i++) {
      // Irregular arrival (20-140 ms): some replies fall inside the 75 ms throttle, some outside.
      clock.now += 20 + Math.floor(random() * 120);
      if (i % 37 === 36) letter = (letter + 5) % 26;
      if (i === 150 || i === 300) session.receive(JSON.stringify({ new_word_letter: 'DHK'[i / 150] }));
      const message = i % 23 === 22 ? { landmarks: null } : { landmarks: handFor(letter, random() * 0.01) };
      // Frames 200-209 arrive while the model is slow: the newest waiting frame wins, the rest are dropped.
      if (i === 200) gate = model.hold();
      session.receive(JSON.stringify(message));
      if (gate && i === 209) {
        model.open();
        gate.release();
        gate = null;
      }
      if (!gate) await session.idle();
      else await new Promise((r) => setImmediate(r));
    }
    await session.idle();
    await recorder.close();

    assert.ok(session.meter.dropped > 0, 'the slow stretch dropped frames');
    const liveReplies = sent.filter((r) => !('error' in r));
    assert.equal(liveReplies.length, sent.length, 'no errors in this stream');
    assert.ok(session.meter.repliesThrottled > 0, 'some replies were throttled');

    const recorded = await readSession(file);
    assert.deepEqual(recorded.problems, []);
    assert.equal(sessionFrames(recorded).length, session.meter.processed, 'processed frames are recorded, dropped ones are not');
    assert.equal(sessionFrames(recorded)[0].t, 0);
    assert.deepEqual((recorded.replies ?? []).map((r) => r.reply), liveReplies, 'every sent reply is in the file');

    const replay = await replaySession(recorded, PROFILE, new SteeredModel());
    assert.deepEqual(sentByReplay(replay), liveReplies);
    const text = readFileSync(file, 'utf8').trim().split('\n');
    assert.match(text[0], /"recordedLive":true/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a recording started mid-stream writes the target in force and the frames since the reset first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-rec-'));
  try {
    const clock = new ManualClock();
    const session = new LiveClientSession({
      pipeline: new LivePipeline(PROFILE, new SteeredModel()),
      send: () => undefined,
      clock: clock.read,
    });
    session.receive('{"new_word_letter": "F"}');
    for (let i = 0; i < 100; i++) {
      clock.now += 100;
      session.receive(JSON.stringify({ landmarks: handFor(5) }));
      await session.idle();
    }
    const file = join(dir, 'mid.landmarks.jsonl');
    const recorder = await LiveSessionRecorder.create(file, { source: 'unit test' });
    session.startRecording(recorder);
    for (let i = 0; i < 10; i++) {
      clock.now += 100;
      session.receive(JSON.stringify({ landmarks: handFor(5) }));
      await session.idle();
    }
    session.stopRecording();
    clock.now += 100;
    session.receive(JSON.stringify({ landmarks: handFor(5) }));
    await session.idle();
    await recorder.close();
    const recorded = await readSession(file);
    assert.deepEqual(recorded.targets.map((t) => [t.letter, t.beforeFrame]), [['F', 0]]);
    assert.equal(sessionFrames(recorded).length, 64 + 10, '64 frames of pre-roll, 10 recorded, none after stop');
    const replay = await replaySession(recorded, PROFILE, new SteeredModel());
    // With the pre-roll the replay's windows are full again when the recording proper starts.
    const last = replay.frames[replay.frames.length - 1];
    assert.equal(last.status, 'ready');
    assert.equal(last.target, 'F');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a recording sink takes calls before its file is open, and reports a file it cannot create', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-rec-'));
  try {
    const file = join(dir, 'early.landmarks.jsonl');
    const sink = new OpeningRecordSink(file, { source: 'unit test' });
    // Synchronously, before the writer has opened the file.
    sink.target(1000, 'B');
    sink.reply(1000, { maxarg_letter: 'A', target_arg_prob: 0 });
    sink.frame(1100, Float64Array.from(handFor(1).flat()));
    sink.frame(1200, null);
    await sink.close();
    const session = await readSession(file);
    assert.deepEqual(session.problems, []);
    assert.deepEqual(session.targets.map((t) => [t.t, t.letter, t.beforeFrame]), [[0, 'B', 0]]);
    assert.deepEqual(sessionFrames(session).map((f) => [f.t, f.hands.length]), [[100, 1], [200, 0]]);
    assert.deepEqual(session.replies?.map((r) => r.reply), [{ maxarg_letter: 'A', target_arg_prob: 0 }]);

    const missing = join(dir, 'no-such-folder', 'x.landmarks.jsonl');
    const broken = new OpeningRecordSink(missing, { source: 'unit test' });
    broken.frame(0, null);
    await assert.rejects(broken.close(), (err: Error) => {
      assert.equal(err.message, `${missing}: cannot create the file: its folder does not exist`);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a sink with images 'if-camera' keeps a camera client's images and makes no images folder for a landmark client", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-rec-'));
  try {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
    const camera = new OpeningRecordSink(join(dir, 'camera.landmarks.jsonl'), { source: 'unit test' }, { images: 'if-camera' });
    camera.target(500, 'C');
    camera.frame(1000, Float64Array.from(handFor(2).flat()), jpeg);
    // A frame whose bytes did not decode: its line is kept, without an image.
    camera.frame(1100, null, new Uint8Array([1, 2, 3]));
    await camera.close();
    const recorded = await readSession(join(dir, 'camera.landmarks.jsonl'));
    assert.deepEqual(recorded.problems, []);
    assert.equal(recorded.header.images, 'camera.images');
    assert.deepEqual(recorded.targets.map((t) => [t.t, t.letter]), [[0, 'C']]);
    const images = await SessionImages.open(join(dir, 'camera.landmarks.jsonl'), recorded.header);
    assert.ok(images);
    assert.equal(images.problem, null);
    assert.deepEqual([images.count, images.has(0), images.has(1)], [1, true, false]);
    assert.deepEqual(await images.read(0), { bytes: jpeg, type: 'jpeg' });

    const landmarks = new OpeningRecordSink(join(dir, 'landmarks.landmarks.jsonl'), { source: 'unit test' }, { images: 'if-camera' });
    landmarks.frame(0, Float64Array.from(handFor(1).flat()));
    await landmarks.close();
    assert.equal((await readSession(join(dir, 'landmarks.landmarks.jsonl'))).header.images, undefined);
    assert.equal(existsSync(join(dir, 'landmarks.images')), false);

    // No frame at all: the file is made at close, with the target, and no images.
    const quiet = new OpeningRecordSink(join(dir, 'quiet.landmarks.jsonl'), { source: 'unit test' }, { images: 'if-camera' });
    quiet.target(0, 'D');
    await quiet.close();
    const q = await readSession(join(dir, 'quiet.landmarks.jsonl'));
    assert.deepEqual([sessionFrames(q).length, q.targets.map((t) => t.letter), q.header.images], [0, ['D'], undefined]);
    assert.equal(existsSync(join(dir, 'quiet.images')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
