import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageInbox } from '../../../src/webview/inbox';
import { encodeBulkMessage } from '../../../src/protocol/bulkMessage';
import { encodeFrames } from '../../../src/protocol/encode';
import type { ExtensionToWebview, WebviewToExtension } from '../../../src/protocol/messages';

/**
 * A local server for bulk message files, as the webview fetches them from its resource origin. Each
 * file's response waits until the test releases it, so the test decides when a fetch completes.
 */
async function bulkServer(files: Record<string, Uint8Array>): Promise<{ url: (name: string) => string; release: (name: string) => void; close: () => Promise<void> }> {
  const gates = new Map<string, () => void>();
  const opened = new Map<string, Promise<void>>();
  for (const name of Object.keys(files)) opened.set(name, new Promise((resolve) => gates.set(name, resolve)));
  const server: Server = createServer((req, res) => {
    const name = (req.url ?? '').slice(1);
    const body = files[name];
    void (opened.get(name) ?? Promise.resolve()).then(() => {
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    release: (name) => gates.get(name)?.(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function framesMessage(start: number, count: number): ExtensionToWebview {
  const frames = Array.from({ length: count }, (_, i) => ({ index: start + i, t: (start + i) * 40, hands: [] }));
  return encodeFrames(frames, start);
}

/** An inbox whose handled messages, reports and posts are recorded in order. */
function recordingInbox(leaving = () => false) {
  const handled: string[] = [];
  const reports: string[] = [];
  const posted: WebviewToExtension[] = [];
  const inbox = new MessageInbox({
    handle: (m) => {
      if (m.type === 'notice' && m.text === 'throw') throw new Error('the handler failed');
      handled.push(m.type === 'frames' ? `frames ${m.start}+${m.count}` : m.type === 'notice' ? `notice ${m.text}` : m.type);
    },
    report: (error) => reports.push(error),
    post: (m) => posted.push(m),
    leaving,
  });
  return { inbox, handled, reports, posted };
}

const notice = (text: string): ExtensionToWebview => ({ type: 'notice', level: 'info', text });
const until = async (condition: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(condition(), 'timed out waiting');
};

test('messages behind a bulk message wait for its file, and are handled in the order they were posted', async () => {
  const server = await bulkServer({ a: encodeBulkMessage(framesMessage(0, 3)), b: encodeBulkMessage(framesMessage(3, 2)) });
  try {
    const { inbox, handled, posted } = recordingInbox();
    inbox.receive(notice('first'));
    assert.deepEqual(handled, ['notice first'], 'with nothing waiting, a message is handled at once');
    inbox.receive({ type: 'bulk', uri: server.url('a'), bytes: 1 });
    inbox.receive(notice('behind a'));
    inbox.receive({ type: 'bulk', uri: server.url('b'), bytes: 1 });
    inbox.receive(notice('behind b'));
    // b's file arrives first; nothing may overtake a.
    server.release('b');
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(handled, ['notice first']);
    server.release('a');
    await until(() => handled.length === 5);
    assert.deepEqual(handled, ['notice first', 'frames 0+3', 'notice behind a', 'frames 3+2', 'notice behind b']);
    assert.deepEqual(posted, [{ type: 'bulkFetched', uri: server.url('a') }, { type: 'bulkFetched', uri: server.url('b') }]);
    inbox.receive(notice('later'));
    assert.deepEqual(handled.at(-1), 'notice later', 'once drained, messages are handled at once again');
  } finally {
    await server.close();
  }
});

test('a bulk file that cannot be fetched is reported, still acknowledged, and the messages behind it are handled', async () => {
  const server = await bulkServer({});
  try {
    const { inbox, handled, reports, posted } = recordingInbox();
    inbox.receive({ type: 'bulk', uri: server.url('gone'), bytes: 1234 });
    inbox.receive(notice('after'));
    await until(() => handled.length === 1);
    assert.deepEqual(handled, ['notice after']);
    assert.deepEqual(reports, [`could not load 1234 bytes of session data from ${server.url('gone')}: HTTP 404`]);
    assert.deepEqual(posted, [{ type: 'bulkFetched', uri: server.url('gone') }]);
  } finally {
    await server.close();
  }
});

test('a bulk file holding something other than frames or results is reported', async () => {
  const server = await bulkServer({ odd: encodeBulkMessage({ type: 'init', values: new Float32Array(2) }) });
  server.release('odd');
  try {
    const { inbox, handled, reports } = recordingInbox();
    inbox.receive({ type: 'bulk', uri: server.url('odd'), bytes: 8 });
    inbox.receive(notice('after'));
    await until(() => handled.length === 1);
    assert.match(reports[0], /could not load 8 bytes of session data from .*: it holds a 'init' message/);
  } finally {
    await server.close();
  }
});

test('fetches ended by the page going away are not reported', async () => {
  const server = await bulkServer({});
  try {
    const { inbox, handled, reports } = recordingInbox(() => true);
    inbox.receive({ type: 'bulk', uri: server.url('gone'), bytes: 1 });
    inbox.receive(notice('after'));
    await until(() => handled.length === 1);
    assert.deepEqual(reports, []);
  } finally {
    await server.close();
  }
});

test('a malformed message or a failing handler is reported with one line, and the next message is handled', () => {
  const { inbox, handled, reports } = recordingInbox();
  inbox.receive({ type: 'frames', start: 'zero' });
  inbox.receive(notice('throw'));
  inbox.receive(notice('next'));
  assert.deepEqual(handled, ['notice next']);
  assert.equal(reports.length, 2);
  assert.match(reports[0], /frames/);
  assert.equal(reports[1], 'the handler failed');
  for (const r of reports) assert.ok(!r.includes('\n'), `one line: ${r}`);
});

test('messages behind a handler\'s promise wait until it settles, in order; a rejection is reported', async () => {
  const handled: string[] = [];
  const reports: string[] = [];
  let release: () => void = () => {};
  const inbox = new MessageInbox({
    handle: (m) => {
      handled.push(m.type === 'notice' ? m.text : m.type);
      if (m.type === 'notice' && m.text === 'slow') return new Promise<void>((resolve) => (release = resolve));
      if (m.type === 'notice' && m.text === 'fails later') return Promise.reject(new Error('setup failed'));
    },
    report: (error) => reports.push(error),
    post: () => {},
    leaving: () => false,
  });
  inbox.receive(notice('slow'));
  inbox.receive(notice('behind'));
  inbox.receive(notice('fails later'));
  inbox.receive(notice('last'));
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(handled, ['slow'], 'nothing overtakes a message whose handler has not settled');
  release();
  await until(() => handled.length === 4);
  assert.deepEqual(handled, ['slow', 'behind', 'fails later', 'last']);
  assert.deepEqual(reports, ['setup failed']);
  inbox.receive(notice('after'));
  assert.deepEqual(handled.at(-1), 'after', 'with nothing waiting, a message is handled at once again');
});
