// The attribution in the replay webview: heat on both hand views with its legend, the frame strip, the class
// picker, and requests that follow the playhead without holding up playback. The extension's answers are the
// producer's (the real model's occlusion batch, produce.ts), posted back with the request's id.
import { THEMES } from './themes.mjs';
import { assert, eq, hexRgb, load, near, pixel, seek, settle, withPage } from './cases.mjs';

/**
 * Answers every `requestAttribution` the page posts, after `delayMs`, as the extension would: with the
 * producer's answer for that frame, or a reason when it made none. Returns nothing; the page keeps answering.
 */
async function answerRequests(page, json, delayMs) {
  await page.evaluate(
    ([j, delay]) => {
      const answers = window.harness.attributions(j);
      let seen = 0;
      const poll = () => {
        const posted = window.harness.posted;
        for (; seen < posted.length; seen++) {
          const m = posted[seen];
          if (m.type !== 'requestAttribution') continue;
          const answer = answers[m.frame] ?? { type: 'attribution', frame: m.frame, reason: `no answer made for frame ${m.frame}` };
          setTimeout(() => window.harness.post({ ...answer, id: m.id }), delay);
        }
        setTimeout(poll, 5);
      };
      poll();
    },
    [json, delayMs],
  );
}

/** The drops of every landmark and window frame for class `c`, from an answer's rows (occlusion.ts's order). */
function drops(answer, c) {
  const C = answer.classCount;
  const probs = answer.probs;
  const base = probs[c];
  const landmarks = Array.from({ length: 21 }, (_, p) => base - probs[(1 + p) * C + c]);
  const frames = Array.from({ length: answer.windowFrames.length }, (_, f) => base - probs[(22 + f) * C + c]);
  return { landmarks, frames };
}

const argmaxAbs = (values) => values.reduce((best, v, i) => (Math.abs(v) > Math.abs(values[best]) ? i : best), 0);

/** What the page knows of the attribution at the playhead, as plain values. */
const attributionState = (page) =>
  page.evaluate(() => {
    const app = window.__landmarkLens;
    const card = app.views.attribution;
    const at = card.current;
    return {
      kind: at.kind,
      frame: at.frame,
      classIndex: at.scores?.classIndex,
      caption: card.caption.textContent,
      cells: card.strip.cells.map((c) => c.colour),
      heat: app.views.skeleton.heat ? Array.from(app.views.skeleton.heat.scores) : null,
      imagePoints: app.views.skeleton.imagePoints,
      modelPoints: app.views.skeleton.modelPoints,
      handLegend: document.getElementById('hand-heat-legend').hidden ? null : document.getElementById('hand-heat-legend').textContent,
      stripLegend: document.getElementById('attribution-strip-legend').hidden ? null : document.getElementById('attribution-strip-legend').textContent,
      requests: window.harness.posted.filter((m) => m.type === 'requestAttribution').length,
    };
  });

async function waitReady(page, frame) {
  await page.waitForFunction((f) => {
    const at = window.__landmarkLens.views.attribution.current;
    return at.kind !== 'pending' && at.frame === f;
  }, frame, { timeout: 15_000 });
  await settle(page);
}

export const ATTRIBUTION_CASES = [
  {
    name: 'attribution: heat on both hand views with a legend, the window strip, the class picker',
    async run(ctx) {
      const json = ctx.data.hello;
      const answers = JSON.parse(json).attributions;
      const frames = Object.keys(answers).map(Number).sort((a, b) => a - b);
      const middle = frames[2];
      const labels = ctx.expected.hello.labels;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, json);
        await settle(page);
        // Opened, before any window was attributed (no answers yet): no empty scale under the strip or the hand.
        const opened = await attributionState(page);
        assert(opened.kind !== 'ready', `nothing attributed yet: ${opened.kind}`);
        eq([opened.handLegend, opened.stripLegend], [null, null], 'no legend before any window is attributed');
        await answerRequests(page, json, 30);
        await seek(page, middle);
        await waitReady(page, middle);
        const answer = (await page.evaluate(([j, f]) => {
          const a = window.harness.attributions(j)[f];
          return { classCount: a.classCount, probs: Array.from(a.probs), windowFrames: Array.from(a.windowFrames) };
        }, [json, middle]));
        const probs0 = answer.probs.slice(0, answer.classCount);
        const predicted = probs0.indexOf(Math.max(...probs0));
        const expected = drops(answer, predicted);
        const s = await attributionState(page);
        eq(s.kind, 'ready', 'the window at the playhead is attributed');
        eq(s.classIndex, predicted, 'the predicted class by default');
        eq(s.heat.length, 21, 'a score per point drawn as heat');
        s.heat.forEach((v, p) => assert(Math.abs(v - expected.landmarks[p]) < 1e-6, `point ${p}: ${v}, expected ${expected.landmarks[p]}`));
        eq(s.cells.length, answer.windowFrames.length, 'one strip cell per window frame');
        const label = labels[predicted];
        assert(s.handLegend?.includes(`Drop in P(${label}) without the point`), `hand legend: ${s.handLegend}`);
        assert(s.stripLegend?.includes(`Drop in P(${label}) without the frame`) && s.stripLegend.includes(`for ${label}`) && s.stripLegend.includes("against"), `strip legend: ${s.stripLegend}`);
        assert(s.caption.includes(`Window ending at frame ${middle}`) && s.caption.includes(`P(${label})`), `caption: ${s.caption}`);
        // The strongest point is drawn in the scale's full colour, on both views.
        const top = argmaxAbs(expected.landmarks);
        const full = hexRgb(expected.landmarks[top] >= 0 ? THEMES.dark.vars['--vscode-charts-red'] : THEMES.dark.vars['--vscode-charts-blue']);
        const onImage = await pixel(page, '#hand-image', s.imagePoints.x[top], s.imagePoints.y[top]);
        const onModel = await pixel(page, '#hand-model', s.modelPoints.x[top], s.modelPoints.y[top]);
        assert(near(onImage, full), `image view, point ${top}: ${onImage} is not the full colour ${full}`);
        assert(near(onModel, full), `model view, point ${top}: ${onModel} is not the full colour ${full}`);
        const topFrame = argmaxAbs(expected.frames);
        const fullFrame = hexRgb(expected.frames[topFrame] >= 0 ? THEMES.dark.vars['--vscode-charts-red'] : THEMES.dark.vars['--vscode-charts-blue']);
        assert(near(hexOrRgb(s.cells[topFrame]), fullFrame, 2), `strip cell ${topFrame}: ${s.cells[topFrame]}`);
        await (await page.$('#card-hand')).screenshot({ path: `${ctx.resultsDir}/attribution-hand-dark.png` });
        await (await page.$('#card-attribution')).screenshot({ path: `${ctx.resultsDir}/attribution-strip-dark.png` });

        // Another class: scored from the same answer, no new request.
        const other = predicted === 1 ? 2 : 1;
        await page.evaluate((l) => window.__landmarkLens.views.attribution.attribution.pick(l), labels[other]);
        await settle(page);
        const picked = await attributionState(page);
        eq(picked.classIndex, other, 'the picked class');
        eq(picked.requests, s.requests, 'picking a class asks the extension nothing');
        const otherDrops = drops(answer, other);
        picked.heat.forEach((v, p) => assert(Math.abs(v - otherDrops.landmarks[p]) < 1e-6, `class ${labels[other]}, point ${p}`));
        assert(picked.handLegend.includes(`P(${labels[other]})`) && picked.caption.includes(`predicted ${label}`), `${picked.handLegend} / ${picked.caption}`);

        // No window at the first frame: the reason, no heat, no legend.
        await seek(page, frames[0]);
        await waitReady(page, frames[0]);
        const none = await attributionState(page);
        eq([none.kind, none.heat, none.handLegend, none.stripLegend, none.cells.length], ['none', null, null, null, 0], 'no window, no heat');
        assert(/no model window ends at frame 0|frame 0 has no hand/.test(none.caption), `caption: ${none.caption}`);
      });
    },
  },
  {
    name: 'attribution: light theme screenshot, and the heat follows a playing playhead without holding it up',
    async run(ctx) {
      const json = ctx.data.hello;
      const answers = JSON.parse(json).attributions;
      const frames = Object.keys(answers).map(Number).sort((a, b) => a - b);
      await withPage(ctx, { theme: 'light' }, async (page) => {
        await load(page, json);
        // Slow answers (150 ms each): playback must not wait for them, and must not queue one per frame.
        await answerRequests(page, json, 150);
        await seek(page, frames[3]);
        await waitReady(page, frames[3]);
        await (await page.$('#card-hand')).screenshot({ path: `${ctx.resultsDir}/attribution-hand-light.png` });
        await (await page.$('#card-attribution')).screenshot({ path: `${ctx.resultsDir}/attribution-strip-light.png` });
        const before = await attributionState(page);
        const played = await page.evaluate(async () => {
          const app = window.__landmarkLens;
          app.playback.seek(app.store.frameCount > 400 ? 100 : 40);
          const start = app.playback.frame;
          app.playback.play();
          await new Promise((r) => setTimeout(r, 1200));
          app.playback.pause();
          return { frames: app.playback.frame - start };
        });
        await settle(page);
        const after = await attributionState(page);
        const requests = after.requests - before.requests;
        assert(played.frames >= 20, `playback advanced ${played.frames} frames in 1.2 s`);
        assert(requests >= 2, `the attribution followed the playhead: ${requests} requests`);
        assert(requests <= Math.ceil(1200 / 150) + 2, `${requests} requests for ${played.frames} frames: at most one in flight`);
      });
    },
  },
];

/** [r, g, b] of an `rgb(...)` or `#rrggbb` colour. */
function hexOrRgb(colour) {
  if (colour.startsWith('#')) return hexRgb(colour);
  return colour.match(/\d+/g).slice(0, 3).map(Number);
}
