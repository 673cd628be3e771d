// Live server connection load (loopback only, bounded): 1,000 connections opened and closed against the
// default cap, 1,000 idle clients held with the cap raised, idle clients closed by the idle timeout, and a
// client that never reads its replies. Reports the server's RSS and V8 heap (after a full GC) before,
// during and after, and the refused count. The server runs as `serve` does (bench/connectionServer.ts,
// the bundled demo model in its model host); this script is the clients.
// Usage: node esbuild.mjs && node bench/connections.mjs [--connections 1000] [--quick]
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { WebSocket } = require('ws');
const quick = process.argv.includes('--quick');
const i = process.argv.indexOf('--connections');
const connections = i > 0 ? Number(process.argv[i + 1]) : quick ? 200 : 1000;
const serverScript = join(root, 'dist', 'bench', 'connectionServer.js');
const demo = join(root, 'models', 'demo.onnx');
if (!existsSync(serverScript)) {
  console.error('bench/connections: dist/bench/connectionServer.js is missing; run `node esbuild.mjs` first');
  process.exit(2);
}

const mb = (v) => Math.round(v * 10) / 10;

function startServer(maxClients, idleTimeoutS) {
  const child = fork(serverScript, [demo, String(maxClients), String(idleTimeoutS)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = [];
  child.on('message', (m) => waiting.shift()?.(m));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  return {
    ready: next().then((m) => m.url),
    memory: () => {
      const reply = next();
      child.send({ kind: 'memory' });
      return reply;
    },
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve);
      child.send({ kind: 'stop' });
    }),
  };
}

/** Opens a connection; resolves with the socket once open, or with how it was refused. */
function open(url) {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.on('error', () => undefined);
    socket.once('open', () => resolve({ socket }));
    socket.once('close', (code) => resolve({ closed: code }));
    socket.once('unexpected-response', (_q, res) => resolve({ status: res.statusCode }));
  });
}

async function openMany(url, count) {
  const out = [];
  for (let k = 0; k < count; k += 50) out.push(...(await Promise.all(Array.from({ length: Math.min(50, count - k) }, () => open(url)))));
  return out;
}

function closeAll(results) {
  return Promise.all(results.filter((r) => r.socket).map((r) => new Promise((resolve) => {
    if (r.socket.readyState === WebSocket.CLOSED) return resolve();
    r.socket.once('close', resolve);
    r.socket.close();
  })));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const show = (label, m) => console.log(`  ${label}: RSS ${mb(m.rssMB)} MB, heap ${mb(m.heapMB)} MB, ${m.clients} clients, ${m.refused} refused`);

/** Opens `connections` at once, holds them, closes them all; the server's memory before, while held and `settleMs` after closing. */
async function holdThenClose(server, title, settleMs) {
  const url = await server.ready;
  const before = await server.memory();
  const opened = await openMany(url, connections);
  await sleep(500);
  const during = await server.memory();
  await closeAll(opened);
  await sleep(settleMs);
  const after = await server.memory();
  console.log(`${title}:`);
  show('before', before);
  show('during', during);
  show('after ', after);
  return { before, during, after };
}

const report = {};

// 1. The default cap: 1,000 connections at once, 32 served, the rest closed with 1013; then all closed.
{
  const server = startServer(32, 300);
  const { before, during, after } = await holdThenClose(server, `${connections} connections at once against the default cap of 32`, 500);
  report.cap = { before, during, after, refused: after.refused };
  await server.stop();
}

// 2. 1,000 idle clients held (cap raised), then closed: what a connection costs, and that it is given back.
{
  const server = startServer(connections + 10, 300);
  const { before, during, after } = await holdThenClose(server, `${connections} idle clients held (cap ${connections + 10}), then closed`, 1000);
  console.log(`  per idle connection: ${mb(((during.rssMB - before.rssMB) * 1024) / connections)} KB RSS, ${mb(((during.heapMB - before.heapMB) * 1024) / connections)} KB heap`);
  report.idleHeld = { before, during, after };
  await server.stop();
}

// 3. Idle clients closed by the idle timeout (2 s here), and a client that never reads its replies.
{
  const server = startServer(64, 2);
  const url = await server.ready;
  const idle = await openMany(url, 20);
  const codes = await Promise.all(idle.map((r) => new Promise((resolve) => r.socket.once('close', (code) => resolve(code)))));
  console.log(`20 idle clients with --idle-timeout 2: closed with ${[...new Set(codes)].join(', ')} (${codes.filter((c) => c === 1001).length} of 20 with 1001)`);
  report.idleTimeout = { closedWith1001: codes.filter((c) => c === 1001).length };

  const before = await server.memory();
  const { socket } = await open(url);
  // Never read: stop taking bytes off the socket, then send messages that each get an error reply.
  socket._socket.pause();
  let sent = 0;
  let closedAt = null;
  socket.once('close', () => (closedAt = sent));
  socket.on('error', () => undefined);
  let peak = before;
  for (let round = 0; round < 400 && closedAt === null && socket.readyState === WebSocket.OPEN; round++) {
    for (let k = 0; k < 500; k++) socket.send('{}');
    sent += 500;
    await sleep(5);
    if (round % 40 === 0) {
      const m = await server.memory();
      if (m.rssMB > peak.rssMB) peak = m;
    }
  }
  await sleep(500);
  const after = await server.memory();
  console.log(`a client that never reads, ${sent} messages each answered with an error:`);
  show('before', before);
  show('peak  ', peak);
  show('after ', after);
  const cut = after.refused > before.refused;
  console.log(`  ${cut ? 'cut by the server' : 'NOT cut'} (the cap on unread replies is 4 MiB)`);
  report.nonReader = { before, peak, after, sent, cut };
  socket.terminate();
  await server.stop();
}

console.log(JSON.stringify(report));
