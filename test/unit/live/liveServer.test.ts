import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LivePortInUseError } from '../../../src/liveserver/livePortInUseError';
import { LiveServer } from '../../../src/liveserver/liveServer';
import {
  ManualClock, SteeredModel, TestClient, handFor, sendAt, settle, startServer, until, type Reply,
} from './liveTestKit';

// Derived from SteeredModel (logit 8 on one class of 29) and the backend's softmax and 4-decimal rounding.
const TOP = Math.round((Math.exp(8) / (Math.exp(8) + 28)) * 1e4) / 1e4;
const OTHER = Math.round((1 / (Math.exp(8) + 28)) * 1e4) / 1e4;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DEFAULT: Reply = { maxarg_letter: 'A', target_arg_prob: 0 };

/** 36 hand frames, 100 ms apart: 31 buffering, then 5 windows fill the smoothing buffer. */
async function streamLetter(
  server: LiveServer, id: number, client: TestClient, clock: ManualClock, letter: number, from: number,
): Promise<number> {
  let t = from;
  for (let i = 0; i < 36; i++) await sendAt(server, id, client, clock, (t += 100), { landmarks: handFor(letter) });
  return t;
}

test('replies exactly the backend shape, through the buffered pipeline', async () => {
  const clock = new ManualClock();
  const { server, url } = await startServer(new SteeredModel(), clock);
  try {
    const client = await TestClient.connect(url);
    await streamLetter(server, 1, client, clock, 1, 0);
    const replies = await client.waitReplies(2);
    assert.deepEqual(replies, [DEFAULT, { maxarg_letter: 'B', target_arg_prob: TOP }]);
    // Byte for byte what Python's json.dumps sends, the default reply's 0.0 included.
    assert.equal(client.raw[0], '{"maxarg_letter": "A", "target_arg_prob": 0.0}');
    assert.equal(client.raw[1], `{"maxarg_letter": "B", "target_arg_prob": ${TOP}}`);
    await settle(server);
    const f = server.figures();
    assert.equal(f.received, 36);
    assert.equal(f.processed, 36);
    assert.equal(f.repliesSent, 2);
    assert.equal(f.repliesThrottled, 30, 'the 30 repeated default replies while buffering are throttled');
    assert.ok(Math.abs(f.windowSpanS - 3.2) < 1e-9, `32 frames 100 ms apart span 3.2 s, got ${f.windowSpanS}`);
    client.close();
  } finally {
    await server.stop();
  }
});

test('malformed messages get an error naming the field, and the connection stays open', async () => {
  const clock = new ManualClock();
  const { server, url } = await startServer(new SteeredModel(), clock);
  try {
    const client = await TestClient.connect(url);
    const short = handFor(1).slice(0, 20);
    const twoCoords = handFor(1).map((p, i) => (i === 7 ? p.slice(0, 2) : p));
    const text = handFor(1).map((p, i) => (i === 3 ? [p[0], 'x', p[2]] : p));
    client.send('{"landmarks": [[0.1, 0.2');
    client.send('[1, 2, 3]');
    client.send({ landmarks: short });
    client.send({ landmarks: twoCoords });
    client.send({ landmarks: text });
    client.send({ hello: 1 });
    client.send({ landmarks: handFor(1), t: 'soon' });
    client.send({ landmarks: handFor(1), new_word_letter: 'BC' });
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    const errors = (await client.waitReplies(9)).map((r) => r.error ?? '');
    assert.match(errors[0], /^message is not valid JSON/);
    assert.match(errors[1], /expected a JSON object/);
    assert.equal(errors[2], 'landmarks: expected 21 points, got 20');
    assert.equal(errors[3], 'landmarks[7]: expected [x, y, z], got 2 values');
    assert.equal(errors[4], 'landmarks[3][1]: expected a finite number, got the string "x"');
    assert.match(errors[5], /expected a field landmarks, multiHandLandmarks, hands, jpeg_blob or new_word_letter; got only hello/);
    assert.match(errors[6], /^t: expected a finite number/);
    assert.match(errors[7], /^new_word_letter: expected one character/);
    assert.match(errors[8], /binary/);
    assert.equal(client.closed, null);
    // Still served: a full stream answers as usual.
    await streamLetter(server, 1, client, clock, 2, 0);
    assert.deepEqual((await client.waitReplies(11)).slice(9), [DEFAULT, { maxarg_letter: 'C', target_arg_prob: TOP }]);
    assert.equal(server.figures().errors, 9);
    client.close();
  } finally {
    await server.stop();
  }
});

test('a message over 1 MiB closes that connection with 1009; other clients keep being served', async () => {
  const clock = new ManualClock();
  const { server, url } = await startServer(new SteeredModel(), clock);
  try {
    const big = await TestClient.connect(url);
    const other = await TestClient.connect(url);
    big.send(JSON.stringify({ landmarks: handFor(1), padding: 'x'.repeat(1024 * 1024) }));
    const closed = await big.waitClosed();
    assert.equal(closed.code, 1009);
    await until(() => server.clients.length === 1, 'the server to forget the closed client');
    await streamLetter(server, 2, other, clock, 3, 0);
    assert.deepEqual(await other.waitReplies(2), [DEFAULT, { maxarg_letter: 'D', target_arg_prob: TOP }]);
    // Just under the limit is accepted: extra fields are ignored, the frame counts.
    const near = await TestClient.connect(url);
    near.send(JSON.stringify({ landmarks: handFor(1), padding: 'x'.repeat(1024 * 1024 - 2000) }));
    await until(() => server.figures().received === 37, 'the near-limit frame');
    assert.equal(near.closed, null);
    other.close();
    near.close();
  } finally {
    await server.stop();
  }
});

test('ten clients at once keep independent pipeline state', async () => {
  const clock = new ManualClock();
  const { server, url } = await startServer(new SteeredModel(), clock);
  try {
    const clients: TestClient[] = [];
    for (let i = 0; i < 10; i++) clients.push(await TestClient.connect(url));
    await until(() => server.clients.length === 10, 'ten connections');
    let t = 0;
    for (let frame = 0; frame < 36; frame++) {
      for (let i = 0; i < 10; i++) {
        // Client i signs letter i + 3 (D, E, ...); a shared buffer would mix them.
        await sendAt(server, i + 1, clients[i], clock, (t += 10), { landmarks: handFor(i + 3) });
      }
    }
    for (let i = 0; i < 10; i++) {
      assert.deepEqual(await clients[i].waitReplies(2), [DEFAULT, { maxarg_letter: LETTERS[i + 3], target_arg_prob: TOP }]);
    }
    assert.equal(server.figures().clients, 10);
    for (const c of clients) c.close();
  } finally {
    await server.stop();
  }
});

test('a client that disconnects with a frame in flight does not disturb the others', async () => {
  const clock = new ManualClock();
  const model = new SteeredModel();
  const { server, url } = await startServer(model, clock);
  try {
    const leaving = await TestClient.connect(url);
    const staying = await TestClient.connect(url);
    const gate = model.hold();
    let t = 0;
    for (let i = 0; i < 32; i++) await sendAt(server, 1, leaving, clock, (t += 100), { landmarks: handFor(5) });
    await until(() => gate.waiting() === 1, 'the 32nd frame to reach the model');
    await sendAt(server, 1, leaving, clock, (t += 100), { landmarks: handFor(5) });
    leaving.close();
    await until(() => server.clients.length === 1, 'the server to see the disconnect');
    model.open();
    gate.release();
    await streamLetter(server, 2, staying, clock, 6, t);
    assert.deepEqual(await staying.waitReplies(2), [DEFAULT, { maxarg_letter: 'G', target_arg_prob: TOP }]);
    const f = server.figures();
    assert.equal(f.clients, 1);
    assert.equal(f.received, 33 + 36, 'the departed client still counts in the totals');
    assert.equal(f.dropped, 1, 'its waiting frame was dropped when it left');
    staying.close();
  } finally {
    await server.stop();
  }
});

test('a target change without landmarks resets at once and sends the default reply unthrottled', async () => {
  const clock = new ManualClock();
  const { server, url } = await startServer(new SteeredModel(), clock);
  try {
    const client = await TestClient.connect(url);
    let t = await streamLetter(server, 1, client, clock, 1, 0);
    await client.waitReplies(2);
    // 10 ms later: inside the throttle's 75 ms, yet the reset's reply goes out.
    await sendAt(server, 1, client, clock, (t += 10), { new_word_letter: 'C' });
    assert.deepEqual((await client.waitReplies(3))[2], DEFAULT);
    assert.equal(server.clients[0].session.targetLetter, 'C');
    t = await streamLetter(server, 1, client, clock, 1, t);
    // Buffers were cleared: 36 more frames to reply; the target's probability is the one of C.
    assert.deepEqual((await client.waitReplies(4))[3], { maxarg_letter: 'B', target_arg_prob: OTHER });
    client.close();
  } finally {
    await server.stop();
  }
});

test('jpeg_blob frames get an error but their new_word_letter is honoured, also with a null blob', async () => {
  const clock = new ManualClock();
  const { server, url } = await startServer(new SteeredModel(), clock);
  try {
    const client = await TestClient.connect(url);
    await sendAt(server, 1, client, clock, 100, { jpeg_blob: '/9j/4AAQSkZJRg==', new_word_letter: 'D' });
    const [first, second] = await client.waitReplies(2);
    assert.match(first.error ?? '', /^jpeg_blob: no hand detector here \(this server was started without one\); or send MediaPipe hand landmarks/);
    assert.match(first.error ?? '', /new_word_letter "D" was applied/);
    assert.deepEqual(second, DEFAULT);
    assert.equal(server.clients[0].session.targetLetter, 'D');
    // The app's way to announce a letter: the backend loses it; we apply it and answer.
    await sendAt(server, 1, client, clock, 200, { jpeg_blob: null, new_word_letter: 'E' });
    await client.waitReplies(3);
    client.send('nope');
    const replies = await client.waitReplies(4);
    assert.deepEqual(replies[2], DEFAULT, 'a null blob with a letter is a target change, not an error');
    assert.match(replies[3].error ?? '', /not valid JSON/);
    assert.equal(server.clients[0].session.targetLetter, 'E');
    client.close();
  } finally {
    await server.stop();
  }
});

test('MediaPipe-shaped messages (multiHandLandmarks, Tasks API landmarks) are understood', async () => {
  const clock = new ManualClock();
  const { server, url } = await startServer(new SteeredModel(), clock);
  try {
    const legacy = await TestClient.connect(url);
    const tasks = await TestClient.connect(url);
    const asObjects = (letter: number) => handFor(letter).map(([x, y, z]) => ({ x, y, z, visibility: 0 }));
    let t = 0;
    for (let i = 0; i < 36; i++) {
      await sendAt(server, 1, legacy, clock, (t += 100), { multiHandLandmarks: [asObjects(7), asObjects(2)] });
      await sendAt(server, 2, tasks, clock, (t += 1), { landmarks: [asObjects(8)], handedness: [[{ categoryName: 'Right' }]] });
    }
    assert.deepEqual(await legacy.waitReplies(2), [DEFAULT, { maxarg_letter: 'H', target_arg_prob: TOP }]);
    assert.deepEqual(await tasks.waitReplies(2), [DEFAULT, { maxarg_letter: 'I', target_arg_prob: TOP }]);
    legacy.close();
    tasks.close();
  } finally {
    await server.stop();
  }
});

test('a port already in use is reported as such, naming the port', async () => {
  const clock = new ManualClock();
  const { server } = await startServer(new SteeredModel(), clock);
  try {
    const second = new LiveServer({ host: '127.0.0.1', port: server.port, createPipeline: () => { throw new Error('unused'); } });
    await assert.rejects(second.start(), (err: unknown) => {
      assert.ok(err instanceof LivePortInUseError);
      assert.equal(err.port, server.port);
      assert.match(err.message, new RegExp(`port ${server.port} on 127\\.0\\.0\\.1 is already in use`));
      return true;
    });
    assert.equal(second.running, false);
  } finally {
    await server.stop();
  }
});

test('backpressure: with a slow model one frame is in flight, the newest waiting frame wins, drops are counted', async () => {
  const clock = new ManualClock();
  const model = new SteeredModel();
  const { server, url } = await startServer(model, clock);
  try {
    const client = await TestClient.connect(url);
    let t = 0;
    for (let i = 0; i < 31; i++) await sendAt(server, 1, client, clock, (t += 100), { landmarks: handFor(1) });
    const gate = model.hold();
    await sendAt(server, 1, client, clock, (t += 100), { landmarks: handFor(1) }); // frame 32: model runs, held
    await until(() => gate.waiting() === 1, 'the first window to reach the model');
    // Eight more frames arrive while the model is busy; each steers to a different letter.
    for (let letter = 10; letter < 18; letter++) {
      await sendAt(server, 1, client, clock, (t += 10), { landmarks: handFor(letter) });
    }
    const session = server.clients[0].session;
    assert.equal(session.meter.dropped, 7, 'seven waiting frames were replaced by newer ones');
    gate.release();
    await until(() => gate.waiting() === 1, 'the newest frame to reach the model');
    assert.equal(model.seen.length, 2, 'only two windows ran');
    assert.ok(Math.abs(model.seen[1] - 17 / 29) < 1e-6, `the second window ends with the newest frame (letter 17), saw ${model.seen[1] * 29}`);
    gate.release();
    await session.idle();
    assert.equal(session.meter.processed, 33);
    assert.equal(server.figures().dropped, 7);
    client.close();
  } finally {
    await server.stop();
  }
});
