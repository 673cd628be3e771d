import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PERSIST_MS, Persistence, readPersistedState, type PanelSnapshot, type PersistedState } from '../../../src/webview/persistence';
import type { WebviewToExtension } from '../../../src/protocol/messages';
import { restoredReplay } from '../../../src/extension/replay/replayPanelState';

const saved: PersistedState = {
  file: '/work/sessions/hello.landmarks.jsonl',
  frame: 42,
  view: [1000, 2000],
  focus: 'auto',
  speed: 1,
  series: 'window',
  shown: null,
  hand: 'image',
  handImage: false,
  handLandmarks: true,
};

test('the state the webview saves names its session file, and the panel serializer reopens that file at the playhead', () => {
  const roundTripped = JSON.parse(JSON.stringify(saved));
  assert.deepEqual(restoredReplay(roundTripped), { file: '/work/sessions/hello.landmarks.jsonl', frame: 42 });
  assert.equal(readPersistedState(roundTripped).file, '/work/sessions/hello.landmarks.jsonl');
  assert.equal(readPersistedState(roundTripped).hand, 'image');
  assert.equal(readPersistedState(roundTripped).handImage, false);
  assert.equal(readPersistedState(roundTripped).handLandmarks, true);
});

test('a state saved by an older version (no file) restores nothing from the state, leaving the title fallback', () => {
  const { file: _file, ...older } = saved;
  assert.equal(restoredReplay(older), undefined);
  assert.equal(readPersistedState(older).file, undefined);
});

/** A webview host that records what the page saved and posted, with timers the test fires. */
function fakePage(initialState: unknown = undefined) {
  const saves: unknown[] = [];
  const posted: WebviewToExtension[] = [];
  const timers: Array<{ ms: number; callback: () => void }> = [];
  let current: PanelSnapshot | null = null;
  const persistence = new Persistence(
    { getState: () => initialState, setState: (s) => saves.push(s), postMessage: (m) => posted.push(m) },
    () => current,
    (callback, ms) => timers.push({ ms, callback }),
  );
  const fire = () => {
    for (const t of timers.splice(0)) t.callback();
  };
  const show = (frame: number, playing = false) => (current = { state: { ...saved, frame }, playing });
  return { persistence, saves, posted, timers, fire, show };
}

test('many changes within PERSIST_MS save once, with the state as it is when the timer fires', () => {
  const page = fakePage();
  page.show(1);
  page.persistence.schedule();
  page.show(2);
  page.persistence.schedule();
  page.persistence.schedule();
  assert.deepEqual(page.timers.map((t) => t.ms), [PERSIST_MS], 'one timer');
  page.show(3);
  page.fire();
  assert.deepEqual(page.saves, [{ ...saved, frame: 3 }]);
  page.persistence.schedule();
  assert.equal(page.timers.length, 1, 'a change after the save schedules the next one');
});

test('the playhead is reported when it rests somewhere new, not while playing and not twice', () => {
  const page = fakePage();
  const step = (frame: number, playing = false) => {
    page.show(frame, playing);
    page.persistence.schedule();
    page.fire();
  };
  step(5);
  step(5);
  step(9, true);
  step(12);
  assert.deepEqual(page.posted, [{ type: 'playhead', frame: 5 }, { type: 'playhead', frame: 12 }]);
  assert.equal(page.saves.length, 4, 'the state is saved each time');
});

test('nothing is saved before there is a session, and the earlier state is read once, tolerantly', () => {
  const page = fakePage({ ...saved, speed: 'fast', hand: 'image' });
  page.persistence.schedule();
  page.fire();
  assert.deepEqual(page.saves, []);
  assert.equal(page.persistence.saved.speed, undefined, 'a malformed field is dropped');
  assert.equal(page.persistence.saved.hand, 'image');
});
