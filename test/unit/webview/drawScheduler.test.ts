import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DrawScheduler, STREAM_REBUILD_MS, type FrameClock, type Rebuilds } from '../../../src/webview/drawScheduler';

/** Animation frames and timers that run when the test says, on a clock the test moves. */
class ManualClock implements FrameClock {
  ms = 1000;
  frames: Array<() => void> = [];
  timers: Array<{ at: number; callback: () => void }> = [];
  requestFrame(callback: () => void): void {
    this.frames.push(callback);
  }
  setTimeout(callback: () => void, ms: number): void {
    this.timers.push({ at: this.ms + ms, callback });
  }
  now(): number {
    return this.ms;
  }
  /** Runs the animation frame requested so far. */
  frame(): void {
    const due = this.frames.splice(0);
    for (const f of due) f();
  }
  /** Moves time on, firing the timers that come due. */
  advance(ms: number): void {
    this.ms += ms;
    const due = this.timers.filter((t) => t.at <= this.ms);
    this.timers = this.timers.filter((t) => t.at > this.ms);
    for (const t of due) t.callback();
  }
}

function scheduler(streaming = () => false) {
  const clock = new ManualClock();
  const draws: Rebuilds[] = [];
  const s: DrawScheduler = new DrawScheduler(() => draws.push(s.take()), streaming, clock);
  return { s, clock, draws };
}

test('any number of requests before a frame make one draw, with every rebuild asked for', () => {
  const { s, clock, draws } = scheduler();
  s.request(false);
  s.request(true, false);
  s.request(false);
  assert.equal(clock.frames.length, 1, 'one animation frame requested');
  clock.frame();
  assert.deepEqual(draws, [{ traces: true, timeline: false, windows: true }]);
  s.request(false);
  clock.frame();
  assert.deepEqual(draws[1], { traces: false, timeline: false, windows: false }, 'what was drawn is not drawn again');
});

test('a draw that leaves the window distributions as they were says so, unless another request in the frame changed them', () => {
  const { s, clock, draws } = scheduler();
  s.request(true, true, false);
  clock.frame();
  assert.deepEqual(draws[0], { traces: true, timeline: true, windows: false });
  s.request(true, true, false);
  s.request(true, false);
  clock.frame();
  assert.deepEqual(draws[1], { traces: true, timeline: true, windows: true }, 'a zoom in the same frame rebuilds every trace');
  s.request(true, true, false);
  s.requestData();
  clock.frame();
  assert.deepEqual(draws[2], { traces: true, timeline: true, windows: true }, 'new data in the same frame too');
});

test('new data rebuilds traces and lanes in the next frame when no analysis streams', () => {
  const { s, clock, draws } = scheduler();
  s.requestData();
  assert.equal(s.dataPending, true);
  clock.frame();
  assert.deepEqual(draws, [{ traces: true, timeline: true, windows: true }]);
  assert.equal(s.dataPending, false);
  clock.advance(10);
  s.requestData();
  clock.frame();
  assert.deepEqual(draws[1], { traces: true, timeline: true, windows: true }, 'not streaming: no waiting between data rebuilds');
});

test('while results stream in, data rebuilds are spaced STREAM_REBUILD_MS apart and the last data is not lost', () => {
  const { s, clock, draws } = scheduler(() => true);
  s.requestData();
  clock.frame();
  assert.deepEqual(draws[0], { traces: true, timeline: true, windows: true }, 'the first data is drawn at once');
  // More results every 16 ms; the playhead overlays are drawn each frame meanwhile.
  const rebuildTimes = [clock.ms];
  for (let i = 0; i < 60; i++) {
    clock.advance(16);
    s.requestData();
    clock.frame();
    if (draws.at(-1)!.traces) rebuildTimes.push(clock.ms);
  }
  const gaps = rebuildTimes.slice(1).map((t, i) => t - rebuildTimes[i]);
  assert.ok(gaps.length >= 2, `rebuilt ${rebuildTimes.length} times in ${60 * 16} ms`);
  for (const gap of gaps) assert.ok(gap >= STREAM_REBUILD_MS, `rebuilds ${gap} ms apart`);
  assert.ok(draws.length > 50, 'every frame still drew its overlays');
  // The stream pauses with data pending: a timer brings the rebuild without any new request.
  assert.equal(s.dataPending, true);
  const before = draws.length;
  clock.advance(STREAM_REBUILD_MS);
  clock.frame();
  assert.equal(draws.length, before + 1);
  assert.deepEqual(draws.at(-1), { traces: true, timeline: true, windows: true });
  assert.equal(s.dataPending, false);
});

test('one waiting timer at a time, however many frames find the data waiting', () => {
  const { s, clock } = scheduler(() => true);
  s.requestData();
  clock.frame();
  for (let i = 0; i < 5; i++) {
    clock.advance(1);
    s.requestData();
    clock.frame();
  }
  assert.equal(clock.timers.length, 1);
});

test('reset() lets a new session draw its first data at once', () => {
  const { s, clock, draws } = scheduler(() => true);
  s.requestData();
  clock.frame();
  clock.advance(10);
  s.requestData();
  s.reset();
  assert.equal(s.dataPending, false);
  s.requestData();
  clock.frame();
  assert.deepEqual(draws.at(-1), { traces: true, timeline: true, windows: true });
});

test('a rebuild of new data alone while results stream in may be spread; one the user asked for may not', () => {
  let streaming = true;
  const { s, clock } = scheduler(() => streaming);
  s.requestData();
  clock.frame();
  assert.equal(s.spreadable, true, 'new data mid-stream');
  s.request(false);
  clock.frame();
  assert.equal(s.spreadable, false, 'an overlay-only draw rebuilds nothing');
  clock.advance(1000);
  s.requestData();
  s.request(true);
  clock.frame();
  assert.equal(s.spreadable, false, 'a zoom in the same frame');
  clock.advance(1000);
  streaming = false;
  s.requestData();
  clock.frame();
  assert.equal(s.spreadable, true, 'the stream\'s last data, taken once it ended');
  s.requestData();
  clock.frame();
  assert.equal(s.spreadable, false, 'not streaming: the panel draws it whole');
});

test('the stream\'s last data is spread unless the user asked for a rebuild in its frame; a new session starts anew', () => {
  let streaming = true;
  const { s, clock } = scheduler(() => streaming);
  s.requestData();
  clock.frame();
  streaming = false;
  s.requestData();
  s.request(true);
  clock.frame();
  assert.equal(s.spreadable, false, 'with a zoom in the same frame');
  s.requestData();
  clock.frame();
  assert.equal(s.spreadable, false, 'the stream\'s last data was drawn');
  streaming = true;
  s.requestData();
  clock.frame();
  s.reset();
  streaming = false;
  s.requestData();
  clock.frame();
  assert.equal(s.spreadable, false, 'a new session\'s first data, no stream');
});

test('drawNow draws in the asking task, once between two frames; a second change waits for the next frame', () => {
  const { s, clock, draws } = scheduler();
  s.drawNow(true, true, false);
  assert.deepEqual(draws, [{ traces: true, timeline: true, windows: false }], 'drawn at once');
  s.drawNow(true, true, false);
  s.drawNow(true, false, false);
  assert.equal(draws.length, 1, 'a second change before the next frame is not drawn at once');
  assert.equal(clock.frames.length, 1, 'one animation frame requested');
  clock.frame();
  assert.deepEqual(draws, [
    { traces: true, timeline: true, windows: false },
    { traces: true, timeline: true, windows: false },
  ], 'the later changes drawn once, in the frame');
  s.drawNow(true, true, false);
  assert.equal(draws.length, 3, 'after a frame, a change is drawn at once again');
});

test('the frame after drawNow draws only when something asked for its draw', () => {
  const { s, clock, draws } = scheduler();
  s.drawNow(true, true, false);
  clock.frame();
  assert.equal(draws.length, 1, 'the frame that ends the interval does not draw again');
  s.drawNow(true, true, false);
  s.request(false);
  clock.frame();
  assert.deepEqual(draws[2], { traces: false, timeline: false, windows: false }, 'a playhead move asked for the frame: it draws the overlays');
});
