// The webview cases of the model card's knobs: controls with their sources, edited markers, live
// recompute of replies and transcript, the needs-the-model note, Save as profile and Reset.
import { assert, eq } from './check.mjs';

/** What the knobs table shows, row by row: value, source, edited marker. */
async function knobRows(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('#knobs tr[data-knob]')].map((row) => [
        row.getAttribute('data-knob'),
        {
          value: row.querySelector('.knob-input').value,
          source: row.querySelector('.source').textContent,
          edited: !row.querySelector('.knob-edited').hidden,
        },
      ]),
    ),
  );
}

/** The replies the panel holds now: sent marks, reply letters and the transcript. */
async function replies(page) {
  return page.evaluate(() => {
    const s = window.__landmarkLens.store;
    const n = s.frameCount;
    return {
      sent: Array.from(s.sent.subarray(0, n)),
      letters: Array.from(s.replyLetter.subarray(0, n)),
      probs: Array.from(s.replyProb.subarray(0, n), (p) => (Number.isNaN(p) ? null : p)),
      transcript: s.transcriptAt(n - 1),
      maxFill: Math.max(...s.smoothingFill.subarray(0, n)),
      changes: s.targets.map((c) => c.frame),
    };
  });
}

/** Types `value` into a knob's field as a user does, then waits for the recompute's `knobsApplied`. */
async function typeKnob(page, name, value) {
  const before = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'knobsApplied').length);
  await page.fill(`#knob-${name}`, String(value));
  await page.waitForFunction((n) => window.harness.posted.filter((m) => m.type === 'knobsApplied').length > n, before, { timeout: 10_000 });
  return page.evaluate(() => window.harness.posted.filter((m) => m.type === 'knobsApplied').pop());
}

export function knobCases({ withPage, load, waitPosted, settle }) {
  return [
    {
      name: 'knobs: editable with their source, edited against it, recomputed at once; needs-the-model note; save; reset',
      async run(ctx) {
        await withPage(ctx, { theme: 'dark', width: 1400, height: 1400 }, async (page) => {
          await load(page, ctx.data.sample);
          const rows = await knobRows(page);
          eq(Object.keys(rows), ['smoothingWindow', 'throttleMs', 'throttleDelta', 'target', 'softmax', 'holdFrames', 'minProb', 'windowSize', 'normalization', 'inputLayout'], 'one row per knob');
          const profile = await page.evaluate(() => window.__landmarkLens.views.model.knobs.resolved);
          eq(rows.smoothingWindow.value, String(profile.smoothingWindow), 'the smoothing control shows the resolved value');
          eq(rows.target, { value: 'session', source: 'session', edited: false }, "the target starts as the session's own");
          assert(Object.values(rows).every((r) => !r.edited), 'nothing is edited at first');
          assert(['default', 'sidecar', 'metadata', 'settings', 'inferred'].includes(rows.smoothingWindow.source), `a profile source is shown (${rows.smoothingWindow.source})`);
          const original = await replies(page);

          // Smoothing 9: recomputed without the model, marked edited.
          const probabilityTraces = () =>
            page.evaluate(() => {
              const datasets = window.__landmarkLens.views.probability.chart.data.datasets;
              const kept = datasets === window.__tracesBefore;
              window.__tracesBefore = datasets;
              return { kept, y: datasets.map((d) => d.data.map((p) => p.y)) };
            });
          await probabilityTraces();
          const applied = await typeKnob(page, 'smoothingWindow', 9);
          eq(applied.edited, ['smoothingWindow'], 'knobsApplied names the edited knob');
          assert(!applied.error, `no error: ${applied.error}`);
          let now = await knobRows(page);
          assert(now.smoothingWindow.edited && !now.throttleMs.edited, 'only the smoothing row is marked edited');
          const smoothed9 = await replies(page);
          eq(smoothed9.maxFill, 9, 'the smoothing buffer fills to 9 now');
          await settle(page);
          assert((await page.textContent('#smoothing-fill')).endsWith('/9'), 'the reply readout counts the smoothing buffer out of 9');
          assert(JSON.stringify(smoothed9.letters) !== JSON.stringify(original.letters), 'the replies changed');
          eq((await probabilityTraces()).kept, true, 'the window probabilities do not change with a knob: their traces are kept');
          // Showing the smoothed series, a smoothing change redraws it.
          await page.evaluate(() => window.__landmarkLens.panel.ctx.choices.set('series', 'smoothed'));
          await settle(page);
          const smoothedTraces = await probabilityTraces();
          await typeKnob(page, 'smoothingWindow', 2);
          await settle(page);
          const resmoothed = await probabilityTraces();
          assert(!resmoothed.kept && JSON.stringify(resmoothed.y) !== JSON.stringify(smoothedTraces.y), 'the smoothed traces follow the smoothing knob');
          await typeKnob(page, 'smoothingWindow', 9);
          await page.evaluate(() => window.__landmarkLens.panel.ctx.choices.set('series', 'window'));
          await settle(page);

          // Throttle 0 ms and delta 0: every reply goes out. The smoothing chart's reply marks follow; its
          // lines, which the throttle does not change, keep their data.
          const smoothingChart = () =>
            page.evaluate(() => {
              const app = window.__landmarkLens;
              const datasets = app.views.smoothing.chart.data.datasets;
              const before = window.__smoothingBefore;
              window.__smoothingBefore = datasets.map((d) => d.data);
              const s = app.store;
              const replyFrames = (sent) => Array.from({ length: s.frameCount }, (_, i) => i).filter((i) => s.replyLetter[i] >= 0 && s.sent[i] === sent).length;
              return {
                kept: before ? datasets.map((d, i) => d.data === before[i]) : null,
                marks: [datasets[2].data.length, datasets[3].data.length],
                replies: [replyFrames(1), replyFrames(0)],
              };
            });
          await smoothingChart();
          // Counts the layouts of the smoothing chart's axes (Chart.js's update() lays out every scale).
          await page.evaluate(() => {
            const scales = window.__landmarkLens.views.smoothing.chart.scales;
            window.__scaleLayouts = 0;
            for (const scale of [scales.x, scales.y]) {
              const update = scale.update;
              scale.update = function (...args) {
                window.__scaleLayouts++;
                return update.apply(this, args);
              };
            }
          });
          await typeKnob(page, 'throttleMs', 0);
          const all = await typeKnob(page, 'throttleDelta', 0);
          await settle(page);
          const marks = await smoothingChart();
          eq(await page.evaluate(() => window.__scaleLayouts), 0, 'the knob changes updated the smoothing chart\'s datasets without laying out its axes again');
          eq(marks.kept, [true, true, false, false], 'a throttle change gives the chart new reply marks and keeps its lines');
          assert(marks.marks[0] > 0 && marks.marks[0] <= marks.replies[0] && marks.marks[1] <= marks.replies[1], `the marks are the replies sent and held, at most one a pixel column (${marks.marks} of ${marks.replies})`);
          // The timeline drew only the lanes the knobs changed: exactly what drawing every lane gives.
          const lanes = await page.evaluate(() => {
            const timeline = window.__landmarkLens.views.timeline;
            const canvases = [document.querySelector('canvas.timeline-base'), document.querySelector('canvas.timeline-marks')];
            const partial = canvases.map((c) => c.toDataURL());
            timeline.drawnFor = '';
            timeline.redraw();
            return { partial, whole: canvases.map((c) => c.toDataURL()) };
          });
          assert(lanes.partial[0] === lanes.whole[0], 'the timeline redrawn lane by lane after knob changes equals the timeline drawn whole');
          assert(lanes.partial[1] === lanes.whole[1], 'the emissions redrawn after knob changes equal the emissions drawn with the whole timeline');
          // The smoothing chart drew only the layers the knobs changed: its canvases stacked are what every
          // layer drawn again gives, and what Chart.js draws on one canvas (up to the blending's rounding).
          const layered = await page.evaluate(() => {
            const view = window.__landmarkLens.views.smoothing;
            const pixels = (canvas) => canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            const partial = pixels(view.layers.composite());
            view.layers.invalidate();
            view.layers.draw();
            const redrawn = pixels(view.layers.composite());
            const base = pixels(view.chart.canvas);
            const layers = view.layers;
            view.layers = null;
            view.chart.draw();
            const whole = pixels(view.chart.canvas);
            view.layers = layers;
            view.chart.draw();
            let same = partial.length === redrawn.length;
            for (let i = 0; same && i < partial.length; i++) same = partial[i] === redrawn[i];
            let maxDiff = 0;
            let over2 = 0;
            let baseDiffers = 0;
            for (let i = 0; i < whole.length; i++) if (whole[i] !== base[i]) baseDiffers++;
            for (let i = 0; i < whole.length; i++) {
              const d = Math.abs(whole[i] - partial[i]);
              maxDiff = Math.max(maxDiff, d);
              if (d > 2) over2++;
            }
            const drawn = [...document.querySelectorAll('#card-smoothing canvas.layer')].map((c) => pixels(c).some((v, i) => i % 4 === 3 && v > 0));
            return { same, maxDiff, over2, values: whole.length, drawn, sizes: partial.length === whole.length, baseDiffers };
          });
          // Chart.js's whole update (every dataset's elements computed again after the layout) draws the same.
          const updatedWhole = await page.evaluate(() => {
            const view = window.__landmarkLens.views.smoothing;
            const pixels = (canvas) => canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            const partial = pixels(view.layers.composite());
            const layouts = window.__scaleLayouts;
            view.keepsUnchangedDatasets = false;
            view.layers.invalidate();
            view.chart.update('none');
            view.keepsUnchangedDatasets = true;
            const whole = pixels(view.layers.composite());
            let differ = partial.length === whole.length ? 0 : -1;
            for (let i = 0; differ >= 0 && i < whole.length; i++) if (whole[i] !== partial[i]) differ++;
            return { differ, layouts: window.__scaleLayouts - layouts };
          });
          assert(updatedWhole.layouts > 0, `the counter sees the axes laid out by a whole update (${updatedWhole.layouts})`);
          eq(updatedWhole.differ, 0, 'the datasets updated alone draw as Chart.js\'s whole update draws them');
          eq(layered.same, true, 'the smoothing chart layered after knob changes equals every layer drawn again');
          eq(layered.sizes, true, 'the layers are the chart canvas\'s size');
          assert(layered.baseDiffers > 1000, `the lines are not on the chart's own canvas (${layered.baseDiffers} values differ from the chart drawn whole)`);
          eq(layered.drawn, [true, true, true], 'each layer (reply marks, smoothed line, window line) has something drawn');
          assert(layered.over2 === 0, `the layers stacked look as the chart drawn on one canvas (${layered.over2} of ${layered.values} channel values differ by more than 2, at most ${layered.maxDiff})`);
          await page.locator('#card-smoothing').screenshot({ path: `${ctx.resultsDir}/knobs-smoothing-dark.png` });
          const shown = await page.evaluate(() => window.__landmarkLens.views.smoothing.chart.data.datasets[2].data.map((p) => p.y));
          const holdBefore = (await knobRows(page)).holdFrames.value;
          await typeKnob(page, 'holdFrames', Number(holdBefore) + 2);
          await settle(page);
          eq((await smoothingChart()).kept, [true, true, true, true], 'a decoder change leaves the smoothing chart as it is');
          await typeKnob(page, 'holdFrames', holdBefore);
          eq(await page.evaluate(() => window.__landmarkLens.views.smoothing.chart.data.datasets[2].data.map((p) => p.y)), shown, 'the marks are the same after it');
          const unthrottled = await replies(page);
          const sentNow = unthrottled.sent.filter(Boolean).length;
          assert(sentNow > smoothed9.sent.filter(Boolean).length, `with no throttle more replies go out (${sentNow})`);
          eq(all.repliesSent, sentNow, 'knobsApplied counts them');
          // With 0 ms and delta 0, a reply is held only when it repeats the last sent one exactly (a target
          // change sends the default reply, A at 0).
          let last = null;
          for (let f = 0; f < unthrottled.letters.length; f++) {
            if (unthrottled.changes.includes(f)) last = [0, 0];
            if (unthrottled.letters[f] < 0) continue;
            const reply = [unthrottled.letters[f], unthrottled.probs[f]];
            if (unthrottled.sent[f]) last = reply;
            else eq(reply, last, `frame ${f}: a reply held with no throttle repeats the last sent one`);
          }
          assert(await page.isVisible('text=Profile:'), "the profile's figures are shown beside the edited ones");

          // A bad value is refused with the knob named, and changes nothing.
          const posts = await page.evaluate(() => window.harness.posted.length);
          await page.fill('#knob-smoothingWindow', '0');
          await settle(page);
          eq(await page.textContent('tr[data-knob="smoothingWindow"] .knob-problem'), "Smoothing window: expected an integer from 1 to 255, got '0'", 'the problem names the knob');
          eq(await page.evaluate(() => window.harness.posted.length), posts, 'nothing was posted');
          await page.fill('#knob-smoothingWindow', '9');

          // The target: free mode throughout.
          await page.selectOption('#knob-target', 'free');
          await waitPosted(page, 'knobsApplied', { edited: ['smoothingWindow', 'throttleMs', 'throttleDelta', 'target'] });

          // A knob that needs the model: the note says so, the button asks for a re-run with the edited fields.
          await page.fill('#knob-windowSize', '16');
          await settle(page);
          await settle(page);
          assert(await page.isVisible('.knob-model-note'), 'the needs-the-model note shows');
          const note = await page.textContent('.knob-model-note');
          assert(note.includes('window size (frames) needs the model to run again'), `the note names the knob: ${note}`);
          await page.click('#knobs-rerun');
          const rerun = await waitPosted(page, 'reanalyse');
          eq(rerun.overrides, { smoothingWindow: 9, throttleMs: 0, throttleDelta: 0, windowSize: 16 }, 'the re-run carries the edited profile fields');
          await page.fill('#knob-windowSize', String(profile.windowSize));
          await settle(page);

          await page.click('#knobs-save');
          const save = await waitPosted(page, 'saveProfile');
          eq(save.profile.smoothingWindow, 9, 'Save as profile sends the values');
          eq(save.profile.decoder, { holdFrames: profile.holdFrames, minProb: profile.minProb }, 'with the decoder as the profile holds it');
          assert(!('target' in save.profile), 'the target is not a profile field');
          await settle(page);
          await page.locator('#card-model').screenshot({ path: `${ctx.resultsDir}/knobs-edited-dark.png` });

          // Reset: the resolved profile, and exactly the analysis's replies again.
          await page.click('#knobs-reset');
          await waitPosted(page, 'knobsApplied', { edited: [] });
          now = await knobRows(page);
          assert(Object.values(now).every((r) => !r.edited), 'no knob is edited after Reset');
          eq(now.smoothingWindow.value, String(profile.smoothingWindow), 'the smoothing control shows the profile again');
          eq(now.target.value, 'session', "the target is the session's again");
          eq(await replies(page), original, 'the replies, throttle marks and transcript are the analysis\'s again');

          // The extension can set them too (its tests do), and gets the replies back when it asks.
          const count = await page.evaluate(() => window.harness.posted.filter((m) => m.type === 'knobsApplied').length);
          await page.evaluate(() => window.postMessage({ type: 'setKnobs', values: { smoothingWindow: 3 } }, '*'));
          await page.waitForFunction((n) => window.harness.posted.filter((m) => m.type === 'knobsApplied').length > n, count, { timeout: 10_000 });
          await settle(page);
          eq((await knobRows(page)).smoothingWindow, { value: '3', source: rows.smoothingWindow.source, edited: true }, 'setKnobs updates the control');
        });
      },
    },
    {
      name: 'knobs: a change draws only the canvases whose pixels it changes, and writes no attribute with the value it has',
      async run(ctx) {
        await withPage(ctx, { theme: 'dark', width: 1400, height: 1400 }, async (page) => {
          await load(page, ctx.data.sample);
          // A frame with a hand, a reply and a smoothed distribution, so every view at the playhead shows something.
          await page.evaluate(() => {
            const { store, playback } = window.__landmarkLens.panel.ctx;
            let f = Math.floor(store.frameCount / 2);
            while (f < store.frameCount - 1 && !(store.hasHand[f] && store.replyLetter[f] >= 0)) f++;
            playback.seek(f);
          });
          await settle(page);
          // Which canvases are drawn on, and which attributes are written with the value they had.
          await page.evaluate(() => {
            window.__drawnOn = new Set();
            const proto = CanvasRenderingContext2D.prototype;
            for (const name of ['clearRect', 'fillRect', 'strokeRect', 'fill', 'stroke', 'fillText', 'drawImage', 'putImageData']) {
              const own = proto[name];
              proto[name] = function (...args) {
                if (this.canvas.isConnected) window.__drawnOn.add(this.canvas.id || this.canvas.className);
                return own.apply(this, args);
              };
            }
            window.__sameWrites = [];
            new MutationObserver((records) => {
              for (const r of records) {
                if (r.target.getAttribute(r.attributeName) === r.oldValue) window.__sameWrites.push(`${r.target.id || r.target.className || r.target.tagName} ${r.attributeName}`);
              }
            }).observe(document.body, { subtree: true, attributes: true, attributeOldValue: true });
          });
          const change = async (name, value) => {
            await page.evaluate(() => {
              window.__drawnOn.clear();
              window.__sameWrites.length = 0;
            });
            await typeKnob(page, name, value);
            await settle(page);
            return page.evaluate(() => ({ drawn: [...window.__drawnOn].sort(), same: [...new Set(window.__sameWrites)] }));
          };
          // What the skipped views show is what drawing them again gives.
          const asDrawnAgain = () =>
            page.evaluate(() => {
              const views = window.__landmarkLens.views;
              const ids = ['hand-image', 'hand-model', 'distribution'];
              const shown = ids.map((id) => document.getElementById(id).toDataURL());
              const frame = window.__landmarkLens.panel.ctx.playback.frame;
              views.skeleton.invalidate();
              views.skeleton.draw(frame);
              views.bars.plotDrawn = '';
              views.bars.draw(frame);
              return ids.filter((id, i) => document.getElementById(id).toDataURL() !== shown[i]);
            });

          const throttle = await change('throttleMs', 0);
          assert(throttle.drawn.includes('smoothing-replies'), `the throttle change draws the reply marks (drawn on: ${throttle.drawn})`);
          for (const id of ['hand-image', 'hand-model', 'distribution']) {
            assert(!throttle.drawn.includes(id), `a throttle change does not draw #${id} again (drawn on: ${throttle.drawn})`);
          }
          assert(!throttle.drawn.includes('timeline-marks'), `a throttle change leaves the emissions' canvas (drawn on: ${throttle.drawn})`);
          eq(throttle.same, [], 'a throttle change writes no attribute with the value it has');
          eq(await asDrawnAgain(), [], 'the views left alone show what drawing them again gives');

          const smoothing = await change('smoothingWindow', 2);
          assert(smoothing.drawn.includes('distribution') && smoothing.drawn.includes('smoothing-smoothed'), `a smoothing change draws the smoothed bars and line (drawn on: ${smoothing.drawn})`);
          assert(!smoothing.drawn.includes('hand-image') && !smoothing.drawn.includes('hand-model'), `a smoothing change leaves the hand views (drawn on: ${smoothing.drawn})`);
          eq(smoothing.same, [], 'a smoothing change writes no attribute with the value it has');
          eq(await asDrawnAgain(), [], 'the bars drawn for the new smoothing are what drawing them again gives');

          const hold = await page.evaluate(() => window.__landmarkLens.views.model.knobs.current.values.holdFrames);
          const decoder = await change('holdFrames', hold + 3);
          assert(decoder.drawn.includes('timeline-marks') && !decoder.drawn.includes('timeline-base'), `a decoder change draws the emissions, not the lanes (drawn on: ${decoder.drawn})`);
          const emissions = await page.evaluate(() => {
            const s = window.__landmarkLens.store;
            const canvas = document.querySelector('canvas.timeline-marks');
            const timeline = window.__landmarkLens.views.timeline;
            const y = timeline.laneMiddle('replies') - 3;
            const g = canvas.getContext('2d');
            const frames = [];
            for (let i = 0; i < s.frameCount; i++) if (s.emitted[i] >= 0) frames.push(i);
            return { count: frames.length, drawn: frames.filter((f) => g.getImageData(Math.round(timeline.xOfFrame(f) * devicePixelRatio), Math.round(y * devicePixelRatio), 1, 1).data[3] > 0).length };
          });
          assert(emissions.count > 0 && emissions.drawn === emissions.count, `every emission has its dot on the emissions' canvas (${emissions.drawn} of ${emissions.count})`);

          // The playhead moving still draws the hand and the bars.
          const moved = await page.evaluate(async () => {
            window.__drawnOn.clear();
            const { playback } = window.__landmarkLens.panel.ctx;
            playback.seek(playback.frame - 1);
            await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
            return [...window.__drawnOn];
          });
          assert(moved.includes('hand-model') && moved.includes('distribution'), `a playhead move draws the hand and the bars (drawn on: ${moved})`);
        });
      },
    },
  ];
}
