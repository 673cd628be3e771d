import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameImageMessage, openReplayImages } from '../../../src/extension/replay/replayImages';
import { checkExtensionToWebview, checkWebviewToExtension, type SessionInfo } from '../../../src/protocol/messages';
import { sessionInfo } from '../../../src/replayworker/sessionInfo';
import type { Session } from '../../../src/core/session/types';

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function info(imagesFolder?: string): SessionInfo {
  return { frameCount: 3, fps: 25, source: '', file: '', startMs: 0, endMs: 80, ...(imagesFolder ? { imagesFolder } : {}) };
}

function sessionFolder(): { dir: string; file: string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'replay-images-'));
  return { dir, file: join(dir, 'clip.landmarks.jsonl'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test("a replay's images: the header's folder is listed, each frame's bytes come with their type, a frame without one gets empty bytes", async () => {
  const s = sessionFolder();
  try {
    mkdirSync(join(s.dir, 'clip.images'));
    writeFileSync(join(s.dir, 'clip.images', '000000.jpg'), JPEG);
    writeFileSync(join(s.dir, 'clip.images', '000002.png'), PNG);
    const opened = await openReplayImages(s.file, info('clip.images'));
    assert.equal(opened.imagesProblem, undefined);
    assert.equal(opened.images?.count, 2);
    const first = await frameImageMessage(opened.images, 0);
    assert.deepEqual([first.message.mime, [...first.message.bytes]], ['image/jpeg', [...JPEG]]);
    const third = await frameImageMessage(opened.images, 2);
    assert.equal(third.message.mime, 'image/png');
    const none = await frameImageMessage(opened.images, 1);
    assert.equal(none.message.bytes.length, 0);
    assert.equal((await frameImageMessage(opened.images, -3)).message.bytes.length, 0);
    // What the panel posts passes the webview's boundary check, and the request does the other way.
    assert.equal(checkExtensionToWebview(first.message).ok, true);
    assert.equal(checkWebviewToExtension({ type: 'requestImage', frame: 2 }).ok, true);
    assert.match((checkWebviewToExtension({ type: 'requestImage', frame: '2' }) as { error: string }).error, /field 'frame' is string \(expected number\)/);
  } finally {
    s.done();
  }
});

test('a header naming a missing images folder, or a path, is a problem naming it; no header images: nothing to open', async () => {
  const s = sessionFolder();
  try {
    const missing = await openReplayImages(s.file, info('clip.images'));
    assert.equal(missing.images, null);
    assert.match(missing.imagesProblem ?? '', /the images folder .*clip\.images named by the header does not exist/);
    const path = await openReplayImages(s.file, info('../elsewhere'));
    assert.match(path.imagesProblem ?? '', /header field 'images': expected the name of a folder beside the session file, found "\.\.\/elsewhere"/);
    assert.deepEqual(await openReplayImages(s.file, info()), { images: null });
    assert.equal((await frameImageMessage(null, 0)).message.bytes.length, 0);
  } finally {
    s.done();
  }
});

test("the session info carries the header's images folder and the image aspect from its width and height", () => {
  const session = (header: Record<string, unknown>) =>
    ({ header: { type: 'header', format: 'landmark-session', version: 1, ...header }, frames: [], targets: [], labels: [], problems: [] }) as unknown as Session;
  const withImages = sessionInfo(session({ images: 'clip.images', width: 620, height: 1080 }), 'clip.landmarks.jsonl');
  assert.equal(withImages.imagesFolder, 'clip.images');
  assert.equal(withImages.imageAspect, 620 / 1080);
  const without = sessionInfo(session({ width: 0, height: 1080, images: 7 }), 'x.landmarks.jsonl');
  assert.equal(without.imageAspect, undefined);
  assert.equal(without.imagesFolder, undefined);
});
