import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../../src/cli/main';
import { serve } from '../../../src/cli/commands/serve';
import { LiveServer } from '../../../src/liveserver/liveServer';

const MODEL = resolve('test/fixtures/models/seq-flat-29.onnx');
const SESSION = resolve('test/fixtures/models/session-a.landmarks.jsonl');

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), cwd: process.cwd() },
  };
}

test('serve and send: a recorded session streamed to the headless server gets backend-shaped replies', async () => {
  const server = capture();
  const stop = new AbortController();
  let listening!: (url: string) => void;
  const url = new Promise<string>((r) => (listening = r));
  const served = serve(['--port', '0', '--model', MODEL, '--stats-every', '0'], server.io, stop.signal, listening);
  try {
    const address = await Promise.race([url, served.then(() => { throw new Error(`serve ended: ${server.out.stderr}`); })]);
    assert.match(address, /^ws:\/\/127\.0\.0\.1:\d+$/);
    const sender = capture();
    const code = await main(['send', SESSION, '--to', address, '--fps', '30', '--linger', '300'], sender.io);
    assert.equal(code, 0, sender.out.stderr);
    const replies = sender.out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(replies.length >= 2, `expected replies, got ${sender.out.stdout}`);
    assert.deepEqual(replies[0], { maxarg_letter: 'A', target_arg_prob: 0 });
    for (const r of replies) {
      assert.deepEqual(Object.keys(r), ['maxarg_letter', 'target_arg_prob']);
      assert.ok(typeof r.target_arg_prob === 'number' && r.target_arg_prob >= 0 && r.target_arg_prob <= 1);
    }
    assert.match(sender.out.stderr, /^sent 120 frames and 1 target changes in [\d.]+ s; \d+ replies \(0 errors\); letters: A( \w+)*\n$/);
  } finally {
    stop.abort();
  }
  assert.equal(await served, 0);
  assert.match(server.out.stdout, /client 1 connected from 127\.0\.0\.1:\d+/);
  assert.match(server.out.stdout, /client 1 left \(code 1000\): 120 frames, \d+ replies, \d+ dropped, 0 errors/);
  assert.match(server.out.stdout, /stopping: clients 0/);
});

test('serve on a port in use says so and names --port', async () => {
  const busy = new LiveServer({ host: '127.0.0.1', port: 0, createPipeline: () => { throw new Error('unused'); } });
  await busy.start();
  try {
    const { out, io } = capture();
    const code = await main(['serve', '--port', String(busy.port), '--model', MODEL], io);
    assert.equal(code, 2);
    assert.equal(
      out.stderr.trim().split('\n').pop(),
      `landmark-lens serve: port ${busy.port} on 127.0.0.1 is already in use (another Landmark Lens server, or your backend?); choose another port with --port`,
    );
  } finally {
    await busy.stop();
  }
});

test('send: an unreachable server, a bad address and a bad session are one-line errors', async () => {
  const a = capture();
  assert.equal(await main(['send', SESSION, '--to', 'ws://127.0.0.1:1'], a.io), 2);
  assert.equal(a.out.stderr, 'landmark-lens send: cannot reach ws://127.0.0.1:1: connection refused (is a server listening there?)\n');
  const b = capture();
  assert.equal(await main(['send', SESSION, '--to', 'http://x'], b.io), 2);
  assert.match(b.out.stderr, /--to: expected a ws:\/\/ or wss:\/\/ address, found 'http:\/\/x'/);
  const c = capture();
  assert.equal(await main(['send', SESSION], c.io), 2);
  assert.match(c.out.stderr, /--to is required/);
  const dir = mkdtempSync(join(tmpdir(), 'send-'));
  try {
    const bad = join(dir, 'bad.landmarks.jsonl');
    writeFileSync(bad, '{"type":"header","format":"landmark-session","version":1}\n{"type":"frame","t":0,"hands":[{"landmarks":[[1,2,3]]}]}\n');
    const d = capture();
    assert.equal(await main(['send', bad, '--to', 'ws://127.0.0.1:1'], d.io), 2);
    assert.match(d.out.stderr, new RegExp(`^landmark-lens send: ${bad.replace(/[.]/g, '\\.')}:2: `));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serve: bad options and a missing model are one-line errors', async () => {
  const a = capture();
  assert.equal(await main(['serve', '--port', '70000'], a.io), 2);
  assert.equal(a.out.stderr, "landmark-lens serve: --port: expected an integer from 0 to 65535, found '70000'\n");
  const b = capture();
  assert.equal(await main(['serve', '--bogus', '1'], b.io), 2);
  assert.match(b.out.stderr, /^landmark-lens serve: unknown option --bogus; usage: serve \[--host 127\.0\.0\.1\]/);
  const c = capture();
  const missing = resolve('no-such-model.onnx');
  assert.equal(await main(['serve', '--port', '0', '--model', missing], c.io), 2);
  const lines = c.out.stderr.trim().split('\n');
  assert.equal(lines.length, 1, c.out.stderr);
  assert.match(lines[0], new RegExp(`^landmark-lens serve: .*no-such-model\\.onnx.*(not found|does not exist)`));
});

test('serve --allow-origin accepts that origin only; a refused page is logged on stderr; --max-clients is bounded', async () => {
  const { WebSocket } = await import('ws');
  const server = capture();
  const stop = new AbortController();
  let listening!: (url: string) => void;
  const url = new Promise<string>((r) => (listening = r));
  const served = serve(['--port', '0', '--model', MODEL, '--stats-every', '0', '--no-detector', '--allow-origin', 'http://localhost:5173', '--max-clients', '4', '--idle-timeout', '60'], server.io, stop.signal, listening);
  try {
    const address = await Promise.race([url, served.then(() => { throw new Error(`serve ended: ${server.out.stderr}`); })]);
    const open = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(address, { headers: { Origin: origin } });
        socket.once('open', () => { resolve('open'); socket.close(); });
        socket.once('unexpected-response', (_q, res) => { resolve(String(res.statusCode)); socket.terminate(); });
        socket.once('error', () => undefined);
      });
    assert.equal(await open('http://localhost:5173'), 'open');
    assert.equal(await open('https://attacker.test'), '403');
    assert.match(server.out.stderr, /refused a connection from 127\.0\.0\.1:\d+: Origin https:\/\/attacker\.test is not allowed .*serve --allow-origin/);
  } finally {
    stop.abort();
  }
  assert.equal(await served, 0);
  const bad = capture();
  assert.equal(await main(['serve', '--max-clients', '0'], bad.io), 2);
  assert.equal(bad.out.stderr, "landmark-lens serve: --max-clients: expected an integer from 1 to 1024, found '0'\n");
});
