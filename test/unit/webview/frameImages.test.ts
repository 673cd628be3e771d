import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameImages } from '../../../src/webview/frameImages';
import type { WebviewToExtension } from '../../../src/protocol/messages';

/** Node has no createImageBitmap: a stand-in that "decodes" any non-empty blob (the webview tests decode for real). */
function installBitmaps(): { closed: number[] } {
  const closed: number[] = [];
  let next = 0;
  (globalThis as Record<string, unknown>).createImageBitmap = async (blob: Blob) => {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    if (bytes[0] === 0) throw new Error('does not decode');
    const id = next++;
    return { width: 620, height: 1080, close: () => closed.push(id) };
  };
  return { closed };
}

const image = (frame: number, first = 0xff) => ({ type: 'frameImage' as const, frame, mime: 'image/jpeg', bytes: Uint8Array.from([first, 0xd8, 0xff]) });

test('one request at a time: while one is answered the newest wanted frame waits, frames in between are never asked for', async () => {
  installBitmaps();
  const posted: WebviewToExtension[] = [];
  const redrawn: number[] = [];
  const images = new FrameImages((m) => posted.push(m), (f) => redrawn.push(f));
  assert.equal(images.want(0), null);
  images.want(1);
  images.want(2);
  images.want(5);
  assert.deepEqual(posted, [{ type: 'requestImage', frame: 0 }]);
  await images.receive(image(0));
  assert.deepEqual(posted.map((m) => (m as { frame: number }).frame), [0, 5]);
  assert.notEqual(images.want(0), null);
  assert.deepEqual(images.naturalSize, { width: 620, height: 1080 });
  await images.receive(image(5));
  assert.notEqual(images.want(5), null);
  assert.deepEqual(redrawn, [0, 5]);
  assert.equal(posted.length, 2);
});

test('a frame without an image, or whose bytes do not decode, is not asked for again', async () => {
  installBitmaps();
  const posted: WebviewToExtension[] = [];
  const images = new FrameImages((m) => posted.push(m), () => undefined);
  images.want(3);
  await images.receive({ type: 'frameImage', frame: 3, mime: 'image/jpeg', bytes: new Uint8Array(0) });
  images.want(4);
  await images.receive(image(4, 0));
  assert.equal(images.want(3), null);
  assert.equal(images.want(4), null);
  assert.equal(images.hasNone(3) && images.hasNone(4), true);
  assert.equal(posted.length, 2);
  assert.equal(images.decodedCount, 0);
});

test('only the last few decoded images are kept; older ones are closed', async () => {
  const { closed } = installBitmaps();
  const images = new FrameImages(() => undefined, () => undefined);
  for (let f = 0; f < 10; f++) {
    images.want(f);
    await images.receive(image(f));
  }
  assert.deepEqual(closed, [0, 1]);
  assert.equal(images.want(0), null);
  assert.notEqual(images.want(9), null);
});

test('a frame wanted again while its image is being decoded is not asked for again', async () => {
  installBitmaps();
  const posted: WebviewToExtension[] = [];
  const images = new FrameImages((m) => posted.push(m), () => undefined);
  images.want(7);
  const decoding = images.receive(image(7));
  // A draw during the decode wants the same frame.
  images.want(7);
  await decoding;
  assert.notEqual(images.want(7), null);
  assert.deepEqual(posted, [{ type: 'requestImage', frame: 7 }]);
});
