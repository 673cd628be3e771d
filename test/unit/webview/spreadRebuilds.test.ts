import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpreadRebuilds } from '../../../src/webview/spreadRebuilds';
import type { FrameChanges, PanelView } from '../../../src/webview/panelView';

/** A part that records what each frame asked of it and spends `ms` of busy time on a rebuild. */
function part(name: string, ms: number, log: string[]): PanelView {
  return {
    render(changes: FrameChanges): void {
      if (!changes.traces && !changes.timeline) {
        log.push(`${name}:overlay`);
        return;
      }
      const start = performance.now();
      while (performance.now() - start < ms);
      log.push(`${name}:rebuild${changes.windows ? '' : '(no windows)'}`);
    },
  };
}

const frame = (over: Partial<FrameChanges> = {}): FrameChanges => ({ traces: false, timeline: false, windows: false, frame: 0, focusClass: -1, focusChanged: false, ...over });

test('a data rebuild mid-stream is spread over frames once a frame\'s budget is spent; every part draws each frame', () => {
  const log: string[] = [];
  let requested = 0;
  const spread = new SpreadRebuilds(() => requested++);
  const parts = [part('timeline', 10, log), part('probability', 10, log), part('bars', 0, log), part('smoothing', 10, log)];
  spread.render(parts, frame({ traces: true, timeline: true, windows: true, spread: true }));
  assert.deepEqual(log, ['timeline:rebuild', 'probability:overlay', 'bars:overlay', 'smoothing:overlay']);
  assert.equal(spread.pending, true);
  assert.equal(requested, 1, 'another frame is asked for');
  log.length = 0;
  spread.render(parts, frame());
  assert.deepEqual(log, ['timeline:overlay', 'probability:rebuild', 'bars:overlay', 'smoothing:overlay'], 'one owed rebuild a frame while each spends the budget');
  log.length = 0;
  spread.render(parts, frame());
  spread.render(parts, frame());
  assert.deepEqual(log, ['timeline:overlay', 'probability:overlay', 'bars:rebuild', 'smoothing:overlay', 'timeline:overlay', 'probability:overlay', 'bars:overlay', 'smoothing:rebuild'], 'a part not rebuilt before counts as a whole budget');
  assert.equal(spread.pending, false);
  log.length = 0;
  spread.render(parts, frame({ traces: true, timeline: true, windows: true, spread: true }));
  spread.render(parts, frame());
  spread.render(parts, frame());
  assert.deepEqual(log, ['timeline:rebuild', 'probability:overlay', 'bars:overlay', 'smoothing:overlay', 'timeline:overlay', 'probability:rebuild', 'bars:overlay', 'smoothing:overlay', 'timeline:overlay', 'probability:overlay', 'bars:rebuild', 'smoothing:overlay'], 'once known, a short part joins the frame before a long one');
});

test('a rebuild the user asked for is never spread, and takes the owed rebuilds along', () => {
  const log: string[] = [];
  const spread = new SpreadRebuilds(() => {});
  const parts = [part('timeline', 10, log), part('probability', 10, log), part('smoothing', 10, log)];
  spread.render(parts, frame({ traces: true, timeline: true, windows: true, spread: true }));
  log.length = 0;
  spread.render(parts, frame({ traces: true, timeline: false, windows: false }));
  assert.deepEqual(log, ['timeline:rebuild(no windows)', 'probability:rebuild', 'smoothing:rebuild'], 'owed flags (windows) are kept with the asked ones');
  assert.equal(spread.pending, false);
  log.length = 0;
  spread.render(parts, frame({ traces: true, timeline: true, windows: true }));
  assert.deepEqual(log, ['timeline:rebuild', 'probability:rebuild', 'smoothing:rebuild']);
});

test('a part whose last rebuild alone outlasts what is left of the budget waits for a frame of its own', () => {
  const log: string[] = [];
  const spread = new SpreadRebuilds(() => {});
  const parts = [part('timeline', 3, log), part('probability', 12, log), part('bars', 0, log)];
  spread.render(parts, frame({ traces: true, timeline: true, windows: true, spread: true }));
  assert.deepEqual(log, ['timeline:rebuild', 'probability:overlay', 'bars:overlay'], 'a part not rebuilt before may be long: it waits for a frame of its own');
  log.length = 0;
  spread.render(parts, frame());
  spread.render(parts, frame());
  assert.deepEqual(log, ['timeline:overlay', 'probability:rebuild', 'bars:overlay', 'timeline:overlay', 'probability:overlay', 'bars:rebuild']);
  log.length = 0;
  spread.render(parts, frame({ traces: true, timeline: true, windows: true, spread: true }));
  assert.deepEqual(log, ['timeline:rebuild', 'probability:overlay', 'bars:rebuild'], 'after the timeline, the probabilities would pass the budget');
  log.length = 0;
  spread.render(parts, frame());
  assert.deepEqual(log, ['timeline:overlay', 'probability:rebuild', 'bars:overlay'], 'the frame\'s first rebuild runs however long it took before');
  assert.equal(spread.pending, false);
  log.length = 0;
  spread.render(parts, frame({ traces: true, timeline: true, windows: true }));
  assert.deepEqual(log, ['timeline:rebuild', 'probability:rebuild', 'bars:rebuild'], 'a rebuild the user asked for is never spread');
});

test('a part that left work for later frames is drawn again within their budget until done, and keeps the panel pending', () => {
  const log: string[] = [];
  let stretches = 3;
  const stepped: PanelView = {
    render(changes: FrameChanges): void {
      if (changes.held) {
        log.push('heat:held');
        return;
      }
      if (!changes.traces && stretches === 3) {
        log.push('heat:overlay');
        return;
      }
      stretches--;
      log.push(`heat:stretch${changes.spread ? '(spread)' : ''}`);
      const start = performance.now();
      while (performance.now() - start < 4);
    },
    workLeft: () => stretches > 0,
  };
  const spread = new SpreadRebuilds(() => {});
  const parts = [part('probability', 10, log), stepped];
  spread.render(parts, frame({ traces: true, timeline: true, windows: true, spread: true }));
  assert.deepEqual(log, ['probability:rebuild', 'heat:held']);
  log.length = 0;
  spread.render(parts, frame());
  assert.deepEqual(log, ['probability:overlay', 'heat:stretch(spread)']);
  assert.equal(spread.pending, true, 'work is left');
  log.length = 0;
  spread.render(parts, frame());
  spread.render(parts, frame());
  assert.deepEqual(log, ['probability:overlay', 'heat:stretch(spread)', 'probability:overlay', 'heat:stretch(spread)']);
  assert.equal(spread.pending, false);
});
