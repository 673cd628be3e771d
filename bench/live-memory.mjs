// Memory of a live panel followed for a long session (issue 21): a simulated client streams hand frames
// with session times 33.3 ms apart (30 fps) through the real live server and model host, as fast as
// --speed says; the extension host's side (bench/liveMemoryHost.ts: server and LiveFollowStream, drained
// every 100 ms) runs in a process of its own, and its messages go to the real webview (dist/webview.js)
// in headless Chromium, which follows the newest frame. Every --sample minutes of session (1,800 frames a
// minute) both are measured after a full GC: the host's heap and RSS, the page's JS heap and typed-array
// buffers. What a panel holds depends on frames, not on wall time, so a faster client is the same hour.
// Usage (after node esbuild.mjs): node bench/live-memory.mjs [--minutes 60] [--speed 10] [--keep-minutes 10 | 0 (all)]
//   [--sample 5] [--model models/demo.onnx] [--snapshot-at 10,20]. Prints one JSON object on its last line.
//   --snapshot-at: heap snapshots of the page and the host at those session minutes (at samples), and
//   what grew between them by type and constructor, on stderr and in the result's `growth`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { withBenchPage } from './webviewPage.mjs';
import { snapshotGrowth, summarizeSnapshot, takeCdpSnapshot } from './heapSnapshotSummary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { WebSocket } = require('ws');
const flag = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const minutes = Number(flag('--minutes', 60));
const speed = Number(flag('--speed', 10));
const keepMinutes = Number(flag('--keep-minutes', 10));
const sampleMinutes = Number(flag('--sample', 5));
const model = join(root, flag('--model', 'models/demo.onnx'));
const snapshotAt = new Set((flag('--snapshot-at', '') || '').split(',').filter(Boolean).map(Number));
const FRAMES_PER_MINUTE = 1800;
const keepFrames = keepMinutes > 0 ? keepMinutes * FRAMES_PER_MINUTE : 'all';
for (const f of ['dist/webview.js', 'dist/test/webview/harness.js', 'dist/toolkit.min.js', 'dist/bench/liveMemoryHost.js']) {
  if (!existsSync(join(root, f))) {
    console.error(`bench/live-memory: ${f} is missing; run \`node esbuild.mjs\` first`);
    process.exit(2);
  }
}
const log = (text) => process.stderr.write(`live-memory: ${text}\n`);
const round = (v) => Math.round(v * 100) / 100;
const MB = 1048576;

/** Hand frames of the sample sessions, as the wire's [[x, y, z] x 21]. */
function handFrames() {
  const frames = [];
  const dir = join(root, 'samples');
  for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
    if (!name.endsWith('.landmarks.jsonl')) continue;
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
      if (!line.includes('"frame"')) continue;
      const hand = JSON.parse(line).hands?.[0];
      frames.push(hand ? hand.landmarks : null);
    }
  }
  if (!frames.some(Boolean)) throw new Error('no hand frames in samples/');
  return frames;
}

/** Least-squares slope of y over x. */
function slope(points) {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

const frames = handFrames();
const host = spawn(process.execPath, ['--expose-gc', join(root, 'dist', 'bench', 'liveMemoryHost.js'), model, String(keepFrames), String(speed)], {
  cwd: root,
  stdio: ['pipe', 'pipe', 'inherit'],
});
let socket = null;
try {
  // The test page with the webview ready; its mode comes from the live init the host sends.
  await withBenchPage(async ({ context, page, errors }) => {
    const cdp = await context.newCDPSession(page);

    // The host's lines: messages for the page (posted in order, one task each), and memory answers.
    let url = null;
    let framesPosted = 0;
    let delivering = Promise.resolve();
    // Set once the figures are taken: the host's later lines are not delivered to a page about to close.
    let finished = false;
    const memoryWaiters = [];
    const hostExited = new Promise((_, reject) => host.once('exit', (code) => reject(new Error(`the host process exited with ${code}`))));
    hostExited.catch(() => undefined);
    createInterface({ input: host.stdout }).on('line', (line) => {
      const value = JSON.parse(line);
      if (value.memory || value.snapshot) return memoryWaiters.shift()?.(value.memory ?? value.snapshot);
      if (value.listening) url = value.listening;
      if (finished) return;
      for (const m of value.messages) if (m.type === 'frames') framesPosted = Math.max(framesPosted, m.start + m.count);
      delivering = delivering.then(() =>
        page.evaluate(async (json) => {
          for (const m of window.harness.decode(json)) {
            window.harness.post(m);
            await new Promise((r) => setTimeout(r, 0));
          }
        }, line),
      );
    });
    const hostMemory = () =>
      new Promise((resolve) => {
        memoryWaiters.push(resolve);
        host.stdin.write('memory\n');
      });
    const pageMemory = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      const usage = await cdp.send('Runtime.getHeapUsage');
      const held = await page.evaluate(() => {
        const s = window.__landmarkLens.store;
        return s ? { held: s.frameCount, dropped: s.dropped, note: document.querySelector('#live-held')?.hidden === false } : null;
      });
      return { jsHeap: usage.usedSize, buffers: usage.backingStorageSize ?? 0, ...held };
    };
    const hostSnapshot = () =>
      new Promise((resolve) => {
        memoryWaiters.push(resolve);
        host.stdin.write('snapshot\n');
      });
    const snapshots = [];
    const growth = [];
    const snapshot = async (minute) => {
      const pageGroups = summarizeSnapshot(await takeCdpSnapshot(cdp));
      const hostGroups = summarizeSnapshot(JSON.parse(readFileSync(await hostSnapshot(), 'utf8')));
      const last = snapshots.at(-1);
      snapshots.push({ minute, page: pageGroups, host: hostGroups });
      if (!last) return;
      for (const side of ['page', 'host']) {
        const rows = snapshotGrowth(last[side], snapshots.at(-1)[side]);
        growth.push({ side, from: last.minute, to: minute, rows });
        log(`${side} heap, minute ${last.minute} -> ${minute}, what grew most (bytes, count; after):`);
        for (const r of rows) log(`  ${String(r.bytes).padStart(9)} B ${String(r.count).padStart(7)}  ${r.key} (${r.bytesAfter} B, ${r.countAfter})`);
      }
    };
    while (!url) await Promise.race([new Promise((r) => setTimeout(r, 50)), hostExited]);
    await delivering;
    const modelHostPid = () => {
      try {
        return Number(readFileSync(`/proc/${host.pid}/task/${host.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
      } catch {
        return NaN;
      }
    };
    const rssOf = (pid) => {
      try {
        return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
      } catch {
        return NaN;
      }
    };

    socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const total = minutes * FRAMES_PER_MINUTE;
    const sampleEvery = sampleMinutes * FRAMES_PER_MINUTE;
    const samples = [];
    const sample = async (minute) => {
      await delivering;
      const [h, p] = [await hostMemory(), await pageMemory()];
      const s = {
        minute,
        framesPosted,
        hostHeapMB: round(h.heapUsed / MB),
        // What V8 has reserved (new space grows under a high allocation rate): part of RSS, not held data.
        hostHeapTotalMB: round(h.heapTotal / MB),
        hostRssMB: round(h.rss / MB),
        hostArrayBuffersMB: round(h.arrayBuffers / MB),
        modelHostRssMB: round(rssOf(modelHostPid()) / MB),
        pageJsHeapMB: round(p.jsHeap / MB),
        pageBuffersMB: round(p.buffers / MB),
        pageHeld: p.held,
        pageDropped: p.dropped,
        noteShown: p.note,
        loadAverage: round(loadavg()[0]),
      };
      samples.push(s);
      if (snapshotAt.has(minute)) await snapshot(minute);
      log(`minute ${minute}: host heap ${s.hostHeapMB} MB (of ${s.hostHeapTotalMB}), RSS ${s.hostRssMB} MB (model host ${s.modelHostRssMB}); page JS heap ${s.pageJsHeapMB} MB + buffers ${s.pageBuffersMB} MB, ${s.pageHeld} frames held, ${s.pageDropped} dropped; load ${s.loadAverage}`);
    };
    await sample(0);
    // The client: frame i at session time i * 33.3 ms, sent at `speed` times 30 a second; a new target every
    // 150 frames (5 s), as an app moving through a word list.
    const started = performance.now();
    let sent = 0;
    let nextSample = sampleEvery;
    const letters = 'ABCDEFGHIKLMNOPQRSTUVWXY';
    while (framesPosted < total) {
      const due = Math.floor(((performance.now() - started) / 1000) * 30 * speed);
      // Frames the model cannot keep up with are dropped by the server (counted): they never reach the panel.
      for (; sent < due; sent++) {
        const message = { landmarks: frames[sent % frames.length], t: Math.round((sent * 1000) / 30) };
        if (sent % 150 === 0) message.new_word_letter = letters[(sent / 150) % letters.length];
        socket.send(JSON.stringify(message));
      }
      await new Promise((r) => setTimeout(r, 1));
      if (framesPosted >= nextSample) {
        const minute = round(nextSample / FRAMES_PER_MINUTE);
        nextSample += sampleEvery;
        await sample(minute);
      }
    }
    const wallS = (performance.now() - started) / 1000;
    socket.close(1000);
    finished = true;
    await delivering;
    const after = samples.filter((s) => s.minute >= Math.max(sampleMinutes, keepMinutes > 0 ? keepMinutes * 1.0625 + sampleMinutes : 2 * sampleMinutes));
    const per10 = (key) => round(10 * slope(after.map((s) => ({ x: s.minute, y: s[key] }))));
    const result = {
      minutes,
      speed,
      keepMinutes,
      framesSent: sent,
      framesPosted,
      wallSeconds: round(wallS),
      effectiveSpeed: round(framesPosted / 30 / wallS),
      slopeFromMinute: after[0]?.minute ?? null,
      slopePer10Min: {
        hostHeapMB: per10('hostHeapMB'),
        hostRssMB: per10('hostRssMB'),
        modelHostRssMB: per10('modelHostRssMB'),
        pageJsHeapMB: per10('pageJsHeapMB'),
        pageBuffersMB: per10('pageBuffersMB'),
      },
      max: {
        hostHeapMB: Math.max(...samples.map((s) => s.hostHeapMB)),
        hostRssMB: Math.max(...samples.map((s) => s.hostRssMB)),
        pageJsHeapMB: Math.max(...samples.map((s) => s.pageJsHeapMB)),
        pageBuffersMB: Math.max(...samples.map((s) => s.pageBuffersMB)),
      },
      samples,
      ...(growth.length ? { growth } : {}),
      errors: errors.slice(0, 5),
      loadAverage: loadavg().map(round),
    };
    console.log(JSON.stringify(result));
  });
} finally {
  socket?.terminate();
  if (host.exitCode === null) {
    host.stdin.write('stop\n');
    await Promise.race([new Promise((r) => host.once('exit', r)), new Promise((r) => setTimeout(r, 3000))]);
    if (host.exitCode === null) host.kill('SIGKILL');
  }
}
