import { test } from 'node:test';
import assert from 'node:assert/strict';
import { changedProfileFields, profileFileText } from '../../../src/core/model/profileFile';
import { parsePartialProfile } from '../../../src/core/model/parsePartialProfile';

test('a new profile file holds the fields, and reads back as the same profile', () => {
  const fields = { smoothingWindow: 9, throttleMs: 120, decoder: { holdFrames: 4, minProb: 0.5 } };
  const text = profileFileText(null, fields, 'm.profile.json');
  assert.deepEqual(parsePartialProfile(JSON.parse(text), 'm.profile.json'), fields);
  assert.ok(text.endsWith('}\n'));
});

test("saving over a sidecar keeps its other fields and the decoder's other field", () => {
  const existing = JSON.stringify({ labels: ['A', 'B'], smoothingWindow: 5, decoder: { holdFrames: 8, minProb: 0.6 } });
  const text = profileFileText(existing, { smoothingWindow: 3, decoder: { minProb: 0.4 } }, 'm.profile.json');
  assert.deepEqual(JSON.parse(text), { labels: ['A', 'B'], smoothingWindow: 3, decoder: { holdFrames: 8, minProb: 0.4 } });
  assert.deepEqual(changedProfileFields(existing, { smoothingWindow: 3, throttleMs: 75, decoder: { holdFrames: 8, minProb: 0.4 } }), ['smoothingWindow', 'throttleMs', 'decoder.minProb']);
});

test('a sidecar that is not valid, or values that are not a profile, are refused with the file named', () => {
  assert.throws(() => profileFileText('{"smoothingWindow": ', { smoothingWindow: 3 }, 'm.profile.json'), /m\.profile\.json: not valid JSON .*not overwritten/);
  assert.throws(() => profileFileText('{"smoothingWindow": 0}', { throttleMs: 3 }, 'm.profile.json'), /m\.profile\.json: field 'smoothingWindow': expected a positive integer, got 0/);
  assert.throws(() => profileFileText(null, { smoothingWindow: -1 }, 'm.profile.json'), /the values to save to m\.profile\.json: field 'smoothingWindow'/);
});
