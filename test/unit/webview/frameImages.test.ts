import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameImages, LIVE_IMAGES } from '../../../src/webview/frameImages';
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

test('an answer that is not the one in flight (one for the panel before a re-init) is dropped', async () => {
  installBitmaps();
  const images = new FrameImages(() => undefined, () => undefined);
  images.want(2);
  await images.receive(image(9));
  assert.equal(images.decodedCount, 0);
  assert.equal(images.want(9)?.frame ?? null, null);
});

test('live: only the image shown is kept; while the playhead frame\'s image is on its way the newest earlier one stands in', async () => {
  const { closed } = installBitmaps();
  const posted: WebviewToExtension[] = [];
  const images = new FrameImages((m) => posted.push(m), () => undefined, LIVE_IMAGES);
  assert.equal(images.want(10), null, 'nothing to show before the first image');
  await images.receive(image(10));
  assert.equal(images.want(10)?.frame, 10);
  // The next batch of frames arrives: frame 13 is asked for, and 10's image stands in until it comes.
  assert.equal(images.want(13)?.frame, 10);
  assert.deepEqual(posted.map((m) => (m as { frame: number }).frame), [10, 13]);
  await images.receive(image(13));
  assert.equal(images.want(13)?.frame, 13);
  assert.equal(images.held, 1, 'one decoded image held: the one shown');
  assert.deepEqual(closed, [0], "10's image closed once 13's arrived");
  // No stand-in for an earlier frame (scrubbed back), nor one too far ahead.
  assert.equal(images.want(12), null);
  await images.receive({ type: 'frameImage', frame: 12, mime: 'image/jpeg', bytes: new Uint8Array(0) });
  assert.equal(images.want(13 + 31), null);
  assert.equal(images.hasNone(12), true);
});

test('frames known to have no image are remembered up to a bound, so a long live stream does not grow it', async () => {
  installBitmaps();
  const posted: WebviewToExtension[] = [];
  const images = new FrameImages((m) => posted.push(m), () => undefined, LIVE_IMAGES);
  for (let f = 0; f < 3000; f++) {
    images.want(f);
    await images.receive({ type: 'frameImage', frame: f, mime: 'image/jpeg', bytes: new Uint8Array(0) });
  }
  assert.equal(images.hasNone(2999), true);
  assert.equal(images.hasNone(0), false, 'the oldest forgotten');
  assert.equal(posted.length, 3000);
});
