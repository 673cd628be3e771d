import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import { sendSession } from '../../../src/liveserver/liveSender';
import type { Session } from '../../../src/core/session/types';

test('send\'s summary keeps reply labels apart, collapsing only repeats (NOTHING then G is two labels)', async () => {
  // A server that answers the frames with these labels, one reply a frame.
  const labels = ['A', 'NOTHING', 'G', 'G', 'SPACE', 'E', 'E'];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (socket) => {
    let n = 0;
    socket.on('message', () => socket.send(JSON.stringify({ maxarg_letter: labels[n++ % labels.length], target_arg_prob: 0.5 })));
  });
  const session: Session = {
    header: { type: 'header', format: 'landmark-session', version: 1, fps: 100 },
    frames: labels.map((_, i) => ({ index: i, t: i * 10, hands: [] })),
    targets: [], labels: [], problems: [],
  };
  try {
    const summary = await sendSession(session, `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, { fps: 1000, lingerMs: 200 });
    assert.equal(summary.replies, labels.length);
    assert.deepEqual(summary.letters, ['A', 'NOTHING', 'G', 'SPACE', 'E']);
  } finally {
    await new Promise((r) => wss.close(r));
  }
});
