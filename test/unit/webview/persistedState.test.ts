import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPersistedState, type PersistedState } from '../../../src/webview/persistedState';
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
};

test('the state the webview saves names its session file, and the panel serializer reopens that file at the playhead', () => {
  const roundTripped = JSON.parse(JSON.stringify(saved));
  assert.deepEqual(restoredReplay(roundTripped), { file: '/work/sessions/hello.landmarks.jsonl', frame: 42 });
  assert.equal(readPersistedState(roundTripped).file, '/work/sessions/hello.landmarks.jsonl');
  assert.equal(readPersistedState(roundTripped).hand, 'image');
});

test('a state saved by an older version (no file) restores nothing from the state, leaving the title fallback', () => {
  const { file: _file, ...older } = saved;
  assert.equal(restoredReplay(older), undefined);
  assert.equal(readPersistedState(older).file, undefined);
});
