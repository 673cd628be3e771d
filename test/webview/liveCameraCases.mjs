// The live panel with a camera client: the followed client's newest frame drawn under the skeleton, the
// Image and Landmarks toggles, images fetched one at a time while frames stream in (the webview holds only
// the one it shows), and the state of a client that sends landmarks only.
import { join } from 'node:path';
import { assert, eq, feedLive, pixel, seek, settle, withPage } from './cases.mjs';
import { checkLandmarksToggle, close, imageShown, referencePixel, serveImages } from './cameraCases.mjs';

/**
 * Answers requestImage as the live panel does, `delayMs` later (the extension host's round trip), with
 * empty bytes for frames before `keptFrom` (images it no longer keeps); logs the requests and how many
 * were unanswered at once.
 */
async function serveLiveImages(ctx, page, { delayMs = 0, keptFrom = 0 } = {}) {
  await serveImages(ctx, page);
  await page.evaluate(([delay, kept]) => {
    const log = { requests: [], outstanding: 0, maxOutstanding: 0 };
    window.__imageLog = log;
    window.harness.onPosted = async (m) => {
      if (m.type !== 'requestImage') return;
      log.requests.push(m.frame);
      log.maxOutstanding = Math.max(log.maxOutstanding, ++log.outstanding);
      await new Promise((r) => setTimeout(r, delay));
      const b64 = m.frame >= kept ? await window.__jpegFor(m.frame) : '';
      log.outstanding--;
      window.harness.post({ type: 'frameImage', frame: m.frame, mime: 'image/jpeg', bytes: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)) });
    };
  }, [delayMs, keptFrom]);
}

/** Samples, at every animation frame, the playhead and the frame whose image the recorded view drew. */
async function sampleShown(page) {
  await page.evaluate(() => {
    window.__shown = [];
    const tick = () => {
      const s = window.__landmarkLens.views?.skeleton;
      if (s) window.__shown.push([window.__landmarkLens.playback.frame, s.imageFrame]);
      if (!window.__stopSampling) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

const caption = async (page) => (await page.textContent('#hand-image-caption')).trim();
const visible = (page, selector) => page.locator(selector).isVisible();

export const LIVE_CAMERA_CASES = [
  {
    name: 'live camera: the newest frame drawn under the skeleton, Image and Landmarks toggles, one image in flight, landmarks-only clients',
    async run(ctx) {
      for (const theme of ['dark', 'light']) {
        await withPage(ctx, { theme }, async (page) => {
          await serveLiveImages(ctx, page, { delayMs: 25, keptFrom: 20 });
          await sampleShown(page);
          // 60 frames in batches of 3, 40 ms apart: the extension's flush, at a camera's pace.
          const total = await feedLive(page, ctx.data.camera, 3, 60, 0, {}, { camera: true }, 40);
          eq(total, 60, 'frames streamed');
          const last = total - 1;
          eq(await page.evaluate(() => window.__landmarkLens.playback.frame), last, 'following the newest frame');
          await imageShown(page, last);
          const shown = await page.evaluate(() => {
            window.__stopSampling = true;
            return window.__shown;
          });
          // Once the first image is there, each drawn frame has an image: the playhead's, or one a few frames
          // before it while the playhead's is on its way; never none (no blinking at every batch).
          const first = shown.findIndex(([, f]) => f !== null);
          assert(first >= 0, 'an image was drawn while streaming');
          const after = shown.slice(first);
          const blank = after.filter(([, f]) => f === null).length;
          eq(blank, 0, `animation frames without the image once it was shown (of ${after.length}: ${JSON.stringify(after)})`);
          const lag = Math.max(...after.map(([p, f]) => p - f));
          assert(lag >= 0 && lag <= 30, `the image drawn is at most a few frames behind the playhead: ${lag}`);
          const log = await page.evaluate(() => window.__imageLog);
          eq(log.maxOutstanding, 1, 'at most one image request in flight');
          assert(log.requests.length < total, `not every frame asked for: ${log.requests.length} requests for ${total} frames`);
          assert(log.requests.every((f, i) => i === 0 || f > log.requests[i - 1]), `following, each request is for a newer frame: ${log.requests}`);
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.images.held), 1, 'the webview holds only the image it shows');
          console.log(`    [live camera ${theme}] ${log.requests.length} image requests for ${total} frames, at most ${log.maxOutstanding} in flight; ${after.length} animation frames sampled after the first image, ${blank} without it, largest lag ${lag} frames`);

          // The toggles, as in a replay with images.
          assert(await visible(page, '#hand-show-image'), 'the Image toggle shows for a camera client');
          assert(await visible(page, '#hand-show-landmarks'), 'the Landmarks toggle shows for a camera client');
          eq(await caption(page), 'as recorded, fitted to the hand, camera image', 'the caption says the camera image is shown');
          eq(Math.round(await page.evaluate(() => window.__landmarkLens.views.skeleton.imageAspect) * 1080), 620, "the aspect of the camera's 620x1080 frames");
          await page.locator('#timeline').focus();
          await page.keyboard.press('h');
          await settle(page);
          await imageShown(page, last);
          const { rect, points } = await page.evaluate(() => {
            const s = window.__landmarkLens.views.skeleton;
            return { rect: s.imageRect, points: s.imagePoints };
          });
          const spots = [[0.1, 0.1], [0.9, 0.15], [0.15, 0.95], [0.85, 0.9]].map(([u, v]) => [rect.x + u * rect.width, rect.y + v * rect.height]);
          for (const [x, y] of spots) {
            const drawn = await pixel(page, '#hand-image', x, y);
            const expected = await referencePixel(page, last, rect, x, y);
            assert(drawn[3] === 255 && close(drawn, expected), `the camera image at (${x.toFixed(0)}, ${y.toFixed(0)}): drawn ${drawn}, the JPEG has ${expected}`);
          }
          await checkLandmarksToggle(page, points, last, rect);
          await page.locator('#timeline').focus();
          await page.keyboard.press('i');
          await settle(page);
          eq(await page.getAttribute('#hand-show-image', 'aria-pressed'), 'false', 'I toggles the image off');
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.imageFrame), null, 'no image drawn');
          eq((await pixel(page, '#hand-image', spots[0][0], spots[0][1]))[3], 0, 'nothing drawn where the image was');
          eq(await caption(page), 'as recorded, whole image', 'the caption without the image');
          await page.keyboard.press('i');
          await imageShown(page, last);
          await page.locator('#card-hand').scrollIntoViewIfNeeded();
          await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, `live-hand-camera-${theme}.png`) });
          await ctx.screenshot(page, `live-camera-${theme}`, { fullPage: true });

          // Scrubbed back past the images the extension keeps: the frame's image is said to be gone.
          await seek(page, 10);
          await page.waitForFunction(() => window.__landmarkLens.views.skeleton.images.hasNone(10), null, { timeout: 5000 });
          await settle(page);
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.imageFrame), null, 'no image for frame 10');
          eq(await caption(page), 'as recorded, whole image, camera image no longer kept', 'the caption says the image was let go');
          await seek(page, 30);
          await imageShown(page, 30);

          // The camera client leaves and a client that sends landmarks is followed: no image, no toggles.
          await page.click('#follow');
          await imageShown(page, last);
          const before = await page.evaluate(() => window.__imageLog.requests.length);
          await feedLive(page, ctx.data.camera, 3, 90, 60, {}, { camera: false }, 10);
          await settle(page);
          eq(await page.evaluate(() => window.__landmarkLens.playback.frame), 89, 'following the new client');
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.imageFrame), null, 'no image under a landmarks client');
          assert(!(await visible(page, '#hand-show-image')) && !(await visible(page, '#hand-show-landmarks')), 'no image toggles for a landmarks client');
          eq(await page.evaluate(() => window.__imageLog.requests.length), before, 'no image asked for');
        });
      }
    },
  },
  {
    name: 'live camera: a client that sends landmarks only has no image toggles and says so; I does nothing',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await serveLiveImages(ctx, page);
        await feedLive(page, ctx.data.camera, 16, 64, 0, {}, { camera: false });
        await settle(page);
        eq(await page.locator('#hand-show-image').isVisible(), false, 'no Image toggle');
        eq(await page.locator('#hand-show-landmarks').isVisible(), false, 'no Landmarks toggle');
        eq(await caption(page), 'as recorded, fitted to the hand · landmarks only: this client sends no camera image', 'the caption says why there is no image');
        const choiceBefore = await page.evaluate(() => window.harness.state?.handImage ?? true);
        await page.locator('#timeline').focus();
        await page.keyboard.press('i');
        await settle(page);
        eq(await page.evaluate(() => window.harness.state?.handImage ?? true), choiceBefore, 'I does nothing without images');
        eq(await page.evaluate(() => window.__imageLog.requests.length), 0, 'no image asked for');
        assert(await page.evaluate(() => window.__landmarkLens.views.skeleton.imagePoints !== null), 'the landmarks are drawn');
        await page.locator('#card-hand').scrollIntoViewIfNeeded();
        await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, 'live-hand-landmarks-only-dark.png') });
      });
    },
  },
];
