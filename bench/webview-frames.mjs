// Webview frame time during playback of a long session in headless Chromium, and the page's JS heap.
// The real dist/webview.js, on a page like a VS Code webview's (nonce CSP, --vscode-* theme variables,
// acquireVsCodeApi from test/webview/pages/harness.ts), is fed the messages of bench/webviewData.ts.
// Usage (after node esbuild.mjs): node bench/webview-frames.mjs <messages.jsonl> [--seconds 10] [--speed 1] [--height 1000] [--profile <dir>] [--trace-only] [--trace-categories a,b]
// Prints one JSON object on its last line. --profile writes CPU profiles of the loading and the playing
// and Chromium traces of them (<dir>/loading.cpuprofile, loading.trace.json, playing...; open them in
// Chromium's DevTools, or summarize the long tasks with bench/cpuProfileTasks.mjs and bench/traceTasks.mjs); profiling slows the page, so its figures are not comparable.
// With --trace-only, --profile writes the traces without the CPU profiles, which slows the page less:
// its long tasks are nearer those of an unprofiled run.
// --trace-categories replaces the trace's categories: adding cc and skia shows the canvases' drawing,
// which Chromium records in the rAF and rasterizes on the main thread inside the frame's Commit.
//
// Frame time: for each animation frame while playing, the time from the frame's start (the rAF
// timestamp) to a task queued from a rAF callback, which runs after that frame's callbacks, style,
// layout and paint: the main thread's work for the frame. The rAF interval is reported too (60 Hz
// when nothing is dropped). That time is split in two: the vsync to the frame's first rAF callback (the
// frame reaching the main thread: Chromium's compositor scheduling it, a task or another process holding
// the main thread or the CPU) and from that callback on (the page's script, style, layout, paint, and the
// commit, where its canvases are rasterized); and it is given for the frames the panel drew in (the
// playhead moved: a 30 fps session at 60 Hz draws in every other one).
// The page is 1280 x 1000 px: the cards below the fold (the hand views among them) skip their drawing while
// playing (src/webview/offscreenCards.ts). --height 2000 shows the whole panel, every card drawn each frame.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInputs, loadMessages, percentile, round, withBenchPage } from './webviewPage.mjs';

const flag = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const messagesFile = process.argv[2];
const seconds = Number(flag('--seconds', 10));
const speed = Number(flag('--speed', 1));
const profileDir = flag('--profile', null);
const traceOnly = process.argv.includes('--trace-only');
const height = Number(flag('--height', 1000));
const traceCategories = flag('--trace-categories', 'devtools.timeline,disabled-by-default-devtools.timeline,v8,blink');
checkInputs('webview-frames', messagesFile);

await withBenchPage(async ({ context, page, errors }) => {
  if (height !== 1000) await page.setViewportSize({ width: 1280, height });
  const cdp = await context.newCDPSession(page);
  const heapMB = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = await cdp.send('Runtime.getHeapUsage');
    // backingStorageSize: typed arrays' buffers, which live outside the JS heap proper.
    return { jsHeapMB: round(usage.usedSize / 1048576), arrayBuffersMB: usage.backingStorageSize === undefined ? null : round(usage.backingStorageSize / 1048576) };
  };
  const heapBefore = await heapMB();
  const profiled = async (name, run) => {
    if (!profileDir) return run();
    if (!traceOnly) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
      await cdp.send('Profiler.start');
    }
    mkdirSync(profileDir, { recursive: true });
    const browser = context.browser();
    await browser.startTracing(page, { path: join(profileDir, `${name}.trace.json`), categories: traceCategories.split(',') });
    const result = await run();
    const profile = traceOnly ? null : (await cdp.send('Profiler.stop')).profile;
    await browser.stopTracing();
    if (profile) writeFileSync(join(profileDir, `${name}.cpuprofile`), JSON.stringify(profile));
    return result;
  };

  // The messages decoded into the page (not timed), then posted one task each, as VS Code delivers them,
  // timed until the webview reports rendered.
  const messages = await loadMessages(page, messagesFile, { bulk: true });
  // Times every view method (time and calls) from now on into a fresh record; returns the record.
  await page.evaluate(() => {
    const wrapped = new WeakSet();
    let current = {};
    window.__benchTimeViews = () => {
      const app = window.__landmarkLens;
      current = {};
      const wrap = (owner, name, key) => {
        if (typeof owner?.[name] !== 'function' || wrapped.has(owner[name])) return;
        const original = owner[name].bind(owner);
        const timed = (...args) => {
          const s0 = performance.now();
          try {
            return original(...args);
          } finally {
            const e = (current[key] ??= { ms: 0, calls: 0, each: [] });
            const spentMs = performance.now() - s0;
            e.ms += spentMs;
            e.calls++;
            e.each.push(spentMs);
          }
        };
        wrapped.add(timed);
        owner[name] = timed;
      };
      for (const [name, view] of Object.entries(app.views ?? {})) {
        for (const method of ['rebuild', 'redraw', 'drawOverlay', 'draw', 'update', 'drawHeatmap']) wrap(view, method, `${name}.${method}`);
      }
      wrap(app, 'draw', 'app.draw');
      return new Proxy({}, { get: (_t, k) => current[k], ownKeys: () => Reflect.ownKeys(current), getOwnPropertyDescriptor: (_t, k) => ({ value: current[k], enumerable: true, configurable: true }) });
    };
  });

  const loading = await profiled('loading', () => page.evaluate(async () => {
    const longTasks = [];
    const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
    observer.observe({ type: 'longtask', buffered: false });
    const t0 = performance.now();
    let firstResultsMs = null;
    let spent = null;
    let bulk = 0;
    for (const m of window.__benchMessages) {
      // From the first results on (the views exist once the panel is built, which may wait for the store).
      if (!spent && m.type === 'results' && window.__landmarkLens.views) spent = window.__benchTimeViews();
      bulk += m.type === 'bulk' ? 1 : 0;
      window.postMessage(m, '*');
      await new Promise((r) => setTimeout(r, 0));
      if (firstResultsMs === null && m.type === 'results') {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        firstResultsMs = performance.now() - t0;
      }
    }
    const posted = performance.now() - t0;
    await new Promise((resolve) => {
      const wait = () => (window.harness.posted.some((m) => m.type === 'rendered') ? resolve() : setTimeout(wait, 5));
      wait();
    });
    const renderedMs = performance.now() - t0;
    // Then the knobs' preparation in idle tasks (at most 5 s): part of the loading's main-thread work, though
    // the session is on screen already.
    const loadedTasks = longTasks.length;
    const knobs = window.__landmarkLens.views?.model?.knobs;
    while (knobs && knobs.preparedAfterMs === null && performance.now() - t0 - renderedMs < 5000) await new Promise((r) => setTimeout(r, 20));
    observer.disconnect();
    window.__benchMessages = null;
    return {
      bulk,
      postedMs: posted,
      renderedMs,
      firstResultsMs,
      longTasks: longTasks.slice(0, loadedTasks),
      preparing: { longTasks: longTasks.slice(loadedTasks), knobsPreparedMs: knobs?.preparedAfterMs ?? null },
      spent: JSON.parse(JSON.stringify(spent ?? {})),
    };
  }));
  const rendered = await page.evaluate(() => window.harness.posted.find((m) => m.type === 'rendered'));
  const heapLoaded = await heapMB();

  // Chromium's own accounting of the main thread while playing: busy time per animation frame, which
  // (unlike the frame time) does not count time the renderer waited for a CPU on a loaded machine.
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  const playback = await profiled('playing', () => page.evaluate(
    async ({ seconds, speed }) => {
      const app = window.__landmarkLens;
      app.playback.seek(Math.floor(app.playback.lastFrame() / 3));
      app.playback.setSpeed(speed);
      const startFrame = app.playback.frame;
      // Where the frame time goes: time and calls per view method while playing.
      const spent = window.__benchTimeViews();
      // Every rAF callback from now on notes when the first one of its frame began: the main thread's
      // start on the frame, which the rAF timestamp (the frame's vsync) precedes by the time the frame
      // took to reach the main thread.
      const requestFrame = window.requestAnimationFrame;
      const firstCallback = new Map();
      window.requestAnimationFrame = (callback) => requestFrame.call(window, (ts) => {
        if (!firstCallback.has(ts)) firstCallback.set(ts, performance.now());
        callback(ts);
      });
      const work = [];
      const fromFirstCallback = [];
      const toMainThread = [];
      const drew = [];
      const intervals = [];
      let last = 0;
      let running = true;
      let draws = 0;
      const tick = (ts) => {
        if (!running) return;
        if (last) intervals.push(ts - last);
        last = ts;
        setTimeout(() => {
          const now = performance.now();
          const start = firstCallback.get(ts) ?? ts;
          firstCallback.delete(ts);
          work.push(now - ts);
          fromFirstCallback.push(now - start);
          toMainThread.push(start - ts);
          const calls = spent['app.draw']?.calls ?? 0;
          drew.push(calls > draws);
          draws = calls;
        }, 0);
        requestAnimationFrame(tick);
      };
      document.getElementById('play').click();
      requestAnimationFrame(tick);
      await new Promise((r) => setTimeout(r, seconds * 1000));
      running = false;
      window.requestAnimationFrame = requestFrame;
      const playing = app.playback.playing;
      document.getElementById('play').click();
      return { startFrame, endFrame: app.playback.frame, playing, work, fromFirstCallback, toMainThread, drew, intervals, spent: JSON.parse(JSON.stringify(spent)) };
    },
    { seconds, speed },
  ));
  const after = await metrics();
  const perFrame = (name) => round(((after[name] - before[name]) * 1000) / Math.max(1, playback.intervals.length));
  const mainThread = { taskMs: perFrame('TaskDuration'), scriptMs: perFrame('ScriptDuration'), layoutMs: perFrame('LayoutDuration'), styleMs: perFrame('RecalcStyleDuration') };
  const heapAfter = await heapMB();
  const framesPerSecond = playback.intervals.length / seconds;
  const result = {
    messages,
    bulkMessages: loading.bulk,
    sessionFrames: rendered?.frames ?? null,
    loadToRenderedMs: round(loading.renderedMs),
    firstResultsDrawnMs: round(loading.firstResultsMs),
    postedAllMs: round(loading.postedMs),
    loadLongTasks: loading.longTasks.length,
    loadLongestTaskMs: round(Math.max(0, ...loading.longTasks)),
    loadLongTasksTop: [...loading.longTasks].sort((a, b) => b - a).slice(0, 5).map(round),
    // After rendered, until the knobs' idle preparation is done (its time from its start: knobsPreparedMs).
    knobsPreparedMs: loading.preparing.knobsPreparedMs === null ? null : round(loading.preparing.knobsPreparedMs),
    preparingLongTasksTop: [...loading.preparing.longTasks].sort((a, b) => b - a).slice(0, 5).map(round),
    playedFrames: playback.endFrame - playback.startFrame,
    wasPlaying: playback.playing,
    seconds,
    speed,
    viewportHeight: height,
    animationFrames: playback.work.length,
    framesPerSecond: round(framesPerSecond),
    frameWorkP50: round(percentile(playback.work, 50)),
    frameWorkP95: round(percentile(playback.work, 95)),
    frameWorkMax: round(Math.max(...playback.work)),
    rafIntervalP50: round(percentile(playback.intervals, 50)),
    rafIntervalP95: round(percentile(playback.intervals, 95)),
    framesOver16ms: playback.work.filter((w) => w > 16).length,
    // The frame work split: the vsync to the frame's first rAF callback (the frame reaching the main
    // thread: Chromium's compositor, and whatever task or other process held the main thread or the CPU),
    // then from that callback on (the page's script, style, layout, paint and commit for the frame).
    toMainThreadP50: round(percentile(playback.toMainThread, 50)),
    toMainThreadP95: round(percentile(playback.toMainThread, 95)),
    fromFirstCallbackP50: round(percentile(playback.fromFirstCallback, 50)),
    fromFirstCallbackP95: round(percentile(playback.fromFirstCallback, 95)),
    fromFirstCallbackMax: round(Math.max(...playback.fromFirstCallback)),
    // The frames the panel drew in (the playhead moved) and the others (a 30 fps session at 60 Hz).
    drawingFrames: playback.drew.filter(Boolean).length,
    drawingFrameWorkP50: round(percentile(playback.work.filter((_, i) => playback.drew[i]), 50)),
    drawingFrameWorkP95: round(percentile(playback.work.filter((_, i) => playback.drew[i]), 95)),
    otherFrameWorkP95: round(percentile(playback.work.filter((_, i) => !playback.drew[i]), 95)),
    mainThreadPerFrame: mainThread,
    appDrawWhilePlaying: {
      p50: round(percentile(playback.spent['app.draw']?.each ?? [], 50)),
      p95: round(percentile(playback.spent['app.draw']?.each ?? [], 95)),
      max: round(Math.max(0, ...(playback.spent['app.draw']?.each ?? []))),
    },
    spentWhileLoading: Object.fromEntries(Object.entries(loading.spent).map(([k, v]) => [k, { ms: Math.round(v.ms), calls: v.calls, maxMs: round(Math.max(...v.each)) }])),
    spentWhilePlaying: Object.fromEntries(Object.entries(playback.spent).map(([k, v]) => [k, { ms: Math.round(v.ms), calls: v.calls }])),
    memory: { empty: heapBefore, loaded: heapLoaded, afterPlayback: heapAfter },
    errors,
  };
  console.log(JSON.stringify(result));
});
