import { test } from 'node:test';
import assert from 'node:assert/strict';
import { imageFrameError, parseLiveMessage, type LiveMessage } from '../../../src/core/live/liveMessage';

const hand = (k = 0) => Array.from({ length: 21 }, (_, i) => [i / 100 + k, 0.5 - i / 200, -i / 1000 + 0]);
const flat = (k = 0) => Float64Array.from(hand(k).flat());

function ok(text: string): LiveMessage {
  const r = parseLiveMessage(text);
  if (!r.ok) assert.fail(`expected ${text.slice(0, 60)} to parse, got error: ${r.error}`);
  return r.message;
}

function error(text: string): string {
  const r = parseLiveMessage(text);
  assert.equal(r.ok, false, `expected an error for ${text.slice(0, 60)}`);
  return (r as { error: string }).error;
}

test('our own form: landmarks as 21 triples, null for no hand, optional t and target', () => {
  const m = ok(JSON.stringify({ landmarks: hand(0.1), t: 1234.5, new_word_letter: 'K' }));
  assert.deepEqual(m.frame, { kind: 'hand', landmarks: flat(0.1) });
  assert.equal(m.clientT, 1234.5);
  assert.equal(m.targetLetter, 'K');
  assert.deepEqual(ok('{"landmarks": null}').frame, { kind: 'no-hand' });
  assert.deepEqual(ok('{"landmarks": [], "new_word_letter": null}'), { frame: { kind: 'no-hand' } });
});

test('MediaPipe shapes: the first hand of multiHandLandmarks, Tasks API landmarks, session-style hands', () => {
  const objects = (k: number) => hand(k).map(([x, y, z]) => ({ x, y, z }));
  assert.deepEqual(ok(JSON.stringify({ multiHandLandmarks: [objects(0.2), objects(0.3)] })).frame, {
    kind: 'hand', landmarks: flat(0.2),
  });
  assert.deepEqual(ok('{"multiHandLandmarks": []}').frame, { kind: 'no-hand' });
  assert.deepEqual(ok('{"multiHandLandmarks": null}').frame, { kind: 'no-hand' });
  assert.deepEqual(ok(JSON.stringify({ landmarks: [objects(0.4)] })).frame, { kind: 'hand', landmarks: flat(0.4) });
  assert.deepEqual(ok(JSON.stringify({ landmarks: objects(0.5) })).frame, { kind: 'hand', landmarks: flat(0.5) });
  assert.deepEqual(ok(JSON.stringify({ hands: [{ handedness: 'Right', landmarks: hand(0.6) }] })).frame, {
    kind: 'hand', landmarks: flat(0.6),
  });
});

test("the backend's app messages: a JPEG is an image frame, a null blob with a letter is a target change", () => {
  assert.deepEqual(ok('{"jpeg_blob": "abc", "new_word_letter": null}'), { frame: { kind: 'image', base64: 'abc' } });
  assert.deepEqual(ok('{"jpeg_blob": null, "new_word_letter": "B"}'), { frame: { kind: 'none' }, targetLetter: 'B' });
  assert.deepEqual(ok('{"new_word_letter": "Z"}'), { frame: { kind: 'none' }, targetLetter: 'Z' });
  assert.match(error('{"jpeg_blob": null}'), /neither landmarks nor a new_word_letter/);
  assert.match(error('{"jpeg_blob": 5}'), /^jpeg_blob: expected a base64 string or null, got number 5$/);
  assert.match(imageFrameError('install Chromium', 'B'), /^jpeg_blob: no hand detector here \(install Chromium\); .*new_word_letter "B" was applied$/);
  assert.doesNotMatch(imageFrameError('install Chromium', undefined), /new_word_letter/);
});

test('errors name the field and what was expected', () => {
  assert.match(error(''), /^message is not valid JSON/);
  assert.equal(error('"hi"'), 'expected a JSON object such as {"landmarks": [[x, y, z] x 21]}, got the string "hi"');
  assert.equal(error('{}'), 'expected a field landmarks, multiHandLandmarks, hands, jpeg_blob or new_word_letter; got an empty object');
  assert.equal(error('{"landmarks": 3}'), 'landmarks: expected 21 [x, y, z] points or null, got number 3');
  assert.equal(error(JSON.stringify({ landmarks: hand().slice(0, 19) })), 'landmarks: expected 21 points, got 19');
  assert.equal(error(JSON.stringify({ landmarks: [...hand(), [0, 0, 0]] })), 'landmarks: expected 21 points, got 22');
  const withNull = hand();
  withNull[20] = [0.1, null as unknown as number, 0];
  assert.equal(error(JSON.stringify({ landmarks: withNull })), 'landmarks[20][1]: expected a finite number, got null');
  const missingZ = hand().map(([x, y]) => ({ x, y }));
  assert.equal(error(JSON.stringify({ multiHandLandmarks: [missingZ] })), 'multiHandLandmarks[0][0].z: expected a finite number, got undefined undefined');
  assert.equal(error('{"multiHandLandmarks": {"x": 1}}'), 'multiHandLandmarks: expected a list of hands, got an object');
  assert.equal(error('{"hands": [5]}'), 'hands[0]: expected {"landmarks": [...]}, got number 5');
  assert.equal(error(JSON.stringify({ landmarks: hand(), new_word_letter: 7 })), `new_word_letter: expected one character such as "B" (the backend's new_word_letter is a 1-character string) or null, got number 7`);
  assert.equal(error(JSON.stringify({ landmarks: hand(), new_word_letter: '' })), `new_word_letter: expected one character such as "B" (the backend's new_word_letter is a 1-character string) or null, got the string ""`);
  assert.equal(error(JSON.stringify({ landmarks: hand(), t: '3' })), 't: expected a finite number, got the string "3"');
});
