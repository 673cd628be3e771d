import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeChanges, OffscreenCards, type ObserverFactory } from '../../../src/webview/offscreenCards';
import type { Card, FrameChanges } from '../../../src/webview/panelView';

const frame = (over: Partial<FrameChanges> = {}): FrameChanges => ({ traces: false, timeline: false, windows: false, frame: 0, focusClass: 0, focusChanged: false, ...over });

/** A card that records the changes it was drawn with. */
function card(log: FrameChanges[]): Card {
  return { element: {} as HTMLElement, view: null, render: (changes) => void log.push(changes) };
}

/** An observer the test drives: `report(element, inView)`. */
function testObserver() {
  let callback: Parameters<ObserverFactory>[0] = () => {};
  const observed: unknown[] = [];
  const factory: ObserverFactory = (cb) => {
    callback = cb;
    return { observe: (target: Element) => void observed.push(target) };
  };
  return { factory, observed, report: (target: unknown, inView: boolean) => callback([{ target: target as Element, isIntersecting: inView }]) };
}

test('a card out of view skips its frames while playing and draws what it owes, merged, when it comes into view', () => {
  const log: FrameChanges[] = [];
  const c = card(log);
  let playing = true;
  let requested = 0;
  const observer = testObserver();
  const offscreen = new OffscreenCards(() => playing, () => requested++, observer.factory);
  const part = offscreen.wrap(c);
  assert.deepEqual(observer.observed, [c.element]);
  part.render(frame({ frame: 1 }));
  assert.equal(log.length, 1, 'not reported yet: counts as in view');
  observer.report(c.element, false);
  assert.equal(requested, 0, 'nothing owed: no draw asked for');
  part.render(frame({ frame: 2, focusClass: 3, focusChanged: true }));
  part.render(frame({ frame: 3, focusClass: 3, traces: true, windows: true }));
  part.render(frame({ frame: 4, focusClass: 3 }));
  assert.equal(log.length, 1, 'held while out of view and playing');
  observer.report(c.element, true);
  assert.equal(requested, 1, 'coming into view with frames owed asks for a draw');
  part.render(frame({ frame: 5, focusClass: 3 }));
  assert.deepEqual(log[1], frame({ frame: 5, focusClass: 3, focusChanged: true, traces: true, windows: true, spread: false }), 'drawn with every change it skipped');
  // Out of view but paused: drawn (a pause, a seek, a test reading the canvas).
  observer.report(c.element, false);
  playing = false;
  part.render(frame({ frame: 6 }));
  assert.equal(log.length, 3);
});

test('catchUp draws the held cards at once (an export reads their pixels)', () => {
  const log: FrameChanges[] = [];
  const c = card(log);
  const observer = testObserver();
  const offscreen = new OffscreenCards(() => true, () => {}, observer.factory);
  const part = offscreen.wrap(c);
  observer.report(c.element, false);
  part.render(frame({ frame: 7, timeline: true }));
  assert.equal(log.length, 0);
  offscreen.catchUp();
  assert.deepEqual(log, [frame({ frame: 7, timeline: true })]);
  offscreen.catchUp();
  assert.equal(log.length, 1, 'nothing owed after');
});

test('mergeChanges keeps the later playhead and focus and every rebuild either asked for; spread only when both were', () => {
  const merged = mergeChanges(frame({ frame: 1, focusClass: 2, focusChanged: true, traces: true, spread: true }), frame({ frame: 9, focusClass: 4, timeline: true, spread: true }));
  assert.deepEqual(merged, frame({ frame: 9, focusClass: 4, focusChanged: true, traces: true, timeline: true, spread: true }));
  assert.equal(mergeChanges(frame({ spread: true }), frame()).spread, false);
});

test('the steps of a held card\'s drawing (PanelView.drawSteps) are held with it', () => {
  const log: string[] = [];
  const step = { render: (changes: FrameChanges) => void log.push(`heatmap ${changes.frame}`) };
  const c: Card = { element: {} as HTMLElement, view: null, drawSteps: { after: [step] }, render: (changes) => void log.push(`chart ${changes.frame}`) };
  const observer = testObserver();
  const offscreen = new OffscreenCards(() => true, () => {}, observer.factory);
  const part = offscreen.wrap(c);
  const after = part.drawSteps?.after ?? [];
  assert.equal(after.length, 1);
  observer.report(c.element, false);
  part.render(frame({ frame: 1 }));
  after[0].render(frame({ frame: 1, traces: true }));
  assert.deepEqual(log, []);
  observer.report(c.element, true);
  part.render(frame({ frame: 2 }));
  after[0].render(frame({ frame: 2 }));
  assert.deepEqual(log, ['chart 2', 'heatmap 2']);
});
