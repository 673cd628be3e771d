import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionStore } from '../../../src/webview/sessionStore';
import { ColumnRescan } from '../../../src/webview/columnRescan';
import { decimate, DecimatedColumns } from '../../../src/webview/decimate';
import { resultsMessage } from './resultsFixture';

const CLASSES = 3;

/** A store of `n` frames at 30 fps with times, and no results yet. */
function storeOf(n: number): SessionStore {
  const store = new SessionStore(['A', 'B', 'C'], n, 30);
  const t = Float64Array.from({ length: n }, (_, i) => (i * 1000) / 30);
  store.addFrames({ type: 'frames', start: 0, count: n, t, landmarks: new Float32Array(n * 63), hasHand: new Uint8Array(n).fill(1) });
  return store;
}

/** Results for frames [start, start + count): class 1's probability follows a wave, one frame in 7 has no window (NaN). */
function wave(start: number, count: number, phase = 0) {
  return resultsMessage(start, CLASSES, Array.from({ length: count }, (_, j) => {
    const i = start + j;
    const p = i % 7 === 3 ? NaN : 0.5 + 0.5 * Math.sin(i / 9 + phase);
    return { probs: [0.1, p, 0.2] };
  }));
}

/**
 * Class 1's line over frames 0..n in `columns` columns from `startMs` to `endMs`, with its rescan planner and
 * layout; the planner's first answer is a whole scan, done here.
 */
function lineScannedWhole(store: SessionStore, n: number, columns: number, startMs: number, endMs: number) {
  const msPerColumn = (endMs - startMs) / columns;
  const source = { t: store.t, values: store.probs, stride: CLASSES, offset: 1 };
  const rescan = new ColumnRescan(store);
  const layout = { first: 0, end: n, startMs, msPerColumn, minColumn: -1, maxColumn: columns + 1 };
  const line = new DecimatedColumns(source, columns, startMs, msPerColumn);
  assert.equal(rescan.next('view', layout)?.all, true);
  line.scan(0, n);
  return { source, rescan, layout, line };
}

test('changedSince: the union of the results since a version, nothing, or null after frames or a knob', () => {
  const store = storeOf(1000);
  const v0 = store.version;
  assert.deepEqual(store.changedSince(v0), [0, 0]);
  store.addResults(wave(500, 100));
  store.addResults(wave(100, 50));
  assert.deepEqual(store.changedSince(v0), [100, 600]);
  const v1 = store.version;
  store.addResults(wave(700, 10));
  assert.deepEqual(store.changedSince(v1), [700, 710]);
  const v2 = store.version;
  // Frames sent again with their times: a change at them and the frame before.
  store.addFrames({ type: 'frames', start: 300, count: 2, t: new Float64Array([10000, 301000 / 30]), landmarks: new Float32Array(126), hasHand: new Uint8Array(2) });
  assert.deepEqual(store.changedSince(v2), [299, 302]);
  store.addFrames({ type: 'frames', start: 0, count: 1, t: new Float64Array([5]), landmarks: new Float32Array(63), hasHand: new Uint8Array(1) });
  assert.equal(store.changedSince(v1), null, 'a frame held moved');
});

test('frames arriving in messages after their results: the kept columns give what decimate gives for the whole', () => {
  const n = 12000;
  const chunk = 2048;
  const store = new SessionStore(['A', 'B', 'C'], n, 30);
  // Times off the fps grid (a jitter and a gap), so a frame's time is known only once its frames message is.
  const t = Float64Array.from({ length: n }, (_, i) => (i * 1000) / 30 + (i % 5) * 3 + (i >= 7000 ? 900 : 0));
  const frames = (start: number, extra = {}) => {
    const count = Math.min(chunk, n - start);
    store.addFrames({ type: 'frames', start, count, t: t.slice(start, start + count), landmarks: new Float32Array(count * 63), hasHand: new Uint8Array(count).fill(1), ...extra });
  };
  frames(0, { targets: [], labelSpans: [], totalFrames: n });
  const columns = 250;
  const startMs = t[0];
  const endMs = t[n - 1];
  const { source, rescan, layout, line } = lineScannedWhole(store, n, columns, startMs, endMs);
  let partial = 0;
  for (let start = 0, next = chunk; start < n; start += 1000) {
    store.addResults(wave(start, Math.min(1000, n - start)));
    if (next < n && start % 2000 === 0) {
      frames(next);
      next += chunk;
    }
    const r = rescan.next('view', layout);
    assert.ok(r && !r.all, 'results and frames of known times: a partial rescan');
    line.scan(r.fromFrame, r.toFrame, r.fromColumn, r.toColumn);
    partial++;
  }
  for (let start = chunk * 4; start < n; start += chunk) {
    frames(start);
    const r = rescan.next('view', layout);
    assert.ok(r && !r.all);
    line.scan(r.fromFrame, r.toFrame, r.fromColumn, r.toColumn);
  }
  assert.ok(partial > 5);
  assert.equal(store.framesReceived, n);
  assert.deepEqual(line.points((ms) => ms / 1000), decimate(source, 0, n, startMs, endMs, columns, (ms) => ms / 1000));
});

test('decimated columns kept across results arriving in any order give what decimate gives for the whole', () => {
  const n = 20000;
  const store = storeOf(n);
  const columns = 300;
  const startMs = store.timeOf(0);
  const endMs = store.endMs();
  const { source, rescan, layout, line } = lineScannedWhole(store, n, columns, startMs, endMs);
  // Chunks from the middle out, then one chunk sent again with other values (a provisional result replaced).
  const starts = Array.from({ length: n / 1000 }, (_, i) => i * 1000).sort((a, b) => Math.abs(a - n / 2) - Math.abs(b - n / 2));
  for (const [i, s] of starts.entries()) {
    store.addResults(wave(s, 1000));
    if (i % 3 === 0) continue;
    const r = rescan.next('view', layout);
    assert.ok(r && !r.all, 'results only: a partial rescan');
    line.scan(r.fromFrame, r.toFrame, r.fromColumn, r.toColumn);
  }
  store.addResults(wave(4000, 1000, 2));
  const r = rescan.next('view', layout);
  assert.ok(r && !r.all);
  line.scan(r.fromFrame, r.toFrame, r.fromColumn, r.toColumn);
  assert.equal(rescan.next('view', layout), null, 'nothing changed since');
  const whole = decimate(source, 0, n, startMs, endMs, columns, (ms) => ms / 1000);
  assert.deepEqual(line.points((ms) => ms / 1000), whole);
  assert.equal(rescan.next('zoomed', layout)?.all, true, 'another view: every column');
});

test('several series scanned in one pass give what decimate gives for each, whole and after a partial rescan', () => {
  const n = 9000;
  const store = storeOf(n);
  store.addResults(resultsMessage(0, CLASSES, Array.from({ length: n }, (_, i) => ({
    probs: [i % 11 === 0 ? NaN : 0.3 + 0.3 * Math.cos(i / 5), i % 7 === 3 ? NaN : 0.5 + 0.5 * Math.sin(i / 9), (i * 37) % 100 / 100],
  }))));
  const columns = 200;
  const startMs = store.timeOf(0);
  const endMs = store.endMs();
  const msPerColumn = (endMs - startMs) / columns;
  const lines = [0, 1, 2].map((offset) => new DecimatedColumns({ t: store.t, values: store.probs, stride: CLASSES, offset }, columns, startMs, msPerColumn));
  const rescan = new ColumnRescan(store);
  const layout = { first: 0, end: n, startMs, msPerColumn, minColumn: -1, maxColumn: columns + 1 };
  assert.equal(rescan.next('view', layout)?.all, true);
  DecimatedColumns.scanAll(lines, 0, n);
  const whole = (offset: number) => decimate({ t: store.t, values: store.probs, stride: CLASSES, offset }, 0, n, startMs, endMs, columns, (ms) => ms / 1000);
  lines.forEach((line, offset) => assert.deepEqual(line.points((ms) => ms / 1000), whole(offset), `series ${offset}`));
  store.addResults(wave(3000, 500, 1));
  const r = rescan.next('view', layout);
  assert.ok(r && !r.all, 'results only: a partial rescan');
  DecimatedColumns.scanAll(lines, r.fromFrame, r.toFrame, r.fromColumn, r.toColumn);
  lines.forEach((line, offset) => assert.deepEqual(line.points((ms) => ms / 1000), whole(offset), `series ${offset} after new results`));
});
