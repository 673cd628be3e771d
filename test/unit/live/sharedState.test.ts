import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';
import { serve } from '../../../src/cli/commands/serve';
import { tempDir } from '../session/testPaths';
import { handFor } from './liveTestKit';

const MODEL = resolve('test/fixtures/models/seq-flat-29.onnx');

/** Two clients send 18 hand frames each, in turn; resolves with each client's replies. */
async function twoClients(profile: object): Promise<Array<Array<Record<string, number | string>>>> {
  const dir = tempDir();
  const profileFile = join(dir, 'p.profile.json');
  writeFileSync(profileFile, JSON.stringify(profile));
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), cwd: process.cwd() };
  const stop = new AbortController();
  let listening!: (url: string) => void;
  const url = new Promise<string>((r) => (listening = r));
  const served = serve(['--port', '0', '--model', MODEL, '--profile', profileFile, '--stats-every', '0', '--no-detector'], io, stop.signal, listening);
  const address = await url;
  const clients = await Promise.all([0, 1].map(async () => {
    const socket = new WebSocket(address);
    const replies: Array<Record<string, number | string>> = [];
    socket.on('message', (d) => replies.push(JSON.parse(d.toString())));
    await new Promise((r) => socket.once('open', r));
    return { socket, replies };
  }));
  for (let i = 0; i < 18; i++) {
    for (const [k, c] of clients.entries()) {
      c.socket.send(JSON.stringify({ landmarks: handFor((i + k) % 26, 0.001 * i) }));
      await new Promise((r) => setTimeout(r, 12));
    }
  }
  await new Promise((r) => setTimeout(r, 400));
  for (const c of clients) c.socket.close();
  stop.abort();
  assert.equal(await served, 0, out.stderr);
  if ((profile as { sharedState?: boolean }).sharedState) assert.match(out.stdout, /one state shared by all clients \(sharedState\)/);
  return clients.map((c) => c.replies);
}

test("sharedState: the backend's one buffer for all clients; by default each client has its own", async () => {
  // 18 frames each: alone, no client fills a 32-frame window, so every reply is the default one.
  const own = await twoClients({});
  for (const replies of own) {
    assert.ok(replies.length >= 1);
    assert.ok(replies.every((r) => r.maxarg_letter === 'A' && r.target_arg_prob === 0), JSON.stringify(replies));
  }
  // Shared: 36 frames in one buffer fill the window and the smoothing, and a model reply goes out.
  const shared = await twoClients({ sharedState: true });
  const modelReplies = shared.flat().filter((r) => (r.target_arg_prob as number) > 0);
  assert.ok(modelReplies.length >= 1, JSON.stringify(shared));
});
