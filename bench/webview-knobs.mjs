// A knob change to on screen, in headless Chromium: the real dist/webview.js is fed a whole session's
// messages (bench/webviewData.ts), then knobs are changed as the controls change them, and each change is
// timed from the change to the end of the animation frame that draws it: the recompute of replies,
// throttle marks, transcript and figures from the distributions the webview holds (there is no transfer:
// the window outputs are already there), and the draw. Also counts the changes painted by the first
// animation frame begun after them (drawn at once in the change's task before it, or in it).
// Usage (after node esbuild.mjs): node bench/webview-knobs.mjs <messages.jsonl> [--rounds 12] [--cpu-profile out.cpuprofile] [--trace out.json [--trace-categories a,b]]
// Prints one JSON object on its last line (with `byKind`: the changes grouped by the knobs they set). `--cpu-profile` writes the page's CPU profile of the changes
// (not the loading), for Chrome's DevTools; its self time per function is printed on stderr. `--trace`
// writes a Chromium trace of the changes (`node bench/traceTasks.mjs out.json --over 5` lists their tasks), with a
// `knob change: <knobs>` user-timing mark at each change; `--trace-categories` replaces its categories (add `cc`,
// `skia` and `disabled-by-default-skia` to see the canvases' raster inside the commit, `blink.user_timing` for the marks).
import { writeFileSync } from 'node:fs';
import { checkInputs, loadMessages, percentile, round, withBenchPage } from './webviewPage.mjs';

const messagesFile = process.argv[2];
const roundsAt = process.argv.indexOf('--rounds');
const rounds = roundsAt > 0 ? Number(process.argv[roundsAt + 1]) : 12;
const profileAt = process.argv.indexOf('--cpu-profile');
const profileFile = profileAt > 0 ? process.argv[profileAt + 1] : null;
const traceAt = process.argv.indexOf('--trace');
const traceFile = traceAt > 0 ? process.argv[traceAt + 1] : null;
const categoriesAt = process.argv.indexOf('--trace-categories');
const traceCategories = categoriesAt > 0 ? process.argv[categoriesAt + 1].split(',') : ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'blink.user_timing'];
checkInputs('webview-knobs', messagesFile);

await withBenchPage(async ({ context, page, errors }) => {
  // The session's messages, decoded into the page a few megabytes at a time, then posted one task each.
  await loadMessages(page, messagesFile);
  await page.evaluate(async () => {
    for (const m of window.__benchMessages) {
      window.postMessage(m, '*');
      await new Promise((r) => setTimeout(r, 0));
    }
    window.__benchMessages = null;
    await new Promise((resolve) => {
      const wait = () => (window.harness.posted.some((m) => m.type === 'rendered') ? resolve() : setTimeout(wait, 5));
      wait();
    });
  });

  const cdp = profileFile ? await context.newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  if (traceFile) await context.browser().startTracing(page, { path: traceFile, categories: traceCategories });
  const measured = await page.evaluate(async (n) => {
    const app = window.__landmarkLens;
    const knobs = app.views.model.knobs;
    // A user's first change comes after the panel has drawn the session and been idle a moment: the knobs
    // prepare in idle tasks meanwhile. Waits for that (at most 5 s) and reports how long it took.
    const renderedAt = performance.now();
    while (knobs.preparedAfterMs === null && performance.now() - renderedAt < 5000) await new Promise((r) => setTimeout(r, 20));
    const preparedAfterMs = knobs.preparedAfterMs;
    const frames = app.store.frameCount;
    // Whether a draw runs in an animation frame's callbacks, or in a task (a knob change is drawn at once
    // in the task that applies it): the frame that paints it is then the next one.
    let inFrame = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) =>
      raf((t) => {
        inFrame++;
        try {
          callback(t);
        } finally {
          inFrame--;
        }
      });
    // Times the recompute and the draw of each change, and marks the end of the frame that paints it.
    let change = null;
    const apply = knobs.apply.bind(knobs);
    knobs.apply = () => {
      const s = performance.now();
      if (change) change.applyAt = s;
      apply();
      // A draw made inside the apply is not the recompute's.
      if (change) change.applyMs = performance.now() - s - (change.drawnInApply ? change.drawMs : 0);
    };
    const draw = app.draw.bind(app);
    app.draw = () => {
      const s = performance.now();
      draw();
      if (change?.applyAt !== undefined && change.drawMs === undefined) {
        change.drawAt = s;
        change.drawFrame = change.frames;
        change.drawMs = performance.now() - s;
        change.drawnInApply = change.applyMs === undefined;
        const done = change.done;
        // After the painting frame's callbacks, style, layout and paint.
        change.drawnInFrame = inFrame > 0;
        if (change.drawnInFrame) {
          change.frameAt = s;
          setTimeout(() => done(performance.now()), 0);
        } else {
          raf(() => {
            change.frameAt = performance.now();
            setTimeout(() => done(performance.now()), 0);
          });
        }
      }
    };
    const settle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const values = [
      { smoothingWindow: 3 },
      { smoothingWindow: 8 },
      { throttleMs: 150 },
      { throttleDelta: 0.1 },
      { holdFrames: 4 },
      { minProb: 0.4 },
      { target: 'free' },
      { target: 'session', smoothingWindow: 5, throttleMs: 75, throttleDelta: 0.03 },
    ];
    const out = [];
    await settle();
    for (let k = 0; k < n; k++) {
      const v = values[k % values.length];
      const t0 = performance.now();
      performance.mark(`knob change: ${Object.keys(v).join('+')}`);
      const end = await new Promise((resolve) => {
        const c = { done: resolve, frames: 0 };
        change = c;
        // Counts the animation frames begun since the change: a draw while it is 1 is in the first of them.
        requestAnimationFrame(() => {
          c.frames = 1;
          requestAnimationFrame(() => (c.frames = 2));
        });
        knobs.set(v);
      });
      const error = knobs.current.error;
      if (error) throw new Error(`the knobs were not applied: ${error}`);
      out.push({
        change: Object.keys(v).join('+'),
        totalMs: end - t0,
        applyMs: change.applyMs,
        drawMs: change.drawMs,
        // Where the rest goes: to the scheduled apply, from it to the draw (none when drawn in the apply),
        // from the draw to the frame that paints it, and that frame's paint.
        toApplyMs: change.applyAt - t0,
        toDrawMs: change.drawnInApply ? 0 : change.drawAt - (change.applyAt + change.applyMs),
        toFrameMs: Math.max(0, change.frameAt - (change.drawAt + change.drawMs)),
        paintMs: end - Math.max(change.frameAt, change.drawAt + change.drawMs),
        // Painted by the first frame begun after the change: drawn in a task before that frame began, or
        // in that frame's callbacks. A task's draw after it began is painted by the frame after.
        firstFrame: change.drawnInFrame ? change.drawFrame === 1 : change.drawFrame === 0,
      });
      change = null;
      await settle();
    }
    // The first softmax policy change computes the other policy's distributions once; later ones reuse them.
    const policy = knobs.current.values.softmax === 'always' ? 'never' : 'always';
    const p0 = performance.now();
    let policyMs = null;
    try {
      knobs.set({ softmax: policy });
      knobs.apply();
      policyMs = knobs.current.error ? null : performance.now() - p0;
    } catch {
      policyMs = null;
    }
    return { frames, preparedAfterMs, changes: out, softmaxChangeMs: policyMs, softmaxError: knobs.current.error };
  }, rounds);
  if (traceFile) await context.browser().stopTracing();
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(profileFile, JSON.stringify(profile));
    printSelfTimes(profile);
  }

  const pick = (key) => measured.changes.map((c) => c[key]);
  const stats = (key) => ({ p50: round(percentile(pick(key), 50)), p95: round(percentile(pick(key), 95)), max: round(Math.max(...pick(key))) });
  console.log(
    JSON.stringify({
      frames: measured.frames,
      rounds,
      preparedAfterMs: measured.preparedAfterMs === null ? null : round(measured.preparedAfterMs),
      changeToScreenMs: stats('totalMs'),
      recomputeMs: stats('applyMs'),
      drawMs: stats('drawMs'),
      toApplyMs: stats('toApplyMs'),
      applyToDrawMs: stats('toDrawMs'),
      drawToFrameMs: stats('toFrameMs'),
      paintMs: stats('paintMs'),
      recomputeAndDrawMs: { p50: round(percentile(measured.changes.map((c) => c.applyMs + c.drawMs), 50)), p95: round(percentile(measured.changes.map((c) => c.applyMs + c.drawMs), 95)) },
      // The goal's words, "on screen within one animation frame": changes painted by the first frame begun after them.
      paintedByFirstFrame: { count: measured.changes.filter((c) => c.firstFrame).length, of: measured.changes.length },
      transferMs: 0,
      // Per kind of change (the knobs set together joined by '+'): how many, and the median and slowest of each part.
      byKind: byKind(measured.changes),
      softmaxChangeMs: measured.softmaxChangeMs === null ? null : round(measured.softmaxChangeMs),
      softmaxError: measured.softmaxError,
      changes: measured.changes.map((c) => ({ change: c.change, totalMs: round(c.totalMs), applyMs: round(c.applyMs), drawMs: round(c.drawMs), toApplyMs: round(c.toApplyMs), toDrawMs: round(c.toDrawMs), toFrameMs: round(c.toFrameMs), paintMs: round(c.paintMs), firstFrame: c.firstFrame })),
      errors,
    }),
  );
});

/** The changes grouped by what they set, in the order first made: median and slowest change to on screen, recompute, draw and paint. */
function byKind(changes) {
  const kinds = new Map();
  for (const c of changes) {
    if (!kinds.has(c.change)) kinds.set(c.change, []);
    kinds.get(c.change).push(c);
  }
  return [...kinds].map(([change, list]) => {
    const of = (key) => ({ p50: round(percentile(list.map((c) => c[key]), 50)), max: round(Math.max(...list.map((c) => c[key]))) });
    return { change, count: list.length, totalMs: of('totalMs'), applyMs: of('applyMs'), drawMs: of('drawMs'), paintMs: of('paintMs') };
  });
}

/** The profile's self time per function (name, file and line), the largest first, on stderr. */
function printSelfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const f = byId.get(profile.samples[i]).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  }
  const rows = [...self].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)')).sort((a, b) => b[1] - a[1]);
  for (const [k, ms] of rows.slice(0, 40)) console.error(`${ms.toFixed(1).padStart(8)} ms  ${k}`);
}
