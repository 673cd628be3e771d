import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionWriter } from '../../../src/core/session/sessionWriter';
import { readLandmarksSession } from '../../../src/core/session/readLandmarksSession';
import { SessionImages, imagesFolderName, imageTypeOf } from '../../../src/core/session/sessionImages';
import { SessionError } from '../../../src/core/session/sessionError';
import { tempDir } from './testPaths';

const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n, n, n]);
const hand = () => ({ landmarks: new Float64Array(63).fill(0.5) });

test('a session with images: the header names the sidecar folder, each frame reads back its own bytes', async () => {
  const dir = tempDir();
  const path = join(dir, 'walk.landmarks.jsonl');
  const writer = await SessionWriter.create(path, { fps: 25 }, { images: true, flushEveryLines: 2, flushIntervalMs: 0 });
  writer.appendFrame({ t: 0, hands: [hand()] }, { bytes: jpeg(0), type: 'jpeg' });
  writer.appendFrame({ t: 40, hands: [] }, { bytes: jpeg(1), type: 'jpeg' });
  writer.appendFrame({ t: 80, hands: [hand()] }, null);
  writer.appendFrame({ t: 120, hands: [hand()] }, { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9]), type: 'png' });
  await writer.close();
  assert.equal(imagesFolderName(path), 'walk.images');
  assert.deepEqual(readdirSync(join(dir, 'walk.images')).sort(), ['000000.jpg', '000001.jpg', '000003.png']);
  const session = await readLandmarksSession(path);
  assert.equal(session.problems.length, 0);
  assert.equal(session.header.images, 'walk.images');
  const images = (await SessionImages.open(path, session.header))!;
  assert.equal(images.count, 3);
  assert.deepEqual((await images.read(1))!.bytes, jpeg(1));
  assert.equal(await images.read(2), null);
  const png = (await images.read(3))!;
  assert.equal(png.type, 'png');
  assert.equal(imageTypeOf(png.bytes), 'png');
  assert.equal(imageTypeOf(jpeg(0)), 'jpeg');
});

test('a recording cut short is valid: images are on disk before their lines, an orphan image and a partial file are ignored', async () => {
  const dir = tempDir();
  const path = join(dir, 'cut.landmarks.jsonl');
  const writer = await SessionWriter.create(path, { fps: 30 }, { images: true, flushEveryLines: 1, flushIntervalMs: 0 });
  for (let i = 0; i < 3; i++) writer.appendFrame({ t: i * 33, hands: [hand()] }, { bytes: jpeg(i), type: 'jpeg' });
  await writer.flush();
  // What a crash leaves: the next frame's image written, its line not; another image half-written.
  writeFileSync(join(dir, 'cut.images', '000003.jpg'), jpeg(3));
  writeFileSync(join(dir, 'cut.images', '.000004.jpg.partial'), jpeg(4).subarray(0, 2));
  const session = await readLandmarksSession(path);
  assert.equal(session.frames.length, 3);
  const images = (await SessionImages.open(path, session.header))!;
  for (let i = 0; i < 3; i++) assert.deepEqual((await images.read(i))!.bytes, jpeg(i));
  assert.equal(images.has(4), false);
  await writer.close();
});

test('overwriting a session with images clears the old ones; a bad or missing images folder is named', async () => {
  const dir = tempDir();
  const path = join(dir, 'again.landmarks.jsonl');
  const first = await SessionWriter.create(path, {}, { images: true });
  first.appendFrame({ t: 0, hands: [] }, { bytes: jpeg(7), type: 'jpeg' });
  first.appendFrame({ t: 1, hands: [] }, { bytes: jpeg(8), type: 'jpeg' });
  await first.close();
  const second = await SessionWriter.create(path, {}, { images: true, overwrite: true });
  second.appendFrame({ t: 0, hands: [] }, null);
  await second.close();
  assert.deepEqual(readdirSync(join(dir, 'again.images')), []);
  await assert.rejects(
    SessionImages.open(path, { type: 'header', format: 'landmark-session', version: 1, images: '../elsewhere' }),
    (e: unknown) => e instanceof SessionError && /header field 'images': expected the name of a folder beside the session file/.test(e.message),
  );
  const missing = (await SessionImages.open(path, { type: 'header', format: 'landmark-session', version: 1, images: 'gone.images' }))!;
  assert.equal(missing.count, 0);
  assert.match(missing.problem!, /gone\.images named by the header does not exist/);
  assert.equal(existsSync(join(dir, 'gone.images')), false);
  const plain = await SessionWriter.create(join(dir, 'plain.landmarks.jsonl'), {});
  assert.throws(() => plain.appendFrame({ t: 0, hands: [] }, { bytes: jpeg(1), type: 'jpeg' }), /created without images/);
  await plain.close();
});

test('convert --images copies a session\'s images to the new file\'s sidecar; without it the header names none', async () => {
  const { main } = await import('../../../src/cli/main');
  const dir = tempDir();
  const path = join(dir, 'src.landmarks.jsonl');
  const writer = await SessionWriter.create(path, { fps: 25 }, { images: true });
  for (let i = 0; i < 3; i++) writer.appendFrame({ t: i * 40, hands: [hand()] }, i === 1 ? null : { bytes: jpeg(i), type: 'jpeg' });
  await writer.close();
  const out = { stdout: '', stderr: '' };
  const io = { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), cwd: dir };
  assert.equal(await main(['convert', path, '--out', 'copy.landmarks.jsonl', '--images'], io), 0, out.stderr);
  assert.match(out.stdout, /3 frames .*, 2 images\n$/);
  const copy = await readLandmarksSession(join(dir, 'copy.landmarks.jsonl'));
  assert.equal(copy.header.images, 'copy.images');
  const images = (await SessionImages.open(join(dir, 'copy.landmarks.jsonl'), copy.header))!;
  assert.deepEqual((await images.read(2))!.bytes, jpeg(2));
  assert.equal(images.has(1), false);
  assert.equal(await main(['convert', path, '--out', 'plain.landmarks.jsonl'], io), 0);
  assert.equal((await readLandmarksSession(join(dir, 'plain.landmarks.jsonl'))).header.images, undefined);
  assert.equal(await main(['convert', join(dir, 'plain.landmarks.jsonl'), '--out', 'x.landmarks.jsonl', '--images'], io), 2);
  assert.match(out.stderr, /--images: .*plain\.landmarks\.jsonl has no camera images/);
  // send --as-app needs them too, and says so before it connects.
  out.stderr = '';
  assert.equal(await main(['send', 'plain.landmarks.jsonl', '--to', 'ws://127.0.0.1:9', '--as-app'], io), 2);
  assert.match(out.stderr, /--as-app: plain\.landmarks\.jsonl has no camera images \(its header names no images folder\); record a JPEG client/);
});
