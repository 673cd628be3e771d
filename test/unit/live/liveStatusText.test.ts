import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe } from '../../../src/extension/live/liveStatusText';
import type { LiveServerFigures } from '../../../src/liveserver/liveServer';

const figures: LiveServerFigures = {
  received: 900, processed: 880, dropped: 20, errors: 2, repliesSent: 40, repliesThrottled: 500,
  fps: 29.96, latencyP50Ms: 3.25, latencyP95Ms: 9, latencyP99Ms: 12, clients: 2, refused: 0, windowSpanS: 1.0667,
  detectorP50Ms: NaN, detectorP95Ms: NaN, undecodable: 0, cameraFrames: 0, noHand: 0,
};

test('the status bar shows state, address, clients, frames/s and drops; the tooltip the timing', () => {
  const { text, tooltip } = describe({ kind: 'listening', address: 'ws://127.0.0.1:8765', figures, recording: false });
  assert.equal(text, '$(radio-tower) 127.0.0.1:8765 · 2 clients · 30.0 fps · 20 dropped');
  assert.match(tooltip, /^Landmark Lens live server on ws:\/\/127\.0\.0\.1:8765\n/);
  assert.match(tooltip, /2 clients, 30\.0 frames\/s, window 1\.1 s/);
  assert.match(tooltip, /inference 3\.3 ms p50; replies 40 sent, 500 throttled/);
  assert.match(tooltip, /20 frames dropped while the model was busy; 2 messages not understood/);
  const one = describe({ kind: 'listening', address: 'ws://127.0.0.1:9', figures: { ...figures, clients: 1, latencyP50Ms: NaN }, recording: true });
  assert.equal(one.text, '$(record) $(radio-tower) 127.0.0.1:9 · 1 client · 30.0 fps · 20 dropped');
  assert.match(one.tooltip, /\(recording\)/);
  assert.match(one.tooltip, /inference n\/a/);
  assert.doesNotMatch(one.tooltip, /camera/, 'landmark clients: no detector line');
});

test('with camera frames the tooltip gives the detector time apart from inference, and frames without a hand', () => {
  const camera = describe({
    kind: 'listening', address: 'ws://127.0.0.1:8765', recording: false,
    figures: { ...figures, cameraFrames: 300, detectorP50Ms: 41.25, detectorP95Ms: 60, noHand: 12, undecodable: 2 },
  });
  assert.match(camera.tooltip, /inference 3\.3 ms p50; .*\ncamera frames: 300; detector 41\.3 ms p50; 12 without a hand \(2 not decodable\)\n/);
});

test('refused connections show in the status bar with a warning icon, and the tooltip says why they are refused', () => {
  const { text, tooltip } = describe({ kind: 'listening', address: 'ws://127.0.0.1:8765', figures: { ...figures, refused: 3 }, recording: false });
  assert.equal(text, '$(radio-tower) 127.0.0.1:8765 · 2 clients · 30.0 fps · 20 dropped · $(warning) 3 refused');
  assert.match(tooltip, /3 connections refused \(a browser page, a foreign Host, over the client limit, or not reading replies\); see the Landmark Lens log/);
});

test('stopped, starting and failed states say so; a failure carries its message', () => {
  assert.equal(describe({ kind: 'stopped' }).text, '$(debug-disconnect) Live: stopped');
  assert.equal(describe({ kind: 'starting' }).text, '$(loading~spin) Live: starting');
  const failed = describe({ kind: 'failed', message: 'port 8765 on 127.0.0.1 is already in use' });
  assert.equal(failed.text, '$(error) Live: failed');
  assert.equal(failed.tooltip, 'Landmark Lens live server: port 8765 on 127.0.0.1 is already in use');
});
