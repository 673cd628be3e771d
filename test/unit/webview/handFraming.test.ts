import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitBoxToCanvas, fittedHandBox, wholeImageBox } from '../../../src/webview/handFraming';

/** Frames of 21 points spread over a small square at (cx, cy) of side `size` (image coordinates 0..1). */
function frames(spec: ({ cx: number; cy: number; size: number } | null)[]): { landmarks: Float32Array; hasHand: Uint8Array } {
  const landmarks = new Float32Array(spec.length * 63).fill(NaN);
  const hasHand = new Uint8Array(spec.length);
  spec.forEach((s, f) => {
    if (!s) return;
    hasHand[f] = 1;
    for (let i = 0; i < 21; i++) {
      landmarks[f * 63 + i * 3] = s.cx - s.size / 2 + (s.size * (i % 5)) / 4;
      landmarks[f * 63 + i * 3 + 1] = s.cy - s.size / 2 + (s.size * Math.floor(i / 5)) / 4;
      landmarks[f * 63 + i * 3 + 2] = 0;
    }
  });
  return { landmarks, hasHand };
}

test('the fitted box holds every point of the recent frames with a margin, in image units (x times the aspect)', () => {
  const { landmarks, hasHand } = frames([{ cx: 0.3, cy: 0.5, size: 0.3 }, null, { cx: 0.4, cy: 0.5, size: 0.3 }]);
  const box = fittedHandBox(landmarks, hasHand, 2, 4 / 3);
  assert.ok(box);
  const left = (0.3 - 0.15) * (4 / 3);
  const right = (0.4 + 0.15) * (4 / 3);
  assert.ok(box.x < left && box.x + box.width > right, `x ${box.x}..${box.x + box.width} holds ${left}..${right}`);
  assert.ok(box.y < 0.35 && box.y + box.height > 0.65, `y ${box.y}..${box.y + box.height} holds 0.35..0.65`);
  // Only the frames within the lookback count.
  const recent = fittedHandBox(landmarks, hasHand, 2, 4 / 3, 0);
  assert.ok(recent && recent.x > box.x, 'a shorter lookback leaves out the earlier hand');
});

test('no hand in the recent frames gives no fitted box; the whole image is the aspect by 1', () => {
  const { landmarks, hasHand } = frames([null, null]);
  assert.equal(fittedHandBox(landmarks, hasHand, 1, 4 / 3), null);
  assert.deepEqual(wholeImageBox(16 / 9), { x: 0, y: 0, width: 16 / 9, height: 1 });
});

test('a tiny still hand is not blown up past a minimum box', () => {
  const { landmarks, hasHand } = frames([{ cx: 0.5, cy: 0.5, size: 0.001 }]);
  const box = fittedHandBox(landmarks, hasHand, 0, 1);
  assert.ok(box && box.width >= 0.2 && box.height >= 0.2, JSON.stringify(box));
});

test('a box fitted to a canvas keeps one scale for both axes and is centred', () => {
  const t = fitBoxToCanvas({ x: 0.2, y: 0.1, width: 0.4, height: 0.2 }, 400, 220, 4);
  assert.equal(t.scale, Math.min(392 / 0.4, 212 / 0.2));
  const left = t.originX + 0.2 * t.scale;
  const right = t.originX + 0.6 * t.scale;
  const top = t.originY + 0.1 * t.scale;
  const bottom = t.originY + 0.3 * t.scale;
  assert.ok(Math.abs(left - (400 - right)) < 1e-9, 'centred across');
  assert.ok(Math.abs(top - (220 - bottom)) < 1e-9, 'centred down');
  assert.ok(top >= 4 - 1e-9 && left >= 4 - 1e-9, 'inside the margin');
});
