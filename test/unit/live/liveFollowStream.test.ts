import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveFollowStream } from '../../../src/extension/live/liveFollowStream';
import { LivePipeline } from '../../../src/core/pipeline/livePipeline';
import type { FrameResult } from '../../../src/core/pipeline/types';
import { checkExtensionToWebview, STATUS_BUFFERING, STATUS_NO_HAND, STATUS_READY } from '../../../src/protocol/messages';
import { PROFILE, SteeredModel, handFor } from './liveTestKit';

const flat = (letter: number) => Float64Array.from(handFor(letter).flat());

test('the panel stream appends the followed client frames with results, as valid protocol messages', async () => {
  const pipeline = new LivePipeline(PROFILE, new SteeredModel());
  const other = new LivePipeline(PROFILE, new SteeredModel());
  const stream = new LiveFollowStream(PROFILE.labels);
  const target = await pipeline.setTarget('C', 1000);
  stream.addTarget(7, 1000, 'C', target.response);
  const results: FrameResult[] = [];
  for (let i = 0; i < 40; i++) {
    const t = 1000 + 100 * (i + 1);
    const hand = i === 3 ? null : flat(2);
    const r = await pipeline.push(hand, t);
    results.push(r);
    stream.addFrame(7, hand, r);
    // Another client's frames are not shown while client 7 is followed.
    stream.addFrame(8, flat(4), await other.push(flat(4), t));
    if (i === 19) {
      const [frames, res] = stream.drain();
      assert.equal(frames.type, 'frames');
      assert.equal(res.type, 'results');
      if (frames.type !== 'frames' || res.type !== 'results') return;
      assert.equal(frames.start, 0);
      assert.equal(frames.count, 20);
      assert.deepEqual(frames.targets, [{ frame: 0, t: 0, letter: 'C' }]);
      assert.deepEqual(res.targetReplies, [{ frame: 0, t: 0, reply: { maxarg_letter: 'A', target_arg_prob: 0 } }]);
      assert.equal(frames.t[0], 100, 'times start at the first event of the panel');
      assert.equal(frames.hasHand[3], 0);
      assert.ok(Number.isNaN(frames.landmarks[3 * 63]));
      assert.equal(res.status[3], STATUS_NO_HAND);
      assert.equal(res.status[0], STATUS_BUFFERING);
      for (const m of [frames, res]) assert.equal(checkExtensionToWebview(m).ok, true, JSON.stringify(checkExtensionToWebview(m)));
    }
  }
  const [frames, res] = stream.drain();
  if (frames.type !== 'frames' || res.type !== 'results') return assert.fail('expected frames then results');
  assert.equal(frames.start, 20);
  assert.equal(frames.count, 20);
  assert.equal(frames.targets, undefined, 'the target list is only resent when it changed');
  assert.equal(stream.frameCount, 40);
  assert.equal(res.status[19], STATUS_READY);
  assert.equal(res.target[19], 2, 'target C is class 2');
  assert.equal(res.sent?.[19], results[39].sent ? 1 : 0);
  assert.deepEqual(stream.drain(), [], 'nothing new, nothing to post');
  // When the followed client leaves, the next client to send is followed.
  stream.clientLeft(7);
  stream.addFrame(8, flat(4), await other.push(flat(4), 9000));
  assert.equal(stream.client, 8);
  const [more] = stream.drain();
  assert.equal(more.type === 'frames' && more.start, 40);
});

test('the panel stream keeps the targets of the last keepFrames frames only, however many come', async () => {
  const pipeline = new LivePipeline(PROFILE, new SteeredModel());
  const keep = 30;
  const stream = new LiveFollowStream(PROFILE.labels, keep);
  const letters = ['A', 'B', 'C', 'D'];
  let sent: Array<{ frame: number; letter: string | null }> = [];
  for (let i = 0; i < 400; i++) {
    const t = 1000 + 33 * i;
    // A new target every 10 frames.
    if (i % 10 === 0) {
      const letter = letters[(i / 10) % letters.length];
      stream.addTarget(7, t, letter, (await pipeline.setTarget(letter, t)).response);
    }
    stream.addFrame(7, flat(2), await pipeline.push(flat(2), t));
    for (const m of stream.drain()) if (m.type === 'frames' && m.targets) sent = m.targets;
  }
  // Frames 0-399; targets at 0, 10, ... 390. The last 30 frames are 370-399: the target in force at 370
  // (set at 370) and the later ones, plus at most the one before.
  const frames = sent.map((s) => s.frame);
  assert.ok(frames.length <= keep / 10 + 2, `targets sent: ${frames.join(', ')}`);
  assert.equal(frames[frames.length - 1], 390);
  assert.ok(frames[0] <= 400 - keep && frames[0] >= 400 - keep - 20, `the target in force at the window start is kept: ${frames[0]}`);
  assert.deepEqual(frames, [...frames].sort((a, b) => a - b));
});

test("a camera client's images: kept for its newest frames only, answered by frame, and a landmarks client says it has none", async () => {
  const pipeline = new LivePipeline(PROFILE, new SteeredModel());
  const stream = new LiveFollowStream(PROFILE.labels);
  const jpeg = (i: number) => Uint8Array.from([0xff, 0xd8, 0xff, i & 0xff, ...new Uint8Array(1000)]);
  for (let i = 0; i < 200; i++) {
    const r = await pipeline.push(flat(1), 1000 + 33 * i);
    stream.addFrame(3, flat(1), r, jpeg(i));
  }
  const [frames] = stream.drain();
  assert.equal(frames.type === 'frames' && frames.camera, true, 'the frames say the client sends camera frames');
  assert.equal(checkExtensionToWebview(frames).ok, true);
  const newest = stream.imageMessage(199);
  assert.equal(newest.mime, 'image/jpeg');
  assert.equal(newest.bytes[3], 199);
  assert.equal(checkExtensionToWebview(newest).ok, true);
  const kept = stream.imagesKept;
  assert.ok(kept.frames >= 30 && kept.frames < 200, `a few seconds of images kept, not all: ${kept.frames}`);
  assert.equal(kept.bytes, kept.frames * 1004);
  assert.equal(stream.imageMessage(200 - kept.frames).bytes[3], (200 - kept.frames) & 0xff, 'the oldest kept');
  assert.equal(stream.imageMessage(199 - kept.frames).bytes.length, 0, 'older ones let go: empty bytes');
  assert.equal(stream.imageMessage(-1).bytes.length, 0);
  // A PNG is said to be one. The server's images are Buffers; the answer holds a plain Uint8Array, which
  // postMessage sends as bytes (a Buffer arrives in the webview as an object).
  stream.addFrame(3, flat(1), await pipeline.push(flat(1), 8000), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0]));
  const png = stream.imageMessage(200);
  assert.equal(png.mime, 'image/png');
  assert.equal(Object.getPrototypeOf(png.bytes), Uint8Array.prototype);
  assert.deepEqual([...png.bytes], [0x89, 0x50, 0x4e, 0x47, 0]);
  // The camera client leaves; the next one sends landmarks: its frames say so, and have no images.
  stream.clientLeft(3);
  stream.addFrame(4, flat(2), await pipeline.push(flat(2), 9000));
  const [next] = stream.drain();
  assert.equal(next.type === 'frames' && next.camera, false);
  assert.equal(stream.camera, false);
  assert.equal(stream.imageMessage(201).bytes.length, 0);
});
