import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contentSecurityPolicy, renderLensHtml } from '../../../src/extension/panel/lensWebviewHtml';
import { consecutiveRuns, finalResultsMessage } from '../../../src/replayworker/resultsMessages';
import { restoredReplay } from '../../../src/extension/replay/replayPanelState';
import { exportFileName, pngBytesFromDataUrl } from '../../../src/extension/replay/exportFiles';
import { decodeResultsFromCache, encodeResultsForCache } from '../../../src/analysis/resultsCodec';
import { canonicalJson } from '../../../src/analysis/cacheKey';
import { LABELS_29 } from '../../../src/core/model/profile';
import type { FrameResult, ReplayResult } from '../../../src/core/pipeline/types';
import { checkExtensionToWebview } from '../../../src/protocol/messages';

function frame(i: number, extra: Partial<FrameResult> = {}): FrameResult {
  return {
    frame: i,
    t: i * 40,
    status: 'ready',
    probs: Float32Array.from(LABELS_29, (_, c) => (c === i % 29 ? 0.72 : 0.01)),
    smoothed: Float32Array.from(LABELS_29, (_, c) => (c === 1 ? 0.5 : 0.5 / 28)),
    response: { maxarg_letter: 'B', target_arg_prob: 0.5 },
    sent: i % 2 === 0,
    bufferFill: 32,
    smoothingFill: 5,
    target: null,
    transcript: i >= 3 ? 'B' : '',
    emitted: i === 3 ? 'B' : null,
    ...extra,
  };
}

test('the webview document allows only nonce scripts and dist resources', () => {
  const html = renderLensHtml({
    mode: 'replay',
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123==',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    toolkitUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/toolkit.min.js',
    title: 'Replay: a<b>.landmarks.jsonl',
    reduceMotion: true,
    boot: { panelId: 'replay-1', file: '/tmp/</script><script>alert(1)</script>.jsonl' },
  });
  const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123==');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123=='(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  // Fetches (bulk messages) only from the webview's own resources.
  assert.match(csp, /connect-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
  assert.ok(html.includes(`content="${csp.replace(/'/g, "'")}"`), 'the CSP meta carries the policy');
  // Every script element carries the nonce.
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 3);
  for (const s of scripts) assert.match(s, /nonce="abc123=="/);
  // The boot JSON cannot close its script element, and the title is escaped.
  assert.equal(html.match(/<\/script>/g)?.length, 3);
  assert.ok(html.includes('<title>Replay: a&lt;b&gt;.landmarks.jsonl</title>'));
  const boot = JSON.parse(html.match(/<script type="application\/json" id="lens-boot"[^>]*>(.*?)<\/script>/)![1]);
  assert.deepEqual(boot, {
    mode: 'replay',
    reduceMotion: true,
    panelId: 'replay-1',
    file: '/tmp/</script><script>alert(1)</script>.jsonl',
  });
  assert.match(html, /<body data-mode="replay" class="lens-reduce-motion">/);
});

test('provisional frames are grouped into consecutive runs', () => {
  const runs = consecutiveRuns([frame(3), frame(4), frame(5), frame(9), frame(11), frame(12)]);
  assert.deepEqual(
    runs.map((r) => r.map((f) => f.frame)),
    [[3, 4, 5], [9], [11, 12]],
  );
  assert.deepEqual(consecutiveRuns([]), []);
});

test('a final results message passes the protocol check and carries the target replies in its range', () => {
  const frames = [frame(2), frame(3), frame(4)];
  const changes = [
    { t: 0, letter: 'B', beforeFrame: 0, response: { maxarg_letter: 'A', target_arg_prob: 0 }, sent: true as const },
    { t: 120, letter: 'C', beforeFrame: 3, response: { maxarg_letter: 'A', target_arg_prob: 0 }, sent: true as const },
  ];
  const message = finalResultsMessage(frames, LABELS_29, '', changes);
  const checked = checkExtensionToWebview(message);
  assert.ok(checked.ok, checked.ok ? '' : checked.error);
  assert.equal(message.start, 2);
  assert.deepEqual(message.targetReplies, [{ frame: 3, t: 120, reply: { maxarg_letter: 'A', target_arg_prob: 0 } }]);
  assert.deepEqual(message.transcript, [{ frame: 3, text: 'B' }]);
  assert.deepEqual(Array.from(message.sent!), [1, 0, 1]);
  assert.equal(message.emitted![1], 1);
  assert.equal(message.probs?.length, 3 * 29, 'with the distributions by default (a reload, the cache)');
  // After provisional results of the same frames: everything but the distributions, which they gave.
  const after = finalResultsMessage(frames, LABELS_29, '', changes, true);
  assert.ok(checkExtensionToWebview(after).ok);
  assert.equal(after.probs, undefined);
  assert.deepEqual({ ...after, probs: message.probs }, message);
  // Continuing after a chunk whose transcript was already 'B' lists no change.
  assert.deepEqual(finalResultsMessage([frame(5)], LABELS_29, 'B', changes).transcript, []);
  assert.equal(finalResultsMessage([frame(5)], LABELS_29, 'B', changes).targetReplies, undefined);
});

test('the serializer reads the session file and playhead from the webview state', () => {
  assert.deepEqual(restoredReplay({ file: '/s/a.landmarks.jsonl', frame: 42 }), { file: '/s/a.landmarks.jsonl', frame: 42 });
  assert.deepEqual(restoredReplay({ session: { file: '/s/b.jsonl' }, playhead: 7 }), { file: '/s/b.jsonl', frame: 7 });
  assert.deepEqual(restoredReplay({ file: '/s/c.jsonl', frame: -3 }), { file: '/s/c.jsonl', frame: undefined });
  assert.equal(restoredReplay({ frame: 3 }), undefined);
  assert.equal(restoredReplay(null), undefined);
  assert.equal(restoredReplay('state'), undefined);
});

test('export names are safe base names with the right extension', () => {
  assert.equal(exportFileName('probabilities', '/x/hello.landmarks.jsonl', '.png'), 'probabilities.png');
  assert.equal(exportFileName('../../etc/passwd', '/x/hello.landmarks.jsonl', '.csv'), 'passwd.csv');
  assert.equal(exportFileName('a:b?.CSV', '/x/hello.landmarks.jsonl', '.csv'), 'a_b_.CSV');
  assert.equal(exportFileName('  ', '/x/hello.landmarks.jsonl', '.csv'), 'hello.csv');
});

test('PNG data URLs are decoded and anything else is refused with a reason', () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const ok = pngBytesFromDataUrl(`data:image/png;base64,${png.toString('base64')}`);
  assert.ok(ok.ok && ok.bytes.equals(png));
  const jpeg = pngBytesFromDataUrl('data:image/jpeg;base64,/9j/4AAQ');
  assert.ok(!jpeg.ok && /not a PNG data URL/.test(jpeg.error));
  const fake = pngBytesFromDataUrl(`data:image/png;base64,${Buffer.from('hello world').toString('base64')}`);
  assert.ok(!fake.ok && /bad signature/.test(fake.error));
});

test('cached results decode to exactly what was encoded, and truncation is detected', () => {
  const replay: ReplayResult = {
    frames: [
      frame(0, { status: 'no-hand', probs: null, smoothed: null, response: null, sent: false, transcript: '' }),
      frame(1, { status: 'smoothing', smoothed: null, response: null }),
      frame(2, { target: 'C', transcript: 'a,"b"\n' }),
    ],
    targetChanges: [{ t: 1, letter: 'C', beforeFrame: 2, response: { maxarg_letter: 'A', target_arg_prob: 0 }, sent: true }],
    windows: 2,
  };
  const bytes = encodeResultsForCache(replay, 29);
  const back = decodeResultsFromCache(bytes);
  assert.deepEqual(back, replay);
  assert.throws(() => decodeResultsFromCache(bytes.subarray(0, bytes.length - 4)), /truncated/);
  assert.throws(() => decodeResultsFromCache(Buffer.from('nope')), /not a results cache entry/);
});

test('canonical JSON does not depend on key order', () => {
  assert.equal(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } }), canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  assert.notEqual(canonicalJson({ a: 1 }), canonicalJson({ a: 2 }));
});

test('provisional results carry the window distributions and statuses, without transcript changes', async () => {
  const { provisionalResultsMessage } = await import('../../../src/replayworker/resultsMessages');
  const { STATUS_READY, STATUS_SMOOTHING } = await import('../../../src/protocol/messages');
  const frames = [
    frame(7, { status: 'smoothing', smoothed: null, response: null, sent: false, transcript: '' }),
    frame(8, { smoothed: null, response: null, sent: false, transcript: 'X' }),
  ];
  const message = provisionalResultsMessage(frames, LABELS_29);
  assert.ok(checkExtensionToWebview(message).ok);
  assert.equal(message.start, 7);
  assert.deepEqual(Array.from(message.status), [STATUS_SMOOTHING, STATUS_READY]);
  assert.equal(message.probs![0 * 29 + 7], frames[0].probs![7]);
  assert.equal(message.probs![1 * 29 + 8], frames[1].probs![8]);
  // Only what is known before the sequential pass: no smoothing or reply columns to send.
  for (const field of ['smoothed', 'replyLetter', 'replyProb', 'sent', 'emitted'] as const) assert.equal(message[field], undefined, field);
  assert.deepEqual(message.transcript, []);
  assert.equal(message.provisional, true, 'marked, so the webview does not count the frames as analysed');
});

test('the webview boundary refuses final results without a reply column, and provisional ones without distributions', async () => {
  const { provisionalResultsMessage } = await import('../../../src/replayworker/resultsMessages');
  const final = finalResultsMessage([frame(2), frame(3)], LABELS_29, '', []);
  const { smoothed: _smoothed, ...noSmoothing } = final;
  const refused = checkExtensionToWebview(noSmoothing);
  assert.ok(!refused.ok && refused.error.includes("'smoothed' is missing"), refused.ok ? 'accepted' : refused.error);
  const provisional = provisionalResultsMessage([frame(2)], LABELS_29);
  const { probs: _probs, ...noProbs } = provisional;
  const refusedProvisional = checkExtensionToWebview(noProbs);
  assert.ok(!refusedProvisional.ok && refusedProvisional.error.includes("'probs' is missing"), refusedProvisional.ok ? 'accepted' : refusedProvisional.error);
  const short = { ...final, sent: new Uint8Array(1) };
  const refusedShort = checkExtensionToWebview(short);
  assert.ok(!refusedShort.ok && refusedShort.error.includes("'sent' has 1 values (expected 2)"), refusedShort.ok ? 'accepted' : refusedShort.error);
});

