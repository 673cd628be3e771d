import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { LivePipeline } from '../../../src/core/pipeline/livePipeline';
import type { LiveServer } from '../../../src/liveserver/liveServer';
import { ManualClock, PROFILE, SteeredModel, TestClient, startServer, until } from './liveTestKit';

/**
 * Who may connect to the live server: no web page (browsers let any page open a localhost WebSocket),
 * only the server's own address in Host (against DNS rebinding), at most maxClients at once, and no
 * one idle forever. Every refusal is counted and reported.
 */

/** Opens a socket with these headers; resolves with how it ended: HTTP status, or the close code and reason. */
function attempt(url: string, headers: Record<string, string>): Promise<{ status?: number; open?: boolean; close?: { code: number; reason: string } }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode });
      socket.terminate();
    });
    socket.once('open', () => {
      // Accepted: wait a moment for a close the server may send straight away (the cap).
      const timer = setTimeout(() => {
        resolve({ open: true });
        socket.close();
      }, 200);
      socket.once('close', (code, reason) => {
        clearTimeout(timer);
        resolve({ close: { code, reason: reason.toString() } });
      });
    });
    socket.once('error', () => undefined);
  });
}

async function withServer(extra: Parameters<typeof startServer>[2], body: (server: LiveServer, url: string, refusals: string[]) => Promise<void>): Promise<void> {
  const { server, url } = await startServer(new SteeredModel(), new ManualClock(), extra);
  const refusals: string[] = [];
  server.on({ connectionRefused: (remote, reason) => refusals.push(`${remote}: ${reason}`) });
  try {
    await body(server, url, refusals);
  } finally {
    await server.stop();
  }
}

test('browser origins are refused by default and counted; a client without Origin (an app, a tool) is served', async () => {
  await withServer({}, async (server, url, refusals) => {
    for (const origin of ['http://evil.example.com', 'null', 'https://attacker.test']) {
      assert.deepEqual(await attempt(url, { Origin: origin }), { status: 403 }, origin);
    }
    assert.equal(server.figures().refused, 3);
    assert.equal(refusals.length, 3);
    assert.match(refusals[0], /^127\.0\.0\.1:\d+: Origin http:\/\/evil\.example\.com is not allowed/);
    assert.match(refusals[0], /landmarkLens\.live\.allowedOrigins/);
    assert.equal(server.clients.length, 0);
    const app = await TestClient.connect(url);
    app.send({ landmarks: null, new_word_letter: 'B' });
    assert.deepEqual(await app.waitReplies(1), [{ maxarg_letter: 'A', target_arg_prob: 0 }]);
    app.close();
  });
});

test('listed origins are accepted, exactly (case and a trailing slash aside); others still refused', async () => {
  await withServer({ allowedOrigins: ['http://localhost:3000/'] }, async (server, url) => {
    assert.deepEqual(await attempt(url, { Origin: 'HTTP://localhost:3000' }), { open: true });
    assert.deepEqual(await attempt(url, { Origin: 'http://localhost:3001' }), { status: 403 });
    assert.equal(server.figures().refused, 1);
  });
});

test('the Host header must name the server\'s own address (DNS rebinding), unless listed', async () => {
  await withServer({}, async (server, url, refusals) => {
    const port = new URL(url).port;
    assert.deepEqual(await attempt(url, { Host: `evil.example.com:${port}` }), { status: 403 });
    assert.match(refusals[0], /Host evil\.example\.com:\d+ does not name this server/);
    assert.deepEqual(await attempt(url, { Host: `localhost:${port}` }), { open: true });
    assert.deepEqual(await attempt(url, { Host: `127.0.0.1:${port}` }), { open: true });
    assert.deepEqual(await attempt(url, { Host: `127.0.0.1:${Number(port) + 1}` }), { status: 403 }, 'another port');
    assert.equal(server.figures().refused, 2);
  });
  await withServer({ allowedHosts: ['10.0.2.2'] }, async (_server, url) => {
    assert.deepEqual(await attempt(url, { Host: `10.0.2.2:${new URL(url).port}` }), { open: true }, 'an emulator\'s address for the host');
  });
});

test('connections over maxClients are closed with 1013 and a reason naming the limit and the setting', async () => {
  await withServer({ maxClients: 2 }, async (server, url, refusals) => {
    const a = await TestClient.connect(url);
    const b = await TestClient.connect(url);
    await until(() => server.clients.length === 2, 'two clients');
    const third = await attempt(url, {});
    assert.equal(third.close?.code, 1013);
    assert.match(third.close?.reason ?? '', /2 clients connected, the limit \(landmarkLens\.live\.maxClients, serve --max-clients\)/);
    assert.equal(server.figures().refused, 1);
    assert.match(refusals[0], /2 clients connected/);
    a.close();
    await until(() => server.clients.length === 1, 'one client left');
    assert.deepEqual(await attempt(url, {}), { open: true }, 'room again');
    b.close();
  });
});

test('a client idle past the timeout is closed with a reason; a client that keeps sending is not', async () => {
  await withServer({ idleTimeoutMs: 150 }, async (server, url) => {
    const idle = await TestClient.connect(url);
    const busy = await TestClient.connect(url);
    let sending = true;
    const pump = (async () => {
      while (sending) {
        busy.send({ landmarks: null });
        await new Promise((r) => setTimeout(r, 30));
      }
    })();
    const closed = await idle.waitClosed();
    assert.equal(closed.code, 1001);
    assert.match(closed.reason, /idle for 0\.15 s \(landmarkLens\.live\.idleTimeout, serve --idle-timeout\)/);
    assert.equal(busy.closed, null);
    sending = false;
    await pump;
    assert.equal(server.clients.length, 1);
    busy.close();
  });
});

test('a connection reserves no result storage until its first window, then storage sized by the profile', async () => {
  const model = new SteeredModel();
  const pipeline = new LivePipeline(PROFILE, model);
  assert.equal(pipeline.resultBytes, 0);
  const hand = new Array(63).fill(0).map((_, i) => (i % 3 === 0 ? 0.5 + i / 630 : 0.5));
  for (let i = 0; i < PROFILE.windowSize + 10; i++) await pipeline.push(hand, i * 33);
  assert.ok(pipeline.resultBytes > 0);
  // Two distributions a frame (probs and smoothed), blocks of 64 frames: far below the old 256 KB slab.
  assert.ok(pipeline.resultBytes <= PROFILE.labels.length * 2 * 64 * 4, `${pipeline.resultBytes} bytes`);
});
