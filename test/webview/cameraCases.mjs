// The webview cases of sessions with camera images: the image drawn under the skeleton, its toggles,
// the images fetched one at a time, and the hand export with the image.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assert, eq, load, pixel, seek, settle, waitPosted, withPage } from './cases.mjs';

/** The camera session's messages, its init saying how many frames have an image (as the extension's replayInit does). */
function cameraSession(ctx) {
  const parsed = JSON.parse(ctx.data.camera);
  const init = parsed.messages.find((m) => m.type === 'init');
  init.session.images = parsed.expected.frames;
  return JSON.stringify(parsed);
}

/** Answers the webview's requestImage with the frame's JPEG, as the replay panel does (bytes, one message). */
export async function serveImages(ctx, page) {
  await page.exposeFunction('__jpegFor', (frame) => {
    try {
      return readFileSync(join(ctx.cameraImages, `${String(frame).padStart(6, '0')}.jpg`)).toString('base64');
    } catch {
      return '';
    }
  });
  await page.evaluate(() => {
    window.harness.onPosted = async (m) => {
      if (m.type !== 'requestImage') return;
      const b64 = await window.__jpegFor(m.frame);
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      window.harness.post({ type: 'frameImage', frame: m.frame, mime: 'image/jpeg', bytes });
    };
  });
}

/** Waits until the recorded view has drawn frame `f`'s camera image. */
export async function imageShown(page, f) {
  await page.waitForFunction((n) => window.__landmarkLens.views.skeleton.imageFrame === n, f, { timeout: 10_000 });
  await settle(page);
}

/** The frame's JPEG drawn by the page itself into `rect` (CSS px of the canvas) and read back at (x, y). */
export async function referencePixel(page, f, rect, x, y) {
  const b64 = await page.evaluate((n) => window.__jpegFor(n), f);
  return page.evaluate(
    async ([data, r, px, py]) => {
      const c = document.querySelector('#hand-image');
      const scale = c.width / c.getBoundingClientRect().width;
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0))], { type: 'image/jpeg' }));
      const off = new OffscreenCanvas(c.width, c.height);
      const g = off.getContext('2d');
      g.setTransform(scale, 0, 0, scale, 0, 0);
      g.drawImage(bitmap, r.x, r.y, r.width, r.height);
      return [...g.getImageData(Math.round(px * scale), Math.round(py * scale), 1, 1).data];
    },
    [b64, rect, x, y],
  );
}

export const close = (a, b, tolerance = 12) => a.slice(0, 3).every((v, i) => Math.abs(v - b[i]) <= tolerance);

/**
 * The Landmarks toggle over the camera image of frame `f` (image `rect`): the skeleton covers the image at
 * its points (`points`, in canvas pixels); toggled off, the canvas is the image there; toggled on again.
 */
export async function checkLandmarksToggle(page, points, f, rect) {
  const withSkeleton = [];
  for (let p = 0; p < 21; p += 4) withSkeleton.push(await pixel(page, '#hand-image', points.x[p], points.y[p]));
  await page.click('#hand-show-landmarks');
  await settle(page);
  eq(await page.getAttribute('#hand-show-landmarks', 'aria-pressed'), 'false', 'landmarks toggled off');
  eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.imagePoints), null, 'no landmarks drawn');
  let covered = 0;
  for (let i = 0, p = 0; p < 21; p += 4, i++) {
    const bare = await pixel(page, '#hand-image', points.x[p], points.y[p]);
    const expected = await referencePixel(page, f, rect, points.x[p], points.y[p]);
    assert(close(bare, expected), `without landmarks, the image at point ${p}: ${bare} vs ${expected}`);
    if (!close(withSkeleton[i], bare, 30)) covered++;
  }
  assert(covered >= 5, `the skeleton covers the image at its points (${covered} of 6 differ)`);
  await page.click('#hand-show-landmarks');
}

export const CAMERA_CASES = [
  {
    name: 'camera images: the frame\'s image is drawn under the skeleton; Image and Landmarks toggles; images fetched one at a time',
    async run(ctx) {
      const json = cameraSession(ctx);
      for (const theme of ['light', 'dark']) {
        await withPage(ctx, { theme }, async (page) => {
          await serveImages(ctx, page);
          await load(page, json);
          const f = 40;
          await page.locator('#timeline').focus();
          await page.keyboard.press('h');
          await seek(page, f);
          await imageShown(page, f);
          const view = () => page.evaluate(() => {
            const s = window.__landmarkLens.views.skeleton;
            return { rect: s.imageRect, points: s.imagePoints, aspect: s.imageAspect };
          });
          const { rect, points, aspect } = await view();
          eq(Math.round(aspect * 1080), 620, 'the aspect of the 620x1080 frames');
          eq((await page.textContent('#hand-image-caption')).trim(), 'as recorded, whole image, camera image', 'caption says the camera image is shown');
          // The image fills its rectangle: away from the hand, the canvas shows the JPEG's own pixels.
          const spots = [[0.1, 0.1], [0.9, 0.15], [0.15, 0.95], [0.85, 0.9]].map(([u, v]) => [rect.x + u * rect.width, rect.y + v * rect.height]);
          for (const [x, y] of spots) {
            const drawn = await pixel(page, '#hand-image', x, y);
            const expected = await referencePixel(page, f, rect, x, y);
            assert(drawn[3] === 255 && close(drawn, expected), `the camera image at (${x.toFixed(0)}, ${y.toFixed(0)}): drawn ${drawn}, the JPEG has ${expected}`);
          }
          // Over the image, the skeleton: at each landmark the canvas differs from the image, and with the
          // landmarks toggled off it is the image again.
          eq(await page.getAttribute('#hand-show-landmarks', 'aria-pressed'), 'true', 'landmarks shown');
          await checkLandmarksToggle(page, points, f, rect);
          // I hides the image: the canvas is transparent where the image was.
          await page.locator('#timeline').focus();
          await page.keyboard.press('i');
          await settle(page);
          eq(await page.getAttribute('#hand-show-image', 'aria-pressed'), 'false', 'I toggles the image off');
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.imageFrame), null, 'no image drawn');
          const [x0, y0] = spots[0];
          eq((await pixel(page, '#hand-image', x0, y0))[3], 0, 'nothing drawn where the image was');
          await page.waitForFunction(() => window.harness.state?.handImage === false, null, { timeout: 5000 });
          const tooltip = await page.getAttribute('#hand-show-image', 'title');
          assert(/palm detector's box and score are not drawn: @mediapipe\/hands/.test(tooltip), `the tooltip says why there is no palm box: ${tooltip}`);
          await page.keyboard.press('i');
          await imageShown(page, f);

          // Images come one request at a time: playing through the session asks for at most one per frame
          // shown, never all of them, and never the same frame twice.
          const before = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'requestImage').length);
          await page.evaluate(() => {
            window.__landmarkLens.playback.setSpeed(4);
            window.__landmarkLens.playback.toggle();
          });
          await page.waitForFunction(() => !window.__landmarkLens.playback.playing, null, { timeout: 20_000 });
          const requests = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'requestImage').map((m) => m.frame));
          const last = await page.evaluate(() => window.__landmarkLens.playback.frame);
          assert(requests.length - before >= 1 && requests.length - before <= last - f, `${requests.length - before} requests while playing frames ${f}..${last}`);
          eq(new Set(requests).size, requests.length, 'no frame asked for twice');
          await imageShown(page, last);

          await seek(page, 70);
          await imageShown(page, 70);
          await page.locator('#card-hand').scrollIntoViewIfNeeded();
          await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, `hand-camera-${theme}.png`) });
          await page.keyboard.press('h');
          await settle(page);
          await imageShown(page, 70);
          await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, `hand-camera-fit-${theme}.png`) });
          await ctx.screenshot(page, `replay-camera-${theme}`, { fullPage: true });
        });
      }
    },
  },
  {
    name: 'camera images: the hand export is a PNG of the recorded view with its image; a session without images has no image toggles',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await serveImages(ctx, page);
        await load(page, cameraSession(ctx));
        await page.locator('#timeline').focus();
        await page.keyboard.press('h');
        await seek(page, 12);
        await imageShown(page, 12);
        await page.click('#export-hand-png');
        const exported = await waitPosted(page, 'exportPng', { name: 'camera.frame-12.png' });
        assert(exported.dataUrl.startsWith('data:image/png;base64,'), 'a PNG data URL');
        const { rect } = await page.evaluate(() => ({ rect: window.__landmarkLens.views.skeleton.imageRect }));
        const [x, y] = [rect.x + 0.1 * rect.width, rect.y + 0.1 * rect.height];
        const fromPng = await page.evaluate(
          async ([url, px, py]) => {
            const bytes = Uint8Array.from(atob(url.slice(url.indexOf(',') + 1)), (ch) => ch.charCodeAt(0));
            const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
            const c = new OffscreenCanvas(bitmap.width, bitmap.height);
            const g = c.getContext('2d');
            g.drawImage(bitmap, 0, 0);
            return [...g.getImageData(Math.round(px), Math.round(py), 1, 1).data];
          },
          [exported.dataUrl, x, y],
        );
        const expected = await referencePixel(page, 12, rect, x, y);
        assert(close(fromPng, expected), `the exported PNG holds the camera image: ${fromPng} vs ${expected}`);
      });
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        eq(await page.locator('#hand-show-image').count(), 0, 'no Image toggle without images');
        eq(await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'requestImage').length), 0, 'no image requested');
        await page.click('#export-hand-png');
        await waitPosted(page, 'exportPng', { name: 'hello.frame-0.png' });
      });
    },
  },
];
