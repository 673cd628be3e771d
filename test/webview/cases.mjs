// The webview cases: each opens a fresh page, feeds real pipeline output and asserts on what is drawn.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knobCases } from './knobCases.mjs';
import { assert, eq } from './check.mjs';

async function withPage(ctx, options, fn) {
  const opened = await ctx.openPage(options);
  try {
    await fn(opened.page, opened);
    // Everything the webview posted is a valid protocol message.
    const posted = await opened.page.evaluate(() => window.harness.posted);
    for (const m of posted) {
      const checked = ctx.protocol.checkWebviewToExtension(m);
      assert(checked.ok, `the webview posted an invalid message: ${checked.error}`);
    }
    const violations = await opened.page.evaluate(() => window.harness.violations);
    assert(violations.length === 0, `CSP violations: ${violations.join('; ')}`);
    assert(opened.errors.length === 0, `page errors: ${opened.errors.join('; ')}`);
  } finally {
    await opened.context.close();
  }
}

/** Two animation frames: the webview draws in requestAnimationFrame. */
/** Waits until the page has handled every message posted (a panel is built in several tasks), then two frames. */
async function settle(page) {
  await page.waitForFunction(() => window.__landmarkLens.messagesHandled && window.__landmarkLens.views !== null, null, { timeout: 30_000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

async function load(page, json) {
  await page.evaluate((j) => window.harness.feed(j), json);
  await waitPosted(page, 'rendered');
  await settle(page);
}

/** The first message of `type` the webview posted whose fields include `match`. */
async function waitPosted(page, type, match = {}) {
  const handle = await page.waitForFunction(
    ([t, fields]) =>
      window.harness.posted.find((m) => m.type === t && Object.entries(fields).every(([k, v]) => JSON.stringify(m[k]) === JSON.stringify(v))),
    [type, match],
    { timeout: 15_000 },
  );
  return handle.jsonValue();
}

/** The session's init and frames, then what the extension says when the model is missing: the problem and a stopped analysis. */
async function postFailedAnalysis(page, json) {
  await page.evaluate(async (j) => {
    const messages = window.harness.decode(j).filter((m) => m.type === 'init' || m.type === 'frames');
    messages.push({ type: 'problems', problems: [{ file: '/models/missing.onnx', field: 'landmarkLens.modelPath', message: 'file not found' }] });
    messages.push({ type: 'analysisProgress', done: 0, total: 229, error: '/models/missing.onnx: file not found' });
    for (const m of messages) window.harness.post(m);
  }, json);
}

/** The `rendered` report of a session drawn whole with every result, from the pipeline's figures. */
const renderedOf = (ex) => ({
  type: 'rendered', frames: ex.frames, transcript: ex.transcript, repliesSent: ex.repliesSent, noHandFrames: ex.noHandFrames,
  windows: ex.windows, distributions: ex.windows, problems: 0,
});

export const frame = (page) => page.evaluate(() => window.__landmarkLens.playback.frame);
const seek = async (page, f) => {
  await page.evaluate((n) => {
    window.__landmarkLens.playback.pause();
    window.__landmarkLens.playback.seek(n);
  }, f);
  await settle(page);
};

/** Top classes by peak window probability over the session, as the pipeline computed them. */
function topClasses(expected, n) {
  const c = expected.labels.length;
  const peak = new Array(c).fill(0);
  expected.probs.forEach((row, i) => {
    if (!row || (expected.statuses[i] !== 'ready' && expected.statuses[i] !== 'smoothing')) return;
    row.forEach((v, k) => {
      if (v > peak[k]) peak[k] = Math.fround(v);
    });
  });
  return [...peak.keys()].sort((a, b) => peak[b] - peak[a] || a - b).slice(0, n);
}

/** The Python backend's reply text (json.dumps) for a response. */
function wire(r) {
  const p = Number(r.target_arg_prob.toFixed(4));
  return `{"maxarg_letter": ${JSON.stringify(r.maxarg_letter)}, "target_arg_prob": ${Number.isInteger(p) ? p.toFixed(1) : p}}`;
}

/** Canvas pixel [r, g, b, a] at CSS coordinates. */
async function pixel(page, selector, x, y) {
  return page.evaluate(
    ([sel, px, py]) => {
      const c = document.querySelector(sel);
      const scale = c.width / c.getBoundingClientRect().width;
      return [...c.getContext('2d').getImageData(Math.round(px * scale), Math.round(py * scale), 1, 1).data];
    },
    [selector, x, y],
  );
}

function hexRgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function near(rgb, target, tolerance = 40) {
  return rgb.slice(0, 3).every((v, i) => Math.abs(v - target[i]) <= tolerance);
}

/**
 * Where the whole-image framing draws point `p` of frame `f` (`lm`: the session's landmarks, 63 a frame) in
 * the hand view's `box`: the 4:3 picture fitted 4 px inside it, centred.
 */
function imagePoint(box, lm, f, p) {
  let w = box.width - 8;
  let h = w / (4 / 3);
  if (h > box.height - 8) {
    h = box.height - 8;
    w = h * (4 / 3);
  }
  return { x: (box.width - w) / 2 + lm[f * 63 + p * 3] * w, y: (box.height - h) / 2 + lm[f * 63 + p * 3 + 1] * h };
}

/** The frame whose time is the last <= ms, from the pipeline's times. */
function frameAtTime(t, ms) {
  let f = 0;
  for (let i = 0; i < t.length; i++) if (t[i] <= ms) f = i;
  return f;
}

/**
 * Live: the same real output re-cut into appended chunks, in order, as the live panel sends it; from frame 0 it
 * starts with the panel's init messages (with `initExtra`; false: none, the panel has started). `framesExtra`
 * goes into each frames message (the live panel's `camera`), `pauseMs` between chunks (its flush).
 */
async function feedLive(page, json, chunk, upto = Infinity, from = 0, initExtra = {}, framesExtra = {}, pauseMs = 0) {
  return page.evaluate(
    async ([j, size, limit, first, extra, framesExtraIn, pause]) => {
      const { init, frames, results } = window.harness.replayParts(j);
      // The live panel's session says nothing of images: whether a client sends them comes with its frames.
      delete init.session.images;
      delete init.session.imagesFolder;
      delete init.session.imageAspect;
      const total = Math.min(frames.count, limit);
      if (first === 0 && extra !== false) {
        // The live panel opens before a model is loaded (no labels), then re-inits with the model's labels.
        window.harness.post({ ...init, mode: 'live', title: 'Live', labels: [], model: null, session: { ...init.session, frameCount: 0, file: '' } });
        await new Promise((r) => setTimeout(r, 0));
        window.harness.post({ ...init, mode: 'live', title: 'Live', session: { ...init.session, frameCount: 0, file: '' }, ...extra });
        await new Promise((r) => setTimeout(r, 0));
      }
      const c = init.labels.length;
      const cut = (arr, from, to, per) => arr.slice(from * per, to * per);
      for (let s = first; s < total; s += size) {
        const e = Math.min(total, s + size);
        window.harness.post({
          type: 'frames', start: s, count: e - s, t: cut(frames.t, s, e, 1), landmarks: cut(frames.landmarks, s, e, 63),
          hasHand: cut(frames.hasHand, s, e, 1), totalFrames: e, ...framesExtraIn,
        });
        const pieces = {};
        for (const name of ['status', 'replyLetter', 'replyProb', 'sent', 'bufferFill', 'smoothingFill', 'target', 'emitted']) {
          const typed = results[0][name];
          const out = new typed.constructor(e - s);
          for (const r of results) {
            for (let i = Math.max(s, r.start); i < Math.min(e, r.start + r.count); i++) out[i - s] = r[name][i - r.start];
          }
          pieces[name] = out;
        }
        const probs = new Float32Array((e - s) * c);
        const smoothed = new Float32Array((e - s) * c);
        const transcript = [];
        for (const r of results) {
          for (let i = Math.max(s, r.start); i < Math.min(e, r.start + r.count); i++) {
            probs.set(r.probs.subarray((i - r.start) * c, (i - r.start + 1) * c), (i - s) * c);
            smoothed.set(r.smoothed.subarray((i - r.start) * c, (i - r.start + 1) * c), (i - s) * c);
          }
          for (const t of r.transcript) if (t.frame >= s && t.frame < e) transcript.push(t);
        }
        const problems = results.flatMap((r) => r.problems ?? []).filter((p) => p.frame >= s && p.frame < e);
        window.harness.post({ type: 'results', start: s, count: e - s, classCount: c, probs, smoothed, transcript, ...pieces, ...(problems.length ? { problems } : {}) });
        await new Promise((r) => setTimeout(r, pause));
      }
      return total;
    },
    [json, chunk, upto === Infinity ? 1e9 : upto, from, initExtra, framesExtra, pauseMs],
  );
}

/** A liveStats message as the live panel posts it, with `fields` changed. */
function liveStats(fields = {}) {
  return {
    type: 'liveStats', fps: 30, windowSpanS: 1.1, latencyP50Ms: 8, latencyP95Ms: 20, repliesSent: 3, repliesThrottled: 5, dropped: 0,
    clients: 1, address: 'ws://127.0.0.1:8765', recording: false, cameraFrames: 0, detectorP50Ms: 0, detectorP95Ms: 0, noHand: 0,
    undecodable: 0, detector: 'idle', ...fields,
  };
}

/** The helpers the other case files share. */
export { assert, eq, withPage, settle, load, waitPosted, pixel, seek, hexRgb, near, feedLive };
import { EVALUATION_CASES } from './evaluationCases.mjs';

export const CASES = [
  {
    name: 'replay renders real pipeline output and reports it with rendered',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        const first = await page.evaluate(() => window.harness.posted[0]);
        eq(first, { type: 'ready', protocol: 1 }, 'first message');
        await load(page, ctx.data.hello);
        const rendered = await waitPosted(page, 'rendered');
        eq(
          rendered,
          renderedOf(ex),
          'rendered report',
        );
        const count = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'rendered').length);
        eq(count, 1, 'rendered posted once');
        await seek(page, Math.floor(ex.frames * 0.6));
        await ctx.screenshot(page, 'replay-dark', { fullPage: true });
        await page.locator('#card-distribution').screenshot({ path: join(ctx.resultsDir, 'distribution-dark.png') });
        await page.locator('#card-reply').screenshot({ path: join(ctx.resultsDir, 'reply-card-dark.png') });
      });
    },
  },
  {
    name: 'bulk messages: frames and results fetched from their files, in order among posted ones, make the same panel',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        const uris = await page.evaluate(async (j) => {
          const messages = window.harness.decode(j);
          const uris = [];
          for (const m of messages) {
            // The frames and every other results message by file, the rest posted, all in the producer's order.
            if (m.type === 'frames' || (m.type === 'results' && m.start % 2 === 0)) uris.push(await window.harness.postBulk(m));
            else window.harness.post(m);
          }
          return uris;
        }, ctx.data.hello);
        assert(uris.length >= 2, `${uris.length} bulk messages`);
        const rendered = await waitPosted(page, 'rendered');
        eq(
          rendered,
          renderedOf(ex),
          'rendered report',
        );
        const fetched = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'bulkFetched').map((m) => m.uri));
        eq(fetched, uris, 'each file acknowledged once, in order');
        // A file that is not a bulk message: one error naming it, acknowledged, and the panel keeps working.
        const bad = await page.evaluate(async () => {
          const uri = `${location.origin}${await (await fetch('/bulk', { method: 'POST', body: 'garbage' })).text()}`;
          window.harness.post({ type: 'bulk', uri, bytes: 7 });
          return uri;
        });
        const error = await waitPosted(page, 'error');
        assert(error.message === `could not load 7 bytes of session data from ${bad}: not a bulk message (7 bytes, expected "LLB2" first)`, error.message);
        await waitPosted(page, 'bulkFetched', { uri: bad });
        eq(await page.evaluate(() => window.__landmarkLens.store.frameCount), ex.frames, 'the session is still shown');
      });
    },
  },
  {
    name: 'frames in messages among the results, as the replay worker sends them, draw what frames sent first draw',
    async run(ctx) {
      const ex = ctx.expected.hello;
      // The charts' pixels once everything is drawn: a checksum of each canvas.
      const drawn = async (order) => {
        let sums = null;
        await withPage(ctx, { theme: 'dark' }, async (page) => {
          const messages = await page.evaluate(([j, order]) => {
            const all = window.harness.decode(j);
            if (order === 'first') {
              for (const m of all) window.harness.post(m);
              return all.length;
            }
            // The frames message cut into messages of 32 frames: the first (with the spans and targets)
            // before any results, the others one after each results message (of 48 frames), so results
            // come before the frames they are at.
            const frames = all.find((m) => m.type === 'frames');
            const perFrame = frames.landmarks.length / frames.count;
            const parts = [];
            for (let s = 0; s < frames.count; s += 32) {
              const n = Math.min(32, frames.count - s);
              const part = { type: 'frames', start: frames.start + s, count: n, t: frames.t.slice(s, s + n), landmarks: frames.landmarks.slice(s * perFrame, (s + n) * perFrame), hasHand: frames.hasHand.slice(s, s + n) };
              parts.push(s === 0 ? { ...frames, ...part } : part);
            }
            const sent = [];
            for (const m of all) {
              if (m.type === 'frames') continue;
              sent.push(m);
              if (m.type === 'init' || m.type === 'results') if (parts.length) sent.push(parts.shift());
            }
            sent.push(...parts);
            for (const m of sent) window.harness.post(m);
            return sent.length;
          }, [ctx.data.hello, order]);
          assert(messages > 2, `${messages} messages`);
          const rendered = await waitPosted(page, 'rendered');
          eq(rendered, renderedOf(ex), `rendered report (${order})`);
          await settle(page);
          sums = await page.evaluate(() => Object.fromEntries(['#heatmap', '#probability-chart', '#smoothing-chart'].map((sel) => [sel, window.harness.pixelSum(document.querySelector(sel))])));
        });
        return sums;
      };
      const first = await drawn('first');
      const among = await drawn('among');
      assert(Number(first['#heatmap'].split(' ')[1]) > 0, `the heatmap is drawn: ${first['#heatmap']}`);
      eq(among, first, 'the same pixels');
    },
  },
  {
    name: 'the timeline\'s label lane, drawn ahead and copied from its image, equals the lane drawn in place',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.letters);
        await settle(page);
        const sums = await page.evaluate(() => {
          const timeline = window.__landmarkLens.views.timeline;
          const canvas = document.querySelector('.timeline-base');
          const sum = () => window.harness.pixelSum(canvas);
          const redraw = () => {
            timeline.drawnFor = '';
            timeline.redraw();
            return sum();
          };
          const drawnWhileLoading = sum();
          const lane = timeline.labelLane;
          // A new lane drawn ahead (the loading's step before the lanes), then copied by the redraw.
          timeline.labelLane = new lane.constructor();
          timeline.prepareLabels();
          const prepared = redraw();
          // Without its image: the spans drawn on the timeline's canvas itself.
          timeline.labelLane = new lane.constructor();
          timeline.labelLane.image = () => null;
          const inPlace = redraw();
          timeline.labelLane = lane;
          return { drawnWhileLoading, prepared, inPlace, labels: timeline.laneMiddle('labels') };
        });
        assert(sums.labels !== null, 'the letters session has a label lane');
        eq(sums.prepared, sums.inPlace, 'drawn ahead and copied: the same pixels as drawn in place');
        eq(sums.drawnWhileLoading, sums.inPlace, 'as loaded: the same pixels as drawn in place');
        await page.locator('.timeline-wrap').screenshot({ path: join(ctx.resultsDir, 'timeline-label-lane.png') });
      });
    },
  },
  {
    name: 'the heatmap computed in stretches over several calls equals the heatmap computed in one',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        await settle(page);
        const r = await page.evaluate(() => {
          const view = window.__landmarkLens.views.probability;
          const heatmap = view.heatmap;
          const canvas = document.querySelector('#heatmap');
          const sum = () => window.harness.pixelSum(canvas);
          const loaded = sum();
          // Every cell again, 16 frames a stretch, a stretch a call (no time left in a budget of 0 ms).
          heatmap.stretch = 16;
          heatmap.rescan.reset();
          let calls = 0;
          const during = [];
          do {
            view.drawHeatmap(0);
            calls++;
            if (calls === 2) during.push(sum());
          } while (view.heatmapWorkLeft && calls < 10000);
          const stretched = sum();
          heatmap.stretch = 1e9;
          heatmap.rescan.reset();
          view.drawHeatmap();
          return { loaded, during, stretched, whole: sum(), calls, frames: window.__landmarkLens.store.frameCount };
        });
        assert(r.calls >= Math.floor(r.frames / 16), `${r.calls} calls for ${r.frames} frames`);
        eq(r.stretched, r.whole, 'in stretches: the same pixels as in one');
        eq(r.during[0], r.loaded, 'while the stretches run, the strip shows the cells as they were');
        eq(r.whole, r.loaded, 'as loaded');
      });
    },
  },
  {
    name: 'a resize rebuilds the charts and the heatmap at the panel\'s next draws, as a rebuild at the new size draws them',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        await settle(page);
        const width = () => page.evaluate(() => window.__landmarkLens.views.probability.heatmap.heat.canvas.width);
        const before = await width();
        await page.setViewportSize({ width: 900, height: 1000 });
        await settle(page);
        await page.waitForFunction(() => {
          const v = window.__landmarkLens.views;
          return !v.probability.resizePending && !v.smoothing.resizePending && !v.probability.heatmapWorkLeft;
        });
        await settle(page);
        const r = await page.evaluate(() => {
          const views = window.__landmarkLens.views;
          const sum = (sel) => window.harness.pixelSum(document.querySelector(sel));
          const sels = ['#probability-chart', '#probability-focus', '#heatmap', '#smoothing-chart'];
          const drawn = sels.map(sum);
          const area = views.probability.chart.chartArea;
          const heatWidth = views.probability.heatmap.heat.canvas.width;
          views.probability.heatmap.rescan.reset();
          views.probability.rebuild();
          views.smoothing.rebuild();
          return { drawn, rebuilt: sels.map(sum), heatWidth, areaWidth: Math.round(area.right - area.left) };
        });
        assert(r.heatWidth < before, `the heatmap's columns follow the narrower chart: ${before} -> ${r.heatWidth}`);
        eq(r.heatWidth, r.areaWidth, 'a heatmap column per plot pixel');
        eq(r.drawn, r.rebuilt, 'as a rebuild at the new size draws them');
      });
    },
  },
  {
    name: 'probability chart: top classes as labelled lines with the pipeline values, heatmap of every class',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        const top = topClasses(ex, 5);
        const info = await page.evaluate(() => {
          const chart = window.__landmarkLens.views.probability.chart;
          return chart.data.datasets.map((d) => ({ label: d.label, data: d.data.map((p) => [p.x, Number.isNaN(p.y) ? null : p.y]) }));
        });
        eq(info.map((d) => d.label), top.map((k) => ex.labels[k]), 'dataset labels (top 5 classes by peak)');
        const t0 = ex.t[0];
        for (const [slot, k] of top.entries()) {
          const points = info[slot].data.filter(([, y]) => y !== null);
          const withWindow = ex.probs.map((row, i) => (row ? i : -1)).filter((i) => i >= 0);
          eq(points.length, withWindow.length, `${ex.labels[k]} points (one per frame with a window: 168 frames need no decimation)`);
          for (const [j, i] of withWindow.entries()) {
            const [x, y] = points[j];
            assert(Math.abs(x - (ex.t[i] - t0) / 1000) < 1e-9, `${ex.labels[k]} x of frame ${i}`);
            assert(Math.abs(y - Math.fround(ex.probs[i][k])) < 1e-6, `${ex.labels[k]} value at frame ${i}: ${y} vs ${ex.probs[i][k]}`);
          }
        }
        // Heatmap: the top class's row is lit at its peak column, in the theme's blue.
        const k = top[0];
        let peakFrame = 0;
        ex.probs.forEach((row, i) => {
          if (row && row[k] > (ex.probs[peakFrame]?.[k] ?? -1)) peakFrame = i;
        });
        const where = await page.evaluate(([f, cls]) => {
          const p = window.__landmarkLens.views.probability;
          return { x: p.xOfFrame(f) + 0.5, y: (cls + 0.5) * (p.heatmapHeight() / window.__landmarkLens.store.classCount) };
        }, [peakFrame, k]);
        const lit = await pixel(page, '#heatmap', where.x, where.y);
        const blue = hexRgb('#3794ff');
        const bg = hexRgb('#1e1e1e');
        const p = ex.probs[peakFrame][k];
        // sqrt mapping between background and blue, as drawn.
        const expectedRgb = bg.map((b, i) => b + (blue[i] - b) * Math.sqrt(p));
        assert(near(lit, expectedRgb, 30), `heatmap cell of ${ex.labels[k]} at frame ${peakFrame}: ${lit} vs ${expectedRgb.map(Math.round)}`);
        const chips = await page.$$eval('#class-chips button', (b) => b.map((x) => [x.dataset.class, x.getAttribute('aria-pressed')]));
        eq(chips.length, ex.labels.length, 'one toggle per class');
        eq(chips.filter(([, p]) => p === 'true').map(([l]) => l).sort(), top.map((c) => ex.labels[c]).sort(), 'pressed toggles');
        // Toggling a hidden class adds its line.
        const hidden = ex.labels.find((l) => !top.map((c) => ex.labels[c]).includes(l));
        await page.click(`#class-chips button[data-class="${hidden}"]`);
        await settle(page);
        const labels = await page.evaluate(() => window.__landmarkLens.views.probability.chart.data.datasets.map((d) => d.label));
        assert(labels.includes(hidden) && labels.length === 6, `after toggling ${hidden}: ${labels}`);
      });
    },
  },
  {
    name: 'play and pause move one cursor shared by the timeline and both charts',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        await page.click('#play');
        await page.waitForFunction(() => window.__landmarkLens.playback.frame > 20, null, { timeout: 10_000 });
        eq((await page.textContent('#play')).trim(), 'Pause', 'play button label while playing');
        await page.click('#play');
        const stopped = await frame(page);
        await page.waitForTimeout(300);
        eq(await frame(page), stopped, 'frame after pause');
        await settle(page);
        const cursors = await page.evaluate(() => {
          const v = window.__landmarkLens.views;
          return { prob: v.probability.cursorX, smooth: v.smoothing.cursorX, timeline: v.timeline.cursorX };
        });
        const expectedX = await page.evaluate(([t, t0]) => {
          const v = window.__landmarkLens.views;
          return {
            prob: v.probability.chart.scales.x.getPixelForValue((t - t0) / 1000),
            smooth: v.smoothing.chart.scales.x.getPixelForValue((t - t0) / 1000),
          };
        }, [ex.t[stopped], ex.t[0]]);
        assert(Math.abs(cursors.prob - expectedX.prob) < 0.5, `probability cursor ${cursors.prob} vs ${expectedX.prob}`);
        assert(Math.abs(cursors.smooth - expectedX.smooth) < 0.5, `smoothing cursor ${cursors.smooth} vs ${expectedX.smooth}`);
        // The cursor is drawn on the overlay, in the focus colour, and nowhere else on that row.
        const focus = hexRgb('#007fd4');
        const on = await pixel(page, '#probability-overlay', Math.round(cursors.prob), 120);
        assert(near(on, focus, 10) && on[3] > 200, `overlay pixel at the cursor: ${on}`);
        const off = await pixel(page, '#probability-overlay', Math.round(cursors.prob) + 20, 120);
        eq(off[3], 0, 'overlay alpha away from the cursor');
        const box = await page.locator('#timeline').boundingBox();
        const tlExpected = 64 + ((ex.t[stopped] - ex.t[0]) / (ex.t[ex.frames - 1] - ex.t[0])) * (box.width - 64 - 8);
        assert(Math.abs(cursors.timeline - tlExpected) < 0.5, `timeline cursor ${cursors.timeline} vs ${tlExpected}`);
      });
    },
  },
  {
    name: 'while playing, cards out of view skip their drawing and show the paused frame after',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark', height: 600 }, async (page) => {
        await load(page, ctx.data.hello);
        assert(await page.evaluate(() => document.querySelector('#card-hand').getBoundingClientRect().top >= window.innerHeight), 'the hand card starts below the fold');
        // The viewport's observer reports a card's place at a rendering update after the layout that put it
        // there; until then the panel counts the card as in view (and draws it).
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0)))));
        // The frames the hand views are drawn at from now on.
        await page.evaluate(() => {
          const view = window.__landmarkLens.views.skeleton;
          const draw = view.draw.bind(view);
          window.handDraws = [];
          view.draw = (f) => {
            window.handDraws.push(f);
            draw(f);
          };
        });
        const start = await frame(page);
        await page.evaluate(() => window.__landmarkLens.playback.play());
        await page.waitForFunction((s) => window.__landmarkLens.playback.frame > s + 20, start, { timeout: 10_000 });
        eq(await page.evaluate(() => window.handDraws.length), 0, 'hand views drawn while out of view and playing');
        await page.evaluate(() => window.__landmarkLens.playback.pause());
        await settle(page);
        const stopped = await frame(page);
        const paused = await page.evaluate(() => window.handDraws);
        assert(paused.length >= 1, 'the hand views drew at the pause');
        eq(paused.at(-1), stopped, 'the hand views show the paused frame');
        const points = await page.evaluate(() => window.__landmarkLens.views.skeleton.imagePoints);
        eq(points !== null, Boolean(ctx.expected.hello.hasHand[stopped]), 'the hand drawn (or "no hand") at the paused frame');
        // In view, they draw while playing.
        await page.locator('#card-hand').scrollIntoViewIfNeeded();
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        await page.evaluate(() => {
          window.handDraws = [];
          window.__landmarkLens.playback.play();
        });
        await page.waitForFunction((s) => window.__landmarkLens.playback.frame > s + 20, stopped, { timeout: 10_000 });
        const inView = await page.evaluate(() => window.handDraws.length);
        await page.evaluate(() => window.__landmarkLens.playback.pause());
        assert(inView >= 5, `hand views drawn ${inView} times while in view and playing`);
      });
    },
  },
  {
    name: 'step, jump to replies and emissions, first/last with the keyboard',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        await page.locator('#timeline').focus();
        await page.keyboard.press('Home');
        eq(await frame(page), 0, 'Home');
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
        eq(await frame(page), 3, 'three steps forward');
        await page.keyboard.press('ArrowLeft');
        eq(await frame(page), 2, 'one step back');
        const nextSent = ex.sent.findIndex((s, i) => s && i > 2);
        await page.keyboard.press('Shift+ArrowRight');
        eq(await frame(page), nextSent, 'next sent reply');
        await page.keyboard.press('Shift+ArrowRight');
        const second = ex.sent.findIndex((s, i) => s && i > nextSent);
        eq(await frame(page), second, 'the one after');
        await page.keyboard.press('Shift+ArrowLeft');
        eq(await frame(page), nextSent, 'previous sent reply');
        const emission = ex.emitted.findIndex((e, i) => e !== null && i > nextSent);
        await page.keyboard.press('.');
        eq(await frame(page), emission >= 0 ? emission : nextSent, 'next decoder emission');
        await page.keyboard.press('End');
        eq(await frame(page), ex.frames - 1, 'End');
        await page.click('#step-back');
        eq(await frame(page), ex.frames - 2, 'step back button');
        await page.click('#prev-reply');
        const prev = ex.sent.map((s, i) => (s && i < ex.frames - 2 ? i : -1)).filter((i) => i >= 0).pop();
        eq(await frame(page), prev, 'previous reply button');
        await settle(page);
        const readout = await page.textContent('#readout');
        assert(readout.startsWith(`frame ${prev} / ${ex.frames - 1} · ${((ex.t[prev] - ex.t[0]) / 1000).toFixed(3)} s`), `readout: ${readout}`);
      });
    },
  },
  {
    name: 'scrub by dragging on the timeline; shift+drag selects a loop range',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'light' }, async (page) => {
        await load(page, ctx.data.hello);
        const box = await page.locator('#timeline').boundingBox();
        const plot = box.width - 64 - 8;
        const at = (fraction) => box.x + 64 + plot * fraction;
        const expectFrame = (fraction) => frameAtTime(ex.t, ex.t[0] + fraction * (ex.t[ex.frames - 1] - ex.t[0]));
        await page.mouse.move(at(0.1), box.y + 20);
        await page.mouse.down();
        eq(await frame(page), expectFrame(0.1), 'frame at pointer down');
        await page.mouse.move(at(0.35), box.y + 20, { steps: 4 });
        eq(await frame(page), expectFrame(0.35), 'frame while dragging');
        await page.mouse.move(at(0.62), box.y + 20, { steps: 4 });
        await page.mouse.up();
        eq(await frame(page), expectFrame(0.62), 'frame after the drag');
        await settle(page);
        const x = await page.evaluate(() => window.__landmarkLens.views.timeline.cursorX);
        const px = await pixel(page, '#timeline', Math.round(x), 30);
        assert(near(px, hexRgb('#0090f1'), 10), `timeline cursor pixel ${px}`);
        await ctx.screenshot(page, 'scrubbed-light', { fullPage: true });
        await page.keyboard.down('Shift');
        await page.mouse.move(at(0.2), box.y + 20);
        await page.mouse.down();
        await page.mouse.move(at(0.4), box.y + 20, { steps: 3 });
        await page.mouse.up();
        await page.keyboard.up('Shift');
        const sel = await page.evaluate(() => window.__landmarkLens.playback.selection);
        eq(sel, { startFrame: expectFrame(0.2), endFrame: expectFrame(0.4) }, 'selection');
        await page.keyboard.press('l');
        const looping = await page.evaluate(() => window.__landmarkLens.playback.loopOn);
        eq(looping, true, 'L turns the loop on');
        eq(await page.getAttribute('#loop', 'aria-pressed'), 'true', 'loop button pressed');
        await page.keyboard.press('Space');
        // Playing a loop stays inside the selection (wraps at its end).
        await page.waitForFunction(() => window.__landmarkLens.playback.frame > 0, null);
        const seen = await page.evaluate(
          () =>
            new Promise((resolve) => {
              const frames = [];
              const start = performance.now();
              const tick = () => {
                frames.push(window.__landmarkLens.playback.frame);
                if (performance.now() - start < 2500) requestAnimationFrame(tick);
                else resolve(frames);
              };
              requestAnimationFrame(tick);
            }),
        );
        await page.keyboard.press('Space');
        assert(seen.every((f) => f >= sel.startFrame && f <= sel.endFrame), `frames outside the loop: ${seen.filter((f) => f < sel.startFrame || f > sel.endFrame)}`);
        const wrapped = seen.some((f, i) => i > 0 && f < seen[i - 1]);
        assert(wrapped, 'playback wrapped at the end of the loop within 2.5 s (selection is shorter)');
      });
    },
  },
  {
    name: 'zoom and pan the time axis (wheel, buttons, keys); traces follow',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        const range = () => page.evaluate(() => {
          const s = window.__landmarkLens.views.probability.chart.scales.x;
          const sm = window.__landmarkLens.views.smoothing.chart.scales.x;
          return { min: s.min, max: s.max, smin: sm.min, smax: sm.max };
        });
        const full = await range();
        const box = await page.locator('#probability-overlay').boundingBox();
        await page.mouse.move(box.x + box.width / 2, box.y + 100);
        await page.mouse.wheel(0, -200);
        await settle(page);
        const zoomed = await range();
        assert(zoomed.max - zoomed.min < (full.max - full.min) * 0.9, `wheel zoom: ${JSON.stringify(zoomed)} vs ${JSON.stringify(full)}`);
        eq([zoomed.smin, zoomed.smax], [zoomed.min, zoomed.max], 'smoothing chart shares the zoom');
        const points = await page.evaluate(() => window.__landmarkLens.views.probability.chart.data.datasets[0].data.map((p) => p.x));
        const inside = points.filter((x) => x >= zoomed.min && x <= zoomed.max).length;
        assert(points.length - inside <= 2, `points outside the view: ${points.length - inside} (one neighbour each side allowed)`);
        // Drag pans.
        await page.mouse.move(box.x + box.width / 2, box.y + 100);
        await page.mouse.down();
        await page.mouse.move(box.x + box.width / 2 - 150, box.y + 100, { steps: 5 });
        await page.mouse.up();
        await settle(page);
        const panned = await range();
        assert(panned.min > zoomed.min && Math.abs(panned.max - panned.min - (zoomed.max - zoomed.min)) < 1e-6, `pan: ${JSON.stringify(panned)}`);
        await page.keyboard.press('0');
        await settle(page);
        eq(await range(), full, 'key 0 shows everything');
        await page.click('#zoom-in');
        await settle(page);
        const half = await range();
        assert(Math.abs((half.max - half.min) - (full.max - full.min) / 2) < 1e-6, `zoom button halves the span: ${JSON.stringify(half)}`);
        await ctx.screenshot(page, 'zoomed-dark', { fullPage: true });
        await page.click('#zoom-fit');
        await settle(page);
        eq(await range(), full, 'All button');
      });
    },
  },
  {
    name: 'focus a class (dropdown, toggle, line click); smoothing traces and reply marks follow',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        const smoothing = () => page.evaluate(() => window.__landmarkLens.views.smoothing.chart.data.datasets.map((d) => ({ label: d.label, n: d.data.filter((p) => !Number.isNaN(p.y)).length, ys: d.data.map((p) => p.y) })));
        // The toolkit dropdown: open it and pick E.
        await page.click('#focus');
        await page.click('#focus vscode-option[value="E"]');
        await settle(page);
        let sets = await smoothing();
        eq(sets.map((d) => d.label), ['E window', 'E smoothed', 'sent reply', 'throttled reply'], 'smoothing datasets after picking E');
        const kE = ex.labels.indexOf('E');
        eq(sets[0].n, ex.probs.filter(Boolean).length, 'E window points');
        eq(sets[1].n, ex.smoothed.filter(Boolean).length, 'E smoothed points');
        const smoothedE = ex.smoothed.filter(Boolean).map((r) => Math.fround(r[kE]));
        assert(sets[1].ys.filter((y) => !Number.isNaN(y)).every((y, i) => Math.abs(y - smoothedE[i]) < 1e-6), 'E smoothed values');
        eq(sets[2].n, ex.sent.filter(Boolean).length, 'sent reply marks');
        eq(sets[3].n, ex.responses.filter((r, i) => r && !ex.sent[i]).length, 'throttled reply marks');
        // Right-click on a class toggle focuses it.
        await page.click('#class-chips button[data-class="O"]', { button: 'right' });
        await settle(page);
        sets = await smoothing();
        eq(sets[0].label, 'O window', 'focus after right-clicking O');
        // A click on a drawn line focuses that line's class.
        const target = await page.evaluate(() => {
          const p = window.__landmarkLens.views.probability;
          const ds = p.chart.data.datasets;
          const slot = ds.length - 1;
          const pts = ds[slot].data.filter((q) => !Number.isNaN(q.y));
          const q = pts[Math.floor(pts.length * 0.7)];
          return { label: ds[slot].label, x: p.chart.scales.x.getPixelForValue(q.x), y: p.chart.scales.y.getPixelForValue(q.y) };
        });
        const box = await page.locator('#probability-overlay').boundingBox();
        await page.mouse.click(box.x + target.x, box.y + target.y);
        await settle(page);
        sets = await smoothing();
        // Several lines can cross at that point; the nearest one wins, which is the clicked one unless equal.
        eq(sets[0].label, `${target.label} window`, 'focus after clicking a line');
        eq(await page.evaluate(() => window.__landmarkLens.views.probability.focusClass), ex.labels.indexOf(target.label), 'probability chart highlights the focused class');
        // The focused class's line is drawn thick on a layer of its own: a focus change leaves the chart's canvas as it was.
        const litOnLayer = () => page.evaluate(() => {
          const c = document.querySelector('#probability-focus');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let lit = 0;
          for (let i = 3; i < d.length; i += 4) if (d[i]) lit++;
          return lit;
        });
        const chartPixels = () => page.evaluate(() => window.harness.pixelSum(document.querySelector('#probability-chart')));
        const lineChart = await chartPixels();
        const thick = await litOnLayer();
        assert(thick > 200, `the focused line on its layer: ${thick} pixels`);
        const notLine = await page.evaluate(() => {
          const p = window.__landmarkLens.views.probability;
          return window.__landmarkLens.store.labels.find((_, k) => !p.shown.includes(k));
        });
        await page.evaluate((label) => window.__landmarkLens.setFocus(label), notLine);
        await settle(page);
        eq(await page.evaluate(() => window.__landmarkLens.views.probability.focusClass), ex.labels.indexOf(notLine), `focus on ${notLine}, not drawn as a line`);
        eq(await litOnLayer(), 0, 'no thick line for a class not drawn as a line');
        eq(await chartPixels(), lineChart, 'the chart\'s canvas not drawn again for the focus change');
        await page.evaluate((label) => window.__landmarkLens.setFocus(label), target.label);
        await settle(page);
        eq(await litOnLayer(), thick, 'the same thick line when its class is focused again');
        // Auto focus goes back to the smoothed argmax at the playhead.
        await page.click('#focus');
        await page.click('#focus vscode-option[value="auto"]');
        const ready = ex.statuses.lastIndexOf('ready');
        await seek(page, ready);
        const arg = ex.smoothed[ready].indexOf(Math.max(...ex.smoothed[ready]));
        sets = await smoothing();
        eq(sets[0].label, `${ex.labels[arg]} window`, 'auto focus = smoothed argmax');
      });
    },
  },
  {
    name: 'skeleton: points drawn at the recorded landmarks and the model view; no hand said; drag rotates',
    async run(ctx) {
      const ex = ctx.expected.hello;
      const frames = JSON.parse(ctx.data.hello).messages.find((m) => m.type === 'frames');
      const lm = new Float32Array(Buffer.from(frames.landmarks.b64, 'base64').buffer.slice(0));
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        const withHand = ex.hasHand.findIndex((h, i) => h && i > 40);
        // The whole-image framing, whose placement is the image's own (the default fits the hand).
        await page.locator('#timeline').focus();
        await page.keyboard.press('h');
        await seek(page, withHand);
        const pts = await page.evaluate(() => window.__landmarkLens.views.skeleton.imagePoints);
        assert(pts, 'image points drawn');
        const box = await page.locator('#hand-image').boundingBox();
        const bg = hexRgb('#1e1e1e');
        for (let p = 0; p < 21; p++) {
          const { x, y } = imagePoint(box, lm, withHand, p);
          assert(Math.abs(pts.x[p] - x) < 0.01 && Math.abs(pts.y[p] - y) < 0.01, `point ${p} at ${pts.x[p]},${pts.y[p]} vs ${x},${y}`);
          const px = await pixel(page, '#hand-image', x, y);
          assert(px[3] > 100 && !near(px, bg, 12), `point ${p}: nothing drawn at its position (${px})`);
        }
        // Between two far-apart fingertips (thumb tip 4, pinky tip 20) there is background, so the hand is not a blob.
        const model = await page.evaluate(() => window.__landmarkLens.views.skeleton.modelPoints);
        assert(model, 'model view drawn');
        // The model's view: wrist-relative, divided by the largest absolute value, centred, then the
        // default rotation (yaw -0.5, pitch 0.35) projected orthographically.
        {
          const base = withHand * 63;
          const shifted = [...Array(63).keys()].map((i) => lm[base + i] - lm[base + (i % 3)]);
          const maxAbs = Math.max(...shifted.map(Math.abs));
          const norm = shifted.map((v) => Math.fround(v / maxAbs));
          const centre = [0, 1, 2].map((a) => norm.filter((_, i) => i % 3 === a).reduce((x, y) => x + y, 0) / 21);
          const mbox0 = await page.locator('#hand-model').boundingBox();
          const scale = Math.min(mbox0.width, mbox0.height) * 0.62;
          const [yaw, pitch] = [-0.5, 0.35];
          for (let p = 0; p < 21; p++) {
            const [x, y, z] = [0, 1, 2].map((a) => norm[p * 3 + a] - centre[a]);
            const x1 = x * Math.cos(yaw) + z * Math.sin(yaw);
            const z1 = -x * Math.sin(yaw) + z * Math.cos(yaw);
            const y2 = y * Math.cos(pitch) - z1 * Math.sin(pitch);
            const ex = mbox0.width / 2 + x1 * scale;
            const ey = mbox0.height / 2 + y2 * scale;
            assert(Math.abs(model.x[p] - ex) < 0.05 && Math.abs(model.y[p] - ey) < 0.05, `model point ${p} at ${model.x[p]},${model.y[p]} vs ${ex},${ey}`);
          }
        }
        for (let p = 0; p < 21; p++) {
          const px = await pixel(page, '#hand-model', model.x[p], model.y[p]);
          assert(px[3] > 100 && !near(px, bg, 12), `model point ${p}: nothing drawn at its position (${px})`);
        }
        // The same frame gives the same pixels whatever was drawn before: as shown, drawn again, and drawn on a
        // fresh context (what a resize gives).
        const redrawn = await page.evaluate((frame) => {
          const view = window.__landmarkLens.views.skeleton;
          const c = document.querySelector('#hand-model');
          const g = c.getContext('2d');
          const pixels = () => {
            const d = g.getImageData(0, 0, c.width, c.height).data;
            let h = 2166136261;
            for (let i = 0; i < d.length; i++) h = Math.imul(h ^ d[i], 16777619) >>> 0;
            return h;
          };
          const shown = pixels();
          view.draw(frame);
          const again = pixels();
          g.reset();
          g.setTransform(devicePixelRatio, 0, 0, devicePixelRatio, 0, 0);
          view.invalidate();
          view.draw(frame);
          return [shown, again, pixels()];
        }, withHand);
        eq(new Set(redrawn).size, 1, `model view pixels as shown, drawn again, on a fresh context: ${redrawn}`);
        await page.locator('#hand-model').scrollIntoViewIfNeeded();
        const mbox = await page.locator('#hand-model').boundingBox();
        await page.mouse.move(mbox.x + mbox.width / 2, mbox.y + mbox.height / 2);
        await page.mouse.down();
        await page.mouse.move(mbox.x + mbox.width / 2 + 80, mbox.y + mbox.height / 2 + 20, { steps: 4 });
        await page.mouse.up();
        const rotated = await page.evaluate(() => window.__landmarkLens.views.skeleton.modelPoints);
        const yaw = await page.evaluate(() => window.__landmarkLens.views.skeleton.yaw);
        assert(Math.abs(yaw - (-0.5 + 0.8)) < 1e-6, `yaw after dragging 80 px: ${yaw}`);
        assert(rotated.x.some((x, i) => Math.abs(x - model.x[i]) > 2), 'points moved when rotated');
        await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, 'hand-dark.png') });
        const noHand = ex.hasHand.indexOf(false);
        if (noHand >= 0) {
          await seek(page, noHand);
          const none = await page.evaluate(() => [window.__landmarkLens.views.skeleton.imagePoints, window.__landmarkLens.views.skeleton.modelPoints]);
          eq(none, [null, null], 'no points at a no-hand frame');
          // "no hand" text is drawn in the middle of the canvas.
          const lit = await page.evaluate(() => {
            const c = document.querySelector('#hand-image');
            const d = c.getContext('2d').getImageData(c.width / 2 - 30, c.height / 2 - 8, 60, 16).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 100) n++;
            return n;
          });
          assert(lit > 20, `"no hand" text pixels: ${lit}`);
          eq(await page.textContent('#status-chip'), 'no-hand', 'status chip at a no-hand frame');
          await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, 'hand-no-hand-dark.png') });
        }
      });
    },
  },
  {
    name: 'reply, throttle state, transcript, status chip and buffer fills match the pipeline frame by frame',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'light' }, async (page) => {
        await load(page, ctx.data.hello);
        const firstSmoothing = ex.statuses.indexOf('smoothing');
        const firstReady = ex.statuses.indexOf('ready');
        const lastEmission = ex.emitted.map((e, i) => (e !== null ? i : -1)).filter((i) => i >= 0).pop() ?? ex.frames - 1;
        const probe = [...new Set([0, 5, firstSmoothing, firstReady, firstReady + 7, lastEmission, ex.frames - 1])].filter((f) => f >= 0);
        for (const f of probe) {
          await seek(page, f);
          const ui = await page.evaluate(() => ({
            chip: document.querySelector('#status-chip').textContent,
            buffer: document.querySelector('#buffer-fill').textContent,
            smoothing: document.querySelector('#smoothing-fill').textContent,
            reply: document.querySelector('#reply-json').textContent,
            throttle: document.querySelector('#throttle-state').textContent,
            soFar: document.querySelector('.transcript-done').textContent + document.querySelector('.transcript-current').textContent,
            current: document.querySelector('.transcript-current').textContent,
          }));
          eq(ui.chip, ex.statuses[f], `status chip at ${f}`);
          eq(ui.buffer, `buffer ${ex.bufferFill[f]}/32`, `buffer fill at ${f}`);
          eq(ui.smoothing, `smoothing ${ex.smoothingFill[f]}/5`, `smoothing fill at ${f}`);
          const r = ex.responses[f];
          eq(ui.reply, r ? wire(r) : 'no reply', `reply at ${f}`);
          eq(ui.throttle, r ? (ex.sent[f] ? 'sent' : 'throttled') : '', `throttle state at ${f}`);
          eq(ui.soFar, ex.transcripts[f], `transcript so far at ${f}`);
          eq(ui.current, ex.transcripts[f].slice(-1), `highlighted letter at ${f}`);
        }
        await seek(page, firstReady + 7);
        await ctx.screenshot(page, 'reply-light', { fullPage: true });
      });
    },
  },
  {
    name: 'keyboard: help overlay, speed, loop, play/pause, tab order with focus rings',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        await page.keyboard.press('Shift+?');
        assert(await page.isVisible('#help-overlay'), 'help overlay visible after ?');
        const text = await page.textContent('#help-overlay');
        for (const k of ['Space', 'Shift+←', '[  ]', 'Home  End', 'Play / pause', 'Previous / next decoder emission', 'Loop']) assert(text.includes(k), `help lists ${k}`);
        eq(await page.evaluate(() => document.activeElement.closest('#help-overlay') !== null), true, 'focus moved into the help dialog');
        await ctx.screenshot(page, 'help-dark');
        await page.keyboard.press('Tab');
        eq(await page.evaluate(() => document.activeElement.closest('#help-overlay') !== null), true, 'Tab stays in the help dialog');
        await page.keyboard.press('ArrowRight');
        eq(await frame(page), 0, 'shortcuts are inert while help is open');
        await page.keyboard.press('Escape');
        assert(!(await page.isVisible('#help-overlay')), 'Escape closes help');
        await page.keyboard.press(']');
        eq(await page.evaluate(() => window.__landmarkLens.playback.speed), 1.5, '] speeds up');
        await page.keyboard.press(']');
        await page.keyboard.press(']');
        await page.keyboard.press(']');
        eq(await page.evaluate(() => window.__landmarkLens.playback.speed), 4, 'speed tops out at 4x');
        for (let i = 0; i < 8; i++) await page.keyboard.press('[');
        eq(await page.evaluate(() => window.__landmarkLens.playback.speed), 0.25, 'speed bottoms out at 0.25x');
        await settle(page);
        assert((await page.textContent('#readout')).endsWith('0.25x'), 'readout shows the speed');
        await page.locator('#timeline').focus();
        await page.keyboard.press('Space');
        eq(await page.evaluate(() => window.__landmarkLens.playback.playing), true, 'space plays');
        await page.keyboard.press('Space');
        eq(await page.evaluate(() => window.__landmarkLens.playback.playing), false, 'space pauses');
        // Tab from the title reaches the toolbar's controls in order, each with a visible focus ring.
        await page.evaluate(() => document.activeElement.blur());
        await page.click('#title');
        const seen = [];
        for (let i = 0; i < 6; i++) {
          await page.keyboard.press('Tab');
          seen.push(await page.evaluate(() => {
            const a = document.activeElement;
            return { id: a.id, label: a.getAttribute('aria-label') };
          }));
        }
        eq(seen.map((s) => s.id), ['play', 'first', 'step-back', 'step-forward', 'last', 'prev-reply'], 'tab order');
        assert(seen.every((s) => s.label), 'every control has an aria-label');
        await page.locator('#timeline').focus();
        const ring = await page.evaluate(() => getComputedStyle(document.querySelector('#timeline')).outlineStyle);
        assert(ring !== 'none', `timeline focus ring: ${ring}`);
      });
    },
  },
  {
    name: 'no overlapping boxes at 800 px wide (light and dark)',
    async run(ctx) {
      for (const theme of ['light', 'dark']) {
        await withPage(ctx, { theme, width: 800, height: 900 }, async (page) => {
          await load(page, ctx.data.hello);
          await seek(page, 100);
          const report = await page.evaluate(() => {
            const rect = (e) => e.getBoundingClientRect();
            const overlaps = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
            const problems = [];
            const check = (list, what) => {
              for (let i = 0; i < list.length; i++) {
                for (let j = i + 1; j < list.length; j++) {
                  if (overlaps(rect(list[i]), rect(list[j]))) problems.push(`${what}: ${list[i].id || list[i].className} overlaps ${list[j].id || list[j].className}`);
                }
              }
            };
            check([...document.querySelectorAll('.card')], 'cards');
            check([...document.querySelectorAll('.toolbar > *')], 'toolbar');
            check([...document.querySelectorAll('.toolbar .group > *')], 'toolbar controls');
            check([...document.querySelectorAll('header.top > *, .problems, .toolbar, .timeline-wrap, .grid')], 'sections');
            for (const card of document.querySelectorAll('.card')) {
              const c = rect(card);
              for (const child of card.querySelectorAll('canvas, .card-head, .reply-panel, table')) {
                const r = rect(child);
                if (r.right > c.right + 0.5 || r.left < c.left - 0.5) problems.push(`${child.id || child.className} sticks out of ${card.id}`);
              }
            }
            const canvases = [...document.querySelectorAll('canvas')].filter((c) => rect(c).width < 50);
            for (const c of canvases) problems.push(`canvas ${c.id || c.className} is ${rect(c).width} px wide`);
            return { problems, scrollWidth: document.documentElement.scrollWidth };
          });
          assert(report.problems.length === 0, report.problems.join('; '));
          assert(report.scrollWidth <= 800, `horizontal overflow: ${report.scrollWidth} px`);
          await ctx.screenshot(page, `narrow-800-${theme}`, { fullPage: true });
        });
      }
    },
  },
  {
    name: 'no control text is cut off at 800 px, in a 1600x1200 workbench beside the side bar, and at 1600x1200 (light, dark, high contrast)',
    async run(ctx) {
      // 1250 px: the editor area of a 1600 px wide workbench with the side bar open.
      for (const [width, height] of [[800, 900], [1250, 1100], [1600, 1200]]) {
        for (const theme of ['light', 'dark', 'high-contrast']) {
          await withPage(ctx, { theme, width, height }, async (page) => {
            await load(page, ctx.data.sample);
            await page.waitForFunction(() => customElements.get('vscode-dropdown'));
            await settle(page);
            const cut = await page.evaluate(async () => {
              const problems = [];
              // VS Code on Linux sets system-ui first, which is wider here than the sans-serif fallback.
              for (const family of [null, 'system-ui, "Ubuntu", "Droid Sans", sans-serif']) {
              if (family) {
                document.documentElement.style.setProperty('--vscode-font-family', family);
                // The toolkit re-reads the --vscode-* variables when the body's class changes (as on a theme change).
                document.body.classList.add('font-changed');
                await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
              }
              const clipped = (e) => e && e.scrollWidth > e.clientWidth + 1;
              for (const d of document.querySelectorAll('vscode-dropdown')) {
                const shown = d.shadowRoot?.querySelector('.selected-value');
                if (!shown) {
                  problems.push(`${d.id}: no selected value shown`);
                  continue;
                }
                // Fractional widths: an ellipsis shows when the text is a tenth of a pixel wider than its box,
                // which scrollWidth and clientWidth (whole pixels) do not tell.
                const range = document.createRange();
                range.selectNodeContents(shown);
                const text = range.getBoundingClientRect().width;
                const cs = getComputedStyle(shown);
                const box = shown.getBoundingClientRect().width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
                if (text > box + 0.01) problems.push(`${d.id}: "${shown.textContent}" is cut off (${text.toFixed(2)} > ${box.toFixed(2)} px)`);
              }
              for (const b of document.querySelectorAll('vscode-button')) {
                const inner = b.shadowRoot?.querySelector('button');
                if (clipped(inner)) problems.push(`${b.id}: "${b.textContent}" is cut off`);
              }
              for (const h of document.querySelectorAll('h1, h2, figcaption, .legend, .timeline-legend span')) {
                if (clipped(h)) problems.push(`${h.id || h.tagName}: "${h.textContent}" is cut off`);
              }
              }
              return problems;
            });
            assert(cut.length === 0, `${width} px ${theme}: ${cut.join('; ')}`);
            if (width === 1600) await ctx.screenshot(page, `wide-1600-${theme}`, { fullPage: true });
          });
        }
      }
    },
  },
  {
    name: 'a bad session opens with the valid part and its problems in a banner',
    async run(ctx) {
      const ex = ctx.expected.bad;
      assert(ex.problems >= 1, `the damaged session has problems (${ex.problems})`);
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.bad);
        assert(await page.isVisible('#problems'), 'problems banner visible');
        const items = await page.$$eval('#problems li', (l) => l.map((x) => x.textContent));
        eq(items.length, ex.problems, 'one banner line per problem');
        assert(items.every((t) => /bad\.landmarks\.jsonl:\d+: /.test(t)), `problem lines name file:line: ${items.join(' | ')}`);
        eq(await page.textContent('#problems strong'), ex.problems === 1 ? 'This session has a problem; the valid part is shown.' : `This session has ${ex.problems} problems; the valid part is shown.`, 'banner heading');
        const rendered = await waitPosted(page, 'rendered');
        eq([rendered.frames, rendered.problems, rendered.transcript], [ex.frames, ex.problems, ex.transcript], 'rendered report of the valid part');
        assert(ex.frames > 0, 'valid frames shown');
        const labels = await page.evaluate(() => window.__landmarkLens.views.probability.chart.data.datasets.length);
        assert(labels > 0, 'charts drawn for the valid part');
        await page.click('#problems li a');
        const open = await waitPosted(page, 'openLocation');
        assert(open.file.endsWith('bad.landmarks.jsonl') && Number.isInteger(open.line), `openLocation: ${JSON.stringify(open)}`);
        await ctx.screenshot(page, 'problems-dark', { fullPage: true });
      });
      await withPage(ctx, { theme: 'light' }, async (page) => {
        await load(page, ctx.data.bad);
        await ctx.screenshot(page, 'problems-light', { fullPage: true });
      });
    },
  },
  {
    name: 'frames whose model output is not finite are counted and listed in the banner, drawn uniform, and a click shows the frame',
    async run(ctx) {
      const ex = ctx.expected.nonFinite;
      const bad = ex.frameProblems;
      assert(bad.length >= 3 && [100, 101, 102].every((f) => bad.some((p) => p.frame === f)), `the changed frames have NaN outputs: ${bad.map((p) => p.frame).join(' ')}`);
      for (const theme of ['dark', 'light']) {
        await withPage(ctx, { theme }, async (page) => {
          await load(page, ctx.data.nonFinite);
          assert(await page.isVisible('#problems'), 'problems banner visible');
          const heading = await page.textContent('#problems strong');
          eq(heading, bad.length === 1 ? 'The model gave a non-finite output for 1 frame; its window counts as uniform.' : `The model gave non-finite outputs for ${bad.length} frames; their windows count as uniform.`, 'banner heading');
          const items = await page.$$eval('#problems li', (l) => l.map((x) => x.textContent));
          const listed = bad.slice(0, 20).map((p) => `frame ${p.frame}: ${p.message}`);
          eq(items, bad.length > 20 ? [...listed, `and ${bad.length - 20} more`] : listed, 'one line per frame, lowest first');
          const rendered = await waitPosted(page, 'rendered');
          eq([rendered.frames, rendered.problems, rendered.windows], [ex.frames, bad.length, ex.windows], 'rendered report counts the frames');
          // The panel holds a distribution for each bad window, uniform, never NaN.
          const rows = await page.evaluate((frames) => {
            const store = window.__landmarkLens.store;
            return frames.map((f) => Array.from(store.probs.subarray(f * store.classCount, (f + 1) * store.classCount)));
          }, bad.map((p) => p.frame));
          rows.forEach((row, i) => assert(row.every((v) => Math.abs(v - 1 / 29) < 1e-6), `frame ${bad[i].frame}: ${row.slice(0, 3).join(', ')}…`));
          if (theme === 'dark') {
            await page.click('#problems li:nth-child(2) a');
            await settle(page);
            eq(await frame(page), bad[1].frame, 'the clicked problem moved the playhead to its frame');
            const opened = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'openLocation').length);
            eq(opened, 0, 'no file opened for a frame problem');
          }
          await ctx.screenshot(page, `nonfinite-${theme}`, { fullPage: true });
        });
      }
    },
  },
  {
    name: 'markup in a session\'s header, labels and problems is shown as text, never run or parsed',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.markup);
        const injected = await page.evaluate(() => ({
          pwned: window.__pwned ?? null,
          img: document.querySelectorAll('img[src="x"]').length,
          bold: document.querySelectorAll('#app b, #problems b').length,
          scripts: [...document.scripts].filter((s) => s.textContent.includes('__pwned')).length,
        }));
        eq(injected, { pwned: null, img: 0, bold: 0, scripts: 0 }, 'nothing from the session became markup');
        const text = await page.evaluate(() => document.body.innerText);
        assert(text.includes('<img src=x onerror="window.__pwned=1">'), 'the header source is shown as text');
        const banner = await page.$$eval('#problems li', (l) => l.map((x) => x.textContent).join(' | '));
        assert(banner.includes('<b onclick=x>L</b>'), `the bad value is quoted as text in the banner: ${banner}`);
        await ctx.screenshot(page, 'markup-as-text-dark', { fullPage: true });
      });
    },
  },
  {
    name: 'live: follows the newest frame, pause scrubs back, Follow resumes, Record and stats',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await feedLive(page, ctx.data.hello, 16, 80);
        await settle(page);
        eq(await frame(page), 79, 'playhead follows the newest frame');
        eq(await page.getAttribute('#follow', 'aria-pressed'), 'true', 'Follow pressed');
        eq((await page.textContent('#follow')).trim(), 'Following', 'Follow button says it follows');
        const ex = ctx.expected.hello;
        const span = await page.evaluate(() => {
          const x = window.__landmarkLens.views.probability.chart.scales.x;
          return [x.min, x.max];
        });
        const end = (ex.t[79] - ex.t[0]) / 1000;
        assert(Math.abs(span[1] - end) < 1e-6 && Math.abs(span[0] - Math.max(0, end - 10)) < 1e-6, `following view shows the last 10 s: ${span} (newest at ${end})`);
        const rendered = await waitPosted(page, 'rendered');
        assert(rendered.frames >= 16 && rendered.frames <= 80, `live rendered after the first analysed frames: ${rendered.frames}`);
        await page.locator('#timeline').focus();
        await page.keyboard.press('Space');
        eq(await page.evaluate(() => window.__landmarkLens.playback.following), false, 'space stops following');
        await page.keyboard.press('ArrowLeft');
        await page.keyboard.press('ArrowLeft');
        const back = await frame(page);
        eq(back, 77, 'scrubbed back two frames');
        await page.evaluate(() => {
          window.harness.post({ type: 'liveStats', fps: 12, windowSpanS: 2.667, latencyP50Ms: 8.4, latencyP95Ms: 20, repliesSent: 31, repliesThrottled: 40, dropped: 3, clients: 1, address: 'ws://127.0.0.1:8765', recording: false, cameraFrames: 0, detectorP50Ms: 0, detectorP95Ms: 0, noHand: 0, undecodable: 0, detector: 'idle' });
        });
        // More frames arrive; a paused playhead stays where the user left it.
        const total = await feedLive(page, ctx.data.hello, 16, Infinity, 80);
        await settle(page);
        eq(await frame(page), back, 'paused playhead stays');
        await page.click('#follow');
        await settle(page);
        eq(await frame(page), total - 1, 'Follow jumps to the newest frame');
        const follow = await waitPosted(page, 'follow', { on: true });
        eq(follow, { type: 'follow', on: true }, 'follow posted');
        await page.click('#record');
        eq(await waitPosted(page, 'record'), { type: 'record', action: 'start' }, 'record posted');
        await page.evaluate(() => {
          window.harness.post({ type: 'liveStats', fps: 12, windowSpanS: 2.667, latencyP50Ms: 8.4, latencyP95Ms: 20, repliesSent: 31, repliesThrottled: 40, dropped: 3, clients: 1, address: 'ws://127.0.0.1:8765', recording: true, cameraFrames: 0, detectorP50Ms: 0, detectorP95Ms: 0, noHand: 0, undecodable: 0, detector: 'idle' });
        });
        await settle(page);
        const stats = await page.textContent('#live-stats');
        for (const part of ['12.0 fps', 'window 2.7 s', 'latency p50 8 ms', 'sent 31 / throttled 40', 'dropped 3', '1 client']) assert(stats.includes(part), `live stats show "${part}": ${stats}`);
        assert(!stats.includes('detector') && !stats.includes('no hand'), `landmark clients: no detector figures: ${stats}`);
        // A camera client: the detector's time apart from the model's, and frames without a hand counted.
        await page.evaluate(() => {
          window.harness.post({ type: 'liveStats', fps: 9.5, windowSpanS: 3.4, latencyP50Ms: 8.4, latencyP95Ms: 20, repliesSent: 31, repliesThrottled: 40, dropped: 3, clients: 1, address: 'ws://127.0.0.1:8765', recording: true, cameraFrames: 120, detectorP50Ms: 41.6, detectorP95Ms: 57, noHand: 14, undecodable: 2, detector: 'ready' });
        });
        await settle(page);
        const camera = await page.textContent('#live-stats');
        for (const part of ['model p50 8 ms', 'detector p50 42 ms', 'no hand 14 (2 not decodable)', 'dropped 3']) assert(camera.includes(part), `camera stats show "${part}": ${camera}`);
        await page.evaluate(() => {
          window.harness.post({ type: 'liveStats', fps: 0, windowSpanS: 0, latencyP50Ms: 0, latencyP95Ms: 0, repliesSent: 0, repliesThrottled: 0, dropped: 0, clients: 1, address: 'ws://127.0.0.1:8765', recording: true, cameraFrames: 1, detectorP50Ms: 0, detectorP95Ms: 0, noHand: 0, undecodable: 0, detector: 'failed: no Chromium was found' });
        });
        await settle(page);
        eq(await page.getAttribute('#live-stats', 'title'), 'Hand detector: no Chromium was found', 'why the detector is unavailable, in the tooltip');
        assert((await page.textContent('#live-stats')).includes('detector unavailable'), 'the live bar says the detector is unavailable');
        await page.evaluate(() => {
          window.harness.post({ type: 'liveStats', fps: 9.5, windowSpanS: 3.4, latencyP50Ms: 8.4, latencyP95Ms: 20, repliesSent: 31, repliesThrottled: 40, dropped: 3, clients: 1, address: 'ws://127.0.0.1:8765', recording: true, cameraFrames: 120, detectorP50Ms: 41.6, detectorP95Ms: 57, noHand: 14, undecodable: 2, detector: 'ready' });
        });
        await settle(page);
        eq((await page.textContent('#record')).trim(), 'Stop recording', 'record button while recording');
        eq(await page.isVisible('#card-attribution'), false, 'no empty Why card: attribution needs the replay worker');
        await ctx.screenshot(page, 'live-dark', { fullPage: true });
      });
    },
  },
  {
    name: 'live: a long session keeps the newest frames only, numbers keep counting, and the live bar says so',
    async run(ctx) {
      const keep = 48;
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        // Recording since before the first frame: the dropped frames are in the recording.
        await feedLive(page, ctx.data.hello, 16, 0, 0, { keepFrames: keep });
        await page.evaluate((m) => window.harness.post(m), liveStats({ recording: true, recordingFolder: '/work/recordings' }));
        await feedLive(page, ctx.data.hello, 16, 40, 0, false);
        await settle(page);
        eq(await page.isHidden('#live-held'), true, 'no note before any frame is dropped');
        const total = await feedLive(page, ctx.data.hello, 16, Infinity, 40);
        await settle(page);
        assert(total > keep * 2, `the session is longer than twice the bound: ${total} frames`);
        const held = await page.evaluate(() => {
          const s = window.__landmarkLens.store;
          return { frameCount: s.frameCount, dropped: s.dropped, sessionFrames: s.sessionFrames, first: s.t[0], last: s.t[s.frameCount - 1] };
        });
        assert(held.frameCount >= keep && held.frameCount <= keep + Math.ceil(keep / 16), `holds the newest ${keep} frames (and its slack): ${held.frameCount}`);
        eq(held.sessionFrames, total, 'frame numbers keep counting');
        eq(held.dropped + held.frameCount, total, 'dropped + held = the session');
        eq([held.first, held.last], [ex.t[held.dropped], ex.t[total - 1]], 'the frames held are the newest, with their own times');
        eq(await frame(page), held.frameCount - 1, 'the playhead follows the newest frame held');
        const readout = await page.textContent('#readout');
        assert(readout.includes(`frame ${total - 1} / ${total - 1}`), `the toolbar counts session frames: ${readout}`);
        eq(await page.getAttribute('#timeline', 'aria-valuenow'), String(total - 1), 'the timeline slider says the session frame');
        const span = await page.evaluate(() => {
          const x = window.__landmarkLens.views.probability.chart.scales.x;
          return [x.min, x.max];
        });
        const end = (ex.t[total - 1] - ex.t[0]) / 1000;
        assert(Math.abs(span[1] - end) < 1e-6, `the chart's seconds count from the session start: ${span} (newest at ${end})`);
        const note = await page.textContent('#live-held');
        assert(await page.isVisible('#live-held'), 'the note shows once frames were dropped');
        assert(note.includes(`(from frame ${held.dropped})`) && note.includes('older frames are in the recording in /work/recordings'), `the note: ${note}`);
        await ctx.screenshot(page, 'live-long-session-dark', { fullPage: true });
        // Not recording: the note says the older frames were dropped.
        await page.evaluate((m) => window.harness.post(m), liveStats({ recording: false }));
        await settle(page);
        const dropped = await page.textContent('#live-held');
        assert(dropped.includes('older frames were dropped (Record keeps them in a file)'), `the note when not recording: ${dropped}`);
        // A paused playhead stays on its session frame while older ones are dropped under it.
        await page.locator('#timeline').focus();
        await page.keyboard.press('Space');
        await page.keyboard.press('End');
        await page.keyboard.press('ArrowLeft');
        const pausedAt = await page.evaluate(() => window.__landmarkLens.store.sessionFrame(window.__landmarkLens.playback.frame));
        eq(pausedAt, total - 2, 'scrubbed to the frame before the newest');
        // More frames (the session again, after its end): the paused playhead stays on its session frame.
        const appendAgain = (from) =>
          page.evaluate(([j, start, n]) => {
            const frames = window.harness.decode(j).find((m) => m.type === 'frames');
            const count = Math.min(n, frames.count);
            const shift = window.__landmarkLens.store.endMs() + 33 - frames.t[0];
            window.harness.post({
              type: 'frames', start, count, t: frames.t.slice(0, count).map((t) => t + shift), landmarks: frames.landmarks.slice(0, count * 63),
              hasHand: frames.hasHand.slice(0, count), totalFrames: start + count,
            });
            return count;
          }, [ctx.data.hello, from, 40]);
        const sessionPlayhead = () => page.evaluate(() => window.__landmarkLens.store.sessionFrame(window.__landmarkLens.playback.frame));
        let newest = total + (await appendAgain(total));
        await settle(page);
        const droppedAgain = await page.evaluate(() => window.__landmarkLens.store.dropped);
        assert(droppedAgain > held.dropped, `more frames dropped: ${droppedAgain}`);
        eq(await sessionPlayhead(), total - 2, 'the paused playhead stays on its session frame as frames are dropped under it');
        eq(await page.evaluate(() => window.__landmarkLens.playback.following), false, 'still paused');
        // A playhead on the oldest held frame when it is dropped moves to the new oldest.
        await page.keyboard.press('Home');
        newest += await appendAgain(newest);
        await settle(page);
        const after = await page.evaluate(() => ({ dropped: window.__landmarkLens.store.dropped, frame: window.__landmarkLens.playback.frame }));
        assert(after.dropped > droppedAgain, `more frames dropped: ${after.dropped}`);
        eq(after.frame, 0, 'a playhead on a dropped frame moves to the oldest held');
        const readout2 = await page.textContent('#readout');
        assert(readout2.includes(`frame ${after.dropped} / ${newest - 1}`), `readout on the oldest held: ${readout2}`);
        await page.click('#follow');
        await settle(page);
        eq(await sessionPlayhead(), newest - 1, 'Follow: the newest frame');
        await ctx.screenshot(page, 'live-long-session-dropped-dark', { fullPage: true });
      });
    },
  },
  {
    name: 'live: non-finite outputs of frames no longer held leave the banner, which says how many went',
    async run(ctx) {
      const ex = ctx.expected.nonFinite;
      const bad = ex.frameProblems;
      assert(bad.length >= 3 && bad[bad.length - 1].frame < ex.frames - 100, `NaN outputs early in the session: ${bad.map((p) => p.frame).join(' ')} of ${ex.frames}`);
      const feed = async (page, keep) => {
        await feedLive(page, ctx.data.nonFinite, 16, Infinity, 0, { keepFrames: keep });
        await settle(page);
        return page.evaluate(() => window.__landmarkLens.store.dropped);
      };
      const items = (page) => page.$$eval('#problems li', (l) => l.map((x) => x.textContent));
      // The newest 48 frames held: every frame with a NaN output went, and only their count is said.
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        const dropped = await feed(page, 48);
        assert(dropped > bad[bad.length - 1].frame, `dropped ${dropped}`);
        assert(await page.isVisible('#problems'), 'the banner says what went');
        eq(await page.textContent('#problems strong'), `${bad.length} older frames with a non-finite output are no longer held (landmarkLens.live.keepMinutes).`, 'heading');
        eq(await items(page), [], 'no frame listed that the panel does not hold');
        await ctx.screenshot(page, 'live-nonfinite-dropped-dark', { fullPage: true });
      });
      // Older frames dropped, those with NaN outputs held: listed by session frame, and a click shows that frame.
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        const dropped = await feed(page, ex.frames - 60);
        assert(dropped > 0 && dropped <= bad[0].frame, `dropped ${dropped}, the first NaN output at ${bad[0].frame}`);
        eq(await page.textContent('#problems strong'), `The model gave non-finite outputs for ${bad.length} frames; their windows count as uniform.`, 'heading');
        eq(await items(page), bad.slice(0, 20).map((p) => `frame ${p.frame}: ${p.message}`), 'the frames held, lowest first');
        await page.click('#problems li:nth-child(2) a');
        await settle(page);
        eq(await page.evaluate(() => window.__landmarkLens.store.sessionFrame(window.__landmarkLens.playback.frame)), bad[1].frame, 'the clicked problem shows its session frame');
      });
    },
  },
  {
    name: 'reduced motion: the vscode-reduce-motion class and prefers-reduced-motion stop animations',
    async run(ctx) {
      const animation = (page) => page.evaluate(() => getComputedStyle(document.querySelector('.live-dot')).animationName);
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await feedLive(page, ctx.data.hello, 32, 64);
        eq(await animation(page), 'pulse', 'live dot pulses normally');
        await page.evaluate(() => document.body.classList.add('vscode-reduce-motion'));
        await settle(page);
        eq(await animation(page), 'none', 'no animation with vscode-reduce-motion');
        eq(await page.evaluate(() => window.__landmarkLens.theme.reduceMotion), true, 'the theme reader saw the class');
      });
      await withPage(ctx, { theme: 'dark', reducedMotion: 'reduce' }, async (page) => {
        await feedLive(page, ctx.data.hello, 32, 64);
        eq(await animation(page), 'none', 'no animation with prefers-reduced-motion');
      });
    },
  },
  {
    name: 'theme change re-reads the --vscode-* colours, for the charts too',
    async run(ctx) {
      const { THEMES } = await import('./themes.mjs');
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        const ticks = () => page.evaluate(() => window.__landmarkLens.views.probability.chart.options.scales.x.ticks.color);
        eq(await ticks(), 'rgba(204, 204, 204, 0.7)', 'dark tick colour');
        // As VS Code does: new variables on <html>, new class on <body>.
        await page.evaluate((vars) => {
          const style = document.getElementById('_defaultStyles');
          style.textContent = `html { ${Object.entries(vars).map(([k, v]) => `${k}: ${v};`).join(' ')} }`;
          document.body.className = 'vscode-light';
          document.body.dataset.vscodeThemeKind = 'vscode-light';
        }, THEMES.light.vars);
        await settle(page);
        eq(await ticks(), '#717171', 'light tick colour after the switch');
        const png = await page.evaluate(() => window.__landmarkLens.views.probability.toPng());
        const corner = await page.evaluate(async (url) => {
          const img = new Image();
          img.src = url;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = img.width;
          c.height = img.height;
          const g = c.getContext('2d');
          g.drawImage(img, 0, 0);
          return [...g.getImageData(1, 1, 1, 1).data];
        }, png);
        eq(corner, [255, 255, 255, 255], 'exported chart background follows the new theme');
        await ctx.screenshot(page, 'theme-switched-light', { fullPage: true });
      });
    },
  },
  {
    name: 'screenshots of the replay in light, dark and high contrast',
    async run(ctx) {
      const ex = ctx.expected.practice;
      for (const theme of ctx.themes) {
        await withPage(ctx, { theme }, async (page) => {
          await load(page, ctx.data.practice);
          const f = ex.statuses.lastIndexOf('ready');
          await seek(page, Math.max(0, f - 20));
          const chipBg = await page.evaluate(() => getComputedStyle(document.querySelector('#status-chip')).backgroundColor);
          assert(chipBg !== 'rgba(0, 0, 0, 0)', 'status chip is themed');
          await ctx.screenshot(page, `replay-practice-${theme}`, { fullPage: true });
        });
      }
      assert(ex.targetChanges > 0, 'the practice session has target changes');
    },
  },
  {
    name: 'exports: CSV request and the probability chart as PNG',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        await page.click('#export-csv');
        eq(await waitPosted(page, 'exportCsv'), { type: 'exportCsv', name: 'hello.results.csv' }, 'exportCsv');
        await page.click('#export-png');
        const png = await waitPosted(page, 'exportPng');
        eq(png.name, 'hello.probabilities.png', 'png name');
        assert(png.dataUrl.startsWith('data:image/png;base64,'), 'png data url');
        const bytes = Buffer.from(png.dataUrl.split(',')[1], 'base64');
        eq([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG', 'png signature');
        assert(bytes.length > 5000, `png has content (${bytes.length} bytes)`);
        writeFileSync(join(ctx.resultsDir, 'export-probabilities-dark.png'), bytes);
      });
    },
  },
  {
    name: 'state survives a reload: session file, playhead, zoom and focus (getState/setState), playhead posted',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        // The serializer reopens the file the state names: it is saved before any interaction.
        const file = await page.evaluate((j) => window.harness.decode(j).find((m) => m.type === 'init').session.file, ctx.data.hello);
        assert(file.endsWith('.landmarks.jsonl'), `init names the session file (${file})`);
        await page.waitForFunction((f) => window.harness.state?.file === f, file, { timeout: 5000 }).catch(() => {});
        eq(await page.evaluate(() => window.harness.state?.file), file, 'saved state names the session file from init');
        await page.locator('#timeline').focus();
        await page.keyboard.press('End');
        for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft');
        const f = await frame(page);
        await page.click('#zoom-in');
        await page.click('#class-chips button[data-class="L"]', { button: 'right' });
        await page.waitForFunction((n) => window.harness.state?.frame === n && window.harness.state.focus === 'L' && window.harness.state.view, f);
        const posted = await waitPosted(page, 'playhead', { frame: f });
        eq(posted, { type: 'playhead', frame: f }, 'playhead posted');
        const view = await page.evaluate(() => [window.__landmarkLens.view.startMs, window.__landmarkLens.view.endMs]);
        await page.reload();
        await page.waitForFunction(() => window.harness?.posted.some((m) => m.type === 'ready'));
        await load(page, ctx.data.hello);
        eq(await frame(page), f, 'playhead restored');
        eq(await page.evaluate(() => [window.__landmarkLens.view.startMs, window.__landmarkLens.view.endMs]), view, 'zoom restored');
        eq(await page.evaluate(() => window.__landmarkLens.views.smoothing.chart.data.datasets[0].label), 'L window', 'focus restored');
        eq(await page.evaluate(() => window.harness.state?.file), file, 'the session file is still saved after interaction and reload');
      });
    },
  },
  {
    name: 'malformed messages get a one-line error naming the field, and the panel keeps working',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        await page.evaluate(() => {
          window.harness.post({ type: 'results', start: 0, count: 2, classCount: 29, status: [3, 3] });
          window.harness.post({ type: 'bogus' });
          window.harness.post({ type: 'frames', start: 0, count: 2, t: new Float64Array(2), landmarks: new Float32Array(10), hasHand: new Uint8Array(2) });
        });
        await page.waitForFunction(() => window.harness.posted.filter((m) => m.type === 'error').length >= 3);
        const errors = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'error').map((m) => m.message));
        eq(errors[0], "extension->webview 'results' message: field 'status' is array (expected Uint8Array)", 'first error');
        assert(errors[1].startsWith('extension->webview message has type "bogus" (expected one of init, frames'), errors[1]);
        eq(errors[2], "extension->webview 'frames' message: field 'landmarks' has 10 values (expected 126)", 'third error');
        assert(errors.every((e) => !e.includes('\n')), 'one line each');
        assert((await page.textContent('#notice')).includes("'landmarks' has 10 values"), 'the error is shown');
        await page.keyboard.press('End');
        eq(await frame(page), ctx.expected.hello.frames - 1, 'still responds');
      });
    },
  },
  {
    name: 'hands look like hands: skeleton at the letters A, B, L, V, Y',
    async run(ctx) {
      const ex = ctx.expected.letters;
      eq(ex.labelSpans.map((l) => l.text), ['A', 'B', 'L', 'V', 'Y'], 'label spans of the letters session');
      await withPage(ctx, { theme: 'light', width: 900 }, async (page) => {
        await load(page, ctx.data.letters);
        for (const span of ex.labelSpans) {
          // The frame with a hand nearest the middle of the span (the synthesizer drops some detections).
          const mid = frameAtTime(ex.t, (span.t0 + span.t1) / 2);
          const candidates = ex.hasHand.map((h, i) => (h && ex.t[i] >= span.t0 && ex.t[i] <= span.t1 ? i : -1)).filter((i) => i >= 0);
          assert(candidates.length > 0, `frames with a hand during ${span.text}`);
          const f = candidates.reduce((a, b) => (Math.abs(b - mid) < Math.abs(a - mid) ? b : a));
          await seek(page, f);
          const pts = await page.evaluate(() => window.__landmarkLens.views.skeleton.imagePoints);
          assert(pts, `hand drawn for ${span.text}`);
          await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, `letter-${span.text}.png`) });
        }
      });
    },
  },
  {
    name: 'a 60-minute session (108,000 frames x 29 classes) draws decimated traces',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        const figures = await page.evaluate(async (json) => {
          const { init, frames, results } = window.harness.replayParts(json);
          const n = frames.count;
          const total = 108000;
          const period = frames.t[n - 1] - frames.t[0] + 1000 / 30;
          const c = init.labels.length;
          const tile = (src, per) => {
            const out = new src.constructor(total * per);
            for (let s = 0; s < total; s += n) out.set(src.subarray(0, Math.min(n, total - s) * per), s * per);
            return out;
          };
          const t = new Float64Array(total);
          for (let i = 0; i < total; i++) t[i] = frames.t[i % n] + Math.floor(i / n) * period;
          const whole = {};
          for (const name of ['status', 'replyLetter', 'replyProb', 'sent', 'bufferFill', 'smoothingFill', 'target', 'emitted', 'probs', 'smoothed']) {
            const per = name === 'probs' || name === 'smoothed' ? c : 1;
            const one = new results[0][name].constructor(n * per);
            for (const r of results) one.set(r[name], r.start * per);
            whole[name] = tile(one, per);
          }
          window.harness.post({ ...init, session: { ...init.session, frameCount: total, endMs: t[total - 1] } });
          window.harness.post({ type: 'frames', start: 0, count: total, t, landmarks: tile(frames.landmarks, 63), hasHand: tile(frames.hasHand, 1) });
          const t0 = performance.now();
          // Results in 54 chunks of 2,000 frames, the middle first, as a panel analysing around the playhead sends them.
          const size = 2000;
          const starts = [];
          let done = 0;
          for (let s0 = 0; s0 < total; s0 += size) starts.push(s0);
          starts.sort((a, b) => Math.abs(a - total / 2) - Math.abs(b - total / 2));
          for (const s0 of starts) {
            const e0 = Math.min(total, s0 + size);
            const part = {};
            for (const [name, arr] of Object.entries(whole)) {
              const per = name === 'probs' || name === 'smoothed' ? c : 1;
              part[name] = arr.slice(s0 * per, e0 * per);
            }
            window.harness.post({ type: 'results', start: s0, count: e0 - s0, classCount: c, transcript: [], ...part });
            done += e0 - s0;
            window.harness.post({ type: 'analysisProgress', done, total });
            await new Promise((r) => setTimeout(r, 0));
          }
          await new Promise((r) => {
            const wait = () => (window.harness.posted.some((m) => m.type === 'rendered') ? r() : setTimeout(wait, 5));
            wait();
          });
          const firstRender = performance.now() - t0;
          const app = window.__landmarkLens;
          const datasets = app.views.probability.chart.data.datasets.map((d) => d.data.length);
          const columns = app.views.probability.chart.chartArea.width;
          // Decimation keeps every line's peak: the drawn maximum equals the true maximum.
          const peaks = app.views.probability.shown.map((k, slot) => {
            let truth = -1;
            for (let i = 0; i < total; i++) if (whole.probs[i * c + k] > truth) truth = whole.probs[i * c + k];
            const drawn = Math.max(...app.views.probability.chart.data.datasets[slot].data.map((p) => (Number.isNaN(p.y) ? -1 : p.y)));
            return [truth, drawn];
          });
          // Time spent in the webview's draw per playhead move (what playback does every frame, focus
          // fixed) and per zoom (traces rebuilt), measured around App.draw.
          app.setFocus(init.labels[14]);
          await new Promise((r) => requestAnimationFrame(r));
          let drawMs = 0;
          const originalDraw = app.draw.bind(app);
          app.draw = () => {
            const s0 = performance.now();
            originalDraw();
            drawMs += performance.now() - s0;
          };
          for (let i = 0; i < 60; i++) {
            app.playback.seek(1000 + i * 1700);
            await new Promise((r) => requestAnimationFrame(r));
          }
          const playheadMs = drawMs / 60;
          drawMs = 0;
          for (let i = 0; i < 10; i++) {
            app.view.zoom(i % 2 ? 2 : 0.5, t[50000]);
            await new Promise((r) => requestAnimationFrame(r));
          }
          const zoomMs = drawMs / 10;
          return { firstRender, datasets, columns, playheadMs, zoomMs, peaks };
        }, ctx.data.hello);
        const limit = Math.ceil(figures.columns) * 4 + 8;
        assert(figures.datasets.length === 5 && figures.datasets.every((n) => n > 0 && n <= limit), `decimated datasets ${figures.datasets} (at most ${limit} points for ${figures.columns} px)`);
        for (const [truth, drawn] of figures.peaks) assert(Math.abs(truth - drawn) < 1e-7, `decimated line lost its peak: drawn ${drawn}, true ${truth}`);
        console.log(
          `    60-minute session: results in 54 chunks to rendered ${figures.firstRender.toFixed(0)} ms, draw per playhead move ${figures.playheadMs.toFixed(1)} ms, per zoom ${figures.zoomMs.toFixed(1)} ms, points per line ${Math.max(...figures.datasets)} for ${Math.round(figures.columns)} px`,
        );
      });
    },
  },
  {
    name: 'a real MediaPipe recording (.pose) replays; its hand is drawn where it was recorded',
    async run(ctx) {
      const ex = ctx.expected.real;
      const frames = JSON.parse(ctx.data.real).messages.find((m) => m.type === 'frames');
      const lm = new Float32Array(Buffer.from(frames.landmarks.b64, 'base64').buffer.slice(0));
      for (const theme of ['light', 'dark']) {
        await withPage(ctx, { theme }, async (page) => {
          await load(page, ctx.data.real);
          const rendered = await waitPosted(page, 'rendered');
          eq([rendered.frames, rendered.noHandFrames, rendered.repliesSent], [ex.frames, ex.noHandFrames, ex.repliesSent], 'rendered report');
          const f = ex.hasHand.findIndex((h, i) => h && i >= 60);
          // Where in the picture the hand was: the whole-image framing (the default fits the hand).
          // Before the first emission the panel says what the transcript will be, spaces made visible.
          await seek(page, 0);
          assert(ex.transcript.includes(' '), `the recording's transcript has spaces (${JSON.stringify(ex.transcript)})`);
          eq((await page.textContent('.transcript-empty')).trim(), `nothing emitted yet (by the end: "${ex.transcript.replaceAll(' ', '␣')}")`, 'transcript hint');
          await page.locator('#timeline').focus();
          await page.keyboard.press('h');
          await seek(page, f);
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.framing), 'image', 'whole-image framing');
          const pts = await page.evaluate(() => window.__landmarkLens.views.skeleton.imagePoints);
          const box = await page.locator('#hand-image').boundingBox();
          for (let p = 0; p < 21; p++) {
            const { x, y } = imagePoint(box, lm, f, p);
            assert(Math.abs(pts.x[p] - x) < 0.01 && Math.abs(pts.y[p] - y) < 0.01, `real point ${p}`);
            const px = await pixel(page, '#hand-image', x, y);
            assert(px[3] > 100, `real point ${p} drawn (${px})`);
          }
          await page.locator('#card-hand').scrollIntoViewIfNeeded();
          await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, `hand-real-${theme}.png`) });
          await ctx.screenshot(page, `replay-real-${theme}`, { fullPage: true });
        });
      }
    },
  },
  {
    name: 'hand as recorded: fitted to the hand by default, whole image on H or the dropdown, kept in the state',
    async run(ctx) {
      const ex = ctx.expected.real;
      const f = ex.hasHand.findIndex((h, i) => h && i >= 60);
      const extent = (pts) => {
        const span = (v) => Math.max(...v) - Math.min(...v);
        return { w: span(pts.x), h: span(pts.y) };
      };
      for (const theme of ['light', 'dark']) {
        await withPage(ctx, { theme }, async (page) => {
          await load(page, ctx.data.real);
          await seek(page, f);
          const box = await page.locator('#hand-image').boundingBox();
          const inside = (pts, what) => {
            for (let p = 0; p < 21; p++) {
              assert(pts.x[p] >= 0 && pts.x[p] <= box.width && pts.y[p] >= 0 && pts.y[p] <= box.height, `${what}: point ${p} (${pts.x[p]}, ${pts.y[p]}) inside the ${box.width}x${box.height} canvas`);
            }
          };
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.framing), 'fit', 'fitted by default');
          eq(await page.getAttribute('#hand-framing', 'aria-label'), 'Hand framing (H)', 'the framing control is labelled');
          eq((await page.textContent('#hand-image-caption')).trim(), 'as recorded, fitted to the hand', 'caption says fitted');
          const fitted = await page.evaluate(() => window.__landmarkLens.views.skeleton.imagePoints);
          inside(fitted, 'fitted');
          for (let p = 0; p < 21; p += 4) {
            const px = await pixel(page, '#hand-image', fitted.x[p], fitted.y[p]);
            assert(px[3] > 100, `fitted point ${p} drawn (${px})`);
          }
          await page.locator('#card-hand').scrollIntoViewIfNeeded();
          await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, `hand-fit-${theme}.png`) });

          // Keyboard: H switches to the whole image.
          await page.locator('#timeline').focus();
          await page.keyboard.press('h');
          await settle(page);
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.framing), 'image', 'H shows the whole image');
          eq((await page.textContent('#hand-image-caption')).trim(), 'as recorded, whole image', 'caption says whole image');
          const whole = await page.evaluate(() => window.__landmarkLens.views.skeleton.imagePoints);
          inside(whole, 'whole image');
          const a = extent(fitted);
          const b = extent(whole);
          assert(a.w > 1.5 * b.w && a.h > 1.5 * b.h, `the fitted hand is larger (${a.w.toFixed(1)}x${a.h.toFixed(1)} px) than in the whole image (${b.w.toFixed(1)}x${b.h.toFixed(1)} px)`);
          // One scale for both axes: the hand keeps its shape.
          assert(Math.abs(a.w / a.h - b.w / b.h) < 0.01 * (b.w / b.h), `aspect kept: ${a.w / a.h} vs ${b.w / b.h}`);
          const rect = await page.evaluate(() => window.__landmarkLens.views.skeleton.imageRect);
          assert(rect.width <= box.width && rect.height <= box.height, 'the whole image fits the canvas');
          await page.locator('#card-hand').screenshot({ path: join(ctx.resultsDir, `hand-image-${theme}.png`) });
          await page.waitForFunction(() => window.harness.state?.hand === 'image', null, { timeout: 5000 }).catch(() => {});
          eq(await page.evaluate(() => window.harness.state?.hand), 'image', 'framing saved in the state');

          // The dropdown is reachable by keyboard and switches back.
          await page.locator('#hand-framing').focus();
          eq(await page.evaluate(() => document.activeElement?.id), 'hand-framing', 'the framing dropdown takes focus');
          await page.reload();
          await page.waitForFunction(() => window.harness?.posted.some((m) => m.type === 'ready'));
          await load(page, ctx.data.real);
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.framing), 'image', 'framing restored after a reload');
          await page.selectOption('#hand-framing', 'fit').catch(async () => {
            await page.evaluate(() => {
              const d = document.querySelector('#hand-framing');
              d.value = 'fit';
              d.dispatchEvent(new Event('change'));
            });
          });
          await settle(page);
          eq(await page.evaluate(() => window.__landmarkLens.views.skeleton.framing), 'fit', 'the dropdown fits the hand again');
        });
      }
    },
  },
  {
    name: 'the bundled practice sample: targets, target-change replies and transcript as the pipeline says',
    async run(ctx) {
      const ex = ctx.expected.sample;
      assert(ex, 'samples/practice-targets.landmarks.jsonl is there');
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.sample);
        const rendered = await waitPosted(page, 'rendered');
        eq([rendered.frames, rendered.transcript, rendered.repliesSent], [ex.frames, ex.transcript, ex.repliesSent], 'rendered report');
        const targets = await page.evaluate(() => window.__landmarkLens.store.targets.map((t) => t.letter));
        assert(targets.length === ex.targetChanges && targets.length > 0, `targets on the timeline: ${targets}`);
        // At a frame with a target, the target letter is shown and outlined in the distribution.
        const f = ex.targets.findIndex((t, i) => t !== null && ex.statuses[i] === 'ready');
        await seek(page, f);
        eq(await page.textContent('#target-letter'), ex.targets[f], 'target letter at the playhead');
        const first = await page.evaluate(() => window.__landmarkLens.store.targetReplies[0]);
        await seek(page, first.frame);
        eq(await page.textContent('#target-reply'), 'target change: sent {"maxarg_letter": "A", "target_arg_prob": 0.0} at once', 'target-change reply shown');
        await ctx.screenshot(page, 'sample-practice-dark', { fullPage: true });
      });
    },
  },
  {
    name: 'when the analysis fails the frames still show, the error is said and rendered is posted',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await postFailedAnalysis(page, ctx.data.hello);
        const rendered = await waitPosted(page, 'rendered');
        eq([rendered.frames, rendered.noHandFrames, rendered.windows, rendered.repliesSent, rendered.problems], [ex.frames, ex.noHandFrames, 0, 0, 1], 'rendered without results');
        assert((await page.textContent('#notice')).includes('Analysis stopped: /models/missing.onnx: file not found'), 'the error is shown');
        assert((await page.textContent('#problems')).includes('/models/missing.onnx: file not found (landmarkLens.modelPath)'), 'the model problem is in the banner');
        eq(await page.textContent('#problems strong'), 'The model could not be used; the session is shown without results.', 'the banner blames the model, not the session');
        eq(await page.textContent('#progress'), 'analysis stopped at 0/229', 'progress says the analysis stopped');
        const f = ex.hasHand.indexOf(true, 50);
        await seek(page, f);
        assert(await page.evaluate(() => window.__landmarkLens.views.skeleton.imagePoints !== null), 'the hand is still drawn');
        eq(await page.textContent('#status-chip'), 'pending', 'status without results');
        eq(await page.textContent('#reply-json'), 'no results: the analysis stopped', 'reply without results says why');
        // The status lane still shows the no-hand frames (known from the frames themselves).
        const noHand = ex.hasHand.indexOf(false);
        if (noHand >= 0) {
          const x = await page.evaluate((n) => window.__landmarkLens.views.timeline.xOfFrame(n), noHand);
          const px = await pixel(page, '.timeline-base', x + 0.5, 10);
          assert(px[3] > 0, `status lane at no-hand frame ${noHand} is drawn (${px})`);
          const withHand = ex.hasHand.indexOf(true);
          const x2 = await page.evaluate((n) => window.__landmarkLens.views.timeline.xOfFrame(n), withHand);
          const px2 = await pixel(page, '.timeline-base', x2 + 0.5, 10);
          assert(px2.join() !== px.join(), 'a frame with a hand looks different from a no-hand frame before analysis');
        }
      });
    },
  },
  {
    name: 'a second init (the model fixed) starts over: no stale problems or stopped analysis, and rendered comes again',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await postFailedAnalysis(page, ctx.data.hello);
        eq((await waitPosted(page, 'rendered')).problems, 1, 'the first session is rendered with its model problem');
        // The extension reloads the panel's session with the fixed model: init, frames, results, progress.
        await page.evaluate((json) => window.harness.feed(json), ctx.data.hello);
        await page.waitForFunction(() => window.harness.posted.filter((m) => m.type === 'rendered').length === 2, null, { timeout: 15_000 });
        const second = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'rendered')[1]);
        eq(second, renderedOf(ex), 'the second rendered report counts the new session only');
        eq(await page.isVisible('#problems'), false, 'the old problems are gone');
        eq(await page.textContent('#progress'), '', 'the analysis is no longer said to have stopped');
        const f = ex.responses.findIndex((r) => r !== null);
        await seek(page, f);
        eq(await page.textContent('#reply-json'), wire(ex.responses[f]), 'the reply readout shows the new results');
      });
    },
  },
  {
    name: 'without the toolkit bundle the same controls are plain themed HTML and work',
    async run(ctx) {
      await withPage(ctx, { theme: 'light', toolkit: false }, async (page) => {
        await load(page, ctx.data.hello);
        eq(await page.evaluate(() => [document.querySelector('#play').tagName, document.querySelector('#speed').tagName, document.querySelector('#focus').tagName]), ['BUTTON', 'SELECT', 'SELECT'], 'plain controls');
        await page.selectOption('#speed', '2');
        eq(await page.evaluate(() => window.__landmarkLens.playback.speed), 2, 'speed from the plain select');
        await page.selectOption('#focus', 'H');
        await settle(page);
        eq(await page.evaluate(() => window.__landmarkLens.views.smoothing.chart.data.datasets[0].label), 'H window', 'focus from the plain select');
        await page.click('#step-forward');
        eq(await frame(page), 1, 'plain step button');
        const bg = await page.evaluate(() => getComputedStyle(document.querySelector('#play')).backgroundColor);
        eq(bg, 'rgb(0, 122, 204)', 'plain button uses --vscode-button-background');
        await ctx.screenshot(page, 'plain-controls-light');
      });
    },
  },
  {
    name: 'provisional results for every frame do not trigger rendered before the analysis is done',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await page.evaluate(async (json) => {
          const messages = window.harness.decode(json);
          const total = messages.find((m) => m.type === 'frames').count;
          for (const m of messages.filter((x) => x.type === 'init' || x.type === 'frames')) window.harness.post(m);
          // Provisional: window probabilities only, every frame marked ready, no replies, no transcript.
          for (const r of messages.filter((x) => x.type === 'results')) {
            window.harness.post({
              ...r,
              status: new Uint8Array(r.count).fill(3),
              smoothed: new Float32Array(r.smoothed.length).fill(NaN),
              replyLetter: new Int16Array(r.count).fill(-1),
              replyProb: new Float32Array(r.count).fill(NaN),
              sent: new Uint8Array(r.count),
              emitted: new Int16Array(r.count).fill(-1),
              transcript: [],
            });
          }
          window.harness.post({ type: 'analysisProgress', done: Math.floor(total / 2), total });
          await new Promise((r) => setTimeout(r, 300));
          window.__provisionalRendered = window.harness.posted.some((m) => m.type === 'rendered');
          for (const m of messages.filter((x) => x.type === 'results' || x.type === 'analysisProgress')) window.harness.post(m);
        }, ctx.data.hello);
        eq(await page.evaluate(() => window.__provisionalRendered), false, 'no rendered while only provisional results are in');
        const rendered = await waitPosted(page, 'rendered');
        eq([rendered.windows, rendered.repliesSent, rendered.transcript], [ex.windows, ex.repliesSent, ex.transcript], 'rendered counts the final results');
      });
    },
  },
  {
    name: 'results streaming in rebuild the traces at most every 250 ms; the playhead keeps moving; rendered follows the final state',
    async run(ctx) {
      const ex = ctx.expected.hello;
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        const seen = await page.evaluate(async (json) => {
          const { init, frames, results } = window.harness.replayParts(json);
          const total = frames.count;
          const c = init.labels.length;
          window.harness.post(init);
          window.harness.post(frames);
          // The messages arrive as events and the panel is built in several tasks; the inbox holds the frames until it is.
          while (!(window.__landmarkLens.views && window.__landmarkLens.messagesHandled)) await new Promise((r) => setTimeout(r, 5));
          await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          const app = window.__landmarkLens;
          const rebuilds = [];
          // The spacing is the scheduler's: it folds new data into a draw at most every 250 ms (its data
          // slots, timed here). A slot's rebuild may be spread, a part rebuilding a frame or a few later,
          // so the chart's own rebuilds are counted (coalescing) but not timed.
          const slots = [];
          const takeData = app.scheduler.takeData.bind(app.scheduler);
          app.scheduler.takeData = () => {
            const took = takeData();
            if (took) slots.push(performance.now());
            return took;
          };
          let drawStartedAt = 0;
          const draw = app.draw.bind(app);
          app.draw = () => {
            drawStartedAt = performance.now();
            draw();
          };
          const rebuild = app.views.probability.rebuild.bind(app.views.probability);
          app.views.probability.rebuild = () => {
            rebuilds.push({ at: drawStartedAt, renderedBefore: window.harness.posted.some((m) => m.type === 'rendered') });
            rebuild();
          };
          let overlays = 0;
          const overlay = app.views.probability.drawOverlay.bind(app.views.probability);
          app.views.probability.drawOverlay = () => {
            overlays++;
            overlay();
          };
          // One frame's results per animation frame, as a long analysis streams them, with the playhead moving.
          const chunks = [];
          for (const r of results) {
            for (let i = 0; i < r.count; i += 2) {
              const n = Math.min(2, r.count - i);
              const part = { type: 'results', start: r.start + i, count: n, classCount: c, transcript: i === 0 ? r.transcript : [] };
              if (i === 0 && r.targetReplies) part.targetReplies = r.targetReplies;
              for (const [name, v] of Object.entries(r)) {
                if (ArrayBuffer.isView(v)) {
                  const per = v.length / r.count;
                  part[name] = v.slice(i * per, (i + n) * per);
                }
              }
              chunks.push(part);
            }
          }
          const t0 = performance.now();
          let done = 0;
          const playheads = new Set();
          for (const part of chunks.slice(0, -1)) {
            window.harness.post(part);
            done += part.count;
            window.harness.post({ type: 'analysisProgress', done: Math.min(done, total - 1), total });
            app.playback.seek(done % total);
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            playheads.add(app.views.probability.cursorX ?? app.playback.frame);
          }
          const lastPosted = performance.now();
          window.harness.post(chunks[chunks.length - 1]);
          window.harness.post({ type: 'analysisProgress', done: total, total });
          await new Promise((r) => {
            const wait = () => (window.harness.posted.some((m) => m.type === 'rendered') ? r() : setTimeout(wait, 5));
            wait();
          });
          const during = rebuilds.filter((b) => b.at >= t0 && b.at < lastPosted);
          const slotsDuring = slots.filter((at) => at >= t0 && at < lastPosted);
          const gaps = slotsDuring.slice(1).map((at, i) => at - slotsDuring[i]);
          const last = rebuilds[rebuilds.length - 1];
          return {
            chunks: chunks.length,
            during: during.length,
            slots: slotsDuring.length,
            minGap: gaps.length ? Math.min(...gaps) : null,
            overlays,
            playheads: playheads.size,
            lastAfterFinal: last.at >= lastPosted,
            lastBeforeRendered: !last.renderedBefore,
            afterRendered: rebuilds.filter((b) => b.renderedBefore).length,
          };
        }, ctx.data.hello);
        if (seen.chunks < 20) throw new Error(`expected at least 20 result chunks from the sample, got ${seen.chunks}`);
        if (seen.during >= seen.chunks / 2) throw new Error(`${seen.during} trace rebuilds for ${seen.chunks} streamed results messages (expected coalescing)`);
        if (seen.slots < 2) throw new Error(`${seen.slots} data rebuilds while ${seen.chunks} results messages streamed in (expected several, spaced)`);
        if (seen.minGap !== null && seen.minGap < 240) throw new Error(`two data rebuilds ${seen.minGap.toFixed(0)} ms apart mid-stream (expected >= 250 ms)`);
        if (seen.overlays < seen.chunks - 1) throw new Error(`playhead overlay drawn ${seen.overlays} times for ${seen.chunks} animation frames`);
        eq([seen.lastAfterFinal, seen.lastBeforeRendered, seen.afterRendered], [true, true, 0], 'final traces drawn after the last results, before rendered');
        const rendered = await waitPosted(page, 'rendered');
        eq([rendered.frames, rendered.windows, rendered.transcript], [ex.frames, ex.windows, ex.transcript], 'rendered counts every streamed result');
      });
    },
  },
  {
    name: 'the smoothing chart reuses a class\'s traces when the focus returns to it, and rebuilds them on new data and zoom',
    async run(ctx) {
      await withPage(ctx, { theme: 'dark' }, async (page) => {
        await load(page, ctx.data.hello);
        const seen = await page.evaluate(async (json) => {
          const frames2 = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          const app = window.__landmarkLens;
          const chart = app.views.smoothing.chart;
          // What the chart's layers show (window line, smoothed line, reply marks).
          const pixels = () => ['smoothing-window', 'smoothing-smoothed', 'smoothing-replies'].map((id) => document.getElementById(id).toDataURL()).join(' ');
          const k = app.store.labels.indexOf('A');
          app.setFocus('A');
          await frames2();
          const firstA = chart.data.datasets[0];
          const pixelsA = pixels();
          app.setFocus('B');
          await frames2();
          const labelB = chart.data.datasets[0].label;
          const pixelsB = pixels();
          app.setFocus('A');
          await frames2();
          const reused = chart.data.datasets[0] === firstA;
          const pixelsAgain = pixels();
          // New results for A (every analysed frame at 0.5) must replace the kept traces.
          const messages = window.harness.decode(json);
          const c = app.store.classCount;
          for (const r of messages.filter((m) => m.type === 'results')) {
            const probs = r.probs.slice();
            for (let i = 0; i < r.count; i++) if (Number.isFinite(probs[i * c + k])) probs[i * c + k] = 0.5;
            window.harness.post({ ...r, probs });
          }
          await frames2();
          const pixelsNew = pixels();
          // B again, then A: the layers show A's new results, not pixels kept from before them.
          app.setFocus('B');
          await frames2();
          app.setFocus('A');
          await frames2();
          const pixelsNewAgain = pixels();
          const ys = chart.data.datasets[0].data.map((p) => p.y).filter((y) => Number.isFinite(y));
          const sessionSeconds = (app.store.endMs() - app.store.startMs()) / 1000;
          app.view.set(app.store.startMs(), app.store.startMs() + (app.store.endMs() - app.store.startMs()) / 4);
          await frames2();
          const xs = chart.data.datasets[0].data.map((p) => p.x);
          return { pixels: { aBFirst: pixelsA !== pixelsB, aAgain: pixelsAgain === pixelsA, newData: pixelsNew !== pixelsA, newAgain: pixelsNewAgain === pixelsNew }, labelA: firstA.label, labelB, reused, ys: [...new Set(ys)], ysCount: ys.length, maxX: Math.max(...xs), sessionSeconds, labelAfter: chart.data.datasets[0].label };
        }, ctx.data.hello);
        eq([seen.labelA, seen.labelB, seen.labelAfter], ['A window', 'B window', 'A window'], 'dataset follows the focus');
        eq(seen.reused, true, 'returning to A reuses its traces');
        eq(seen.pixels, { aBFirst: true, aAgain: true, newData: true, newAgain: true }, 'the layers show B, A again as first drawn, then A\'s new results also after B');
        assert(seen.ysCount > 0, 'the A window trace has points after the new results');
        eq(seen.ys, [0.5], 'the A window trace shows the new results, not the kept ones');
        assert(seen.maxX < seen.sessionSeconds / 2, `zoomed to the first quarter, the trace reaches ${seen.maxX} s of ${seen.sessionSeconds} s`);
      });
    },
  },
  ...EVALUATION_CASES,
  ...knobCases({ withPage, load, waitPosted, settle }),
];
