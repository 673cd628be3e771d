import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StretchSizer } from '../../../src/webview/knobs/stretchSizer';

test('stretches are sized for the budget from the time per frame the last took, growing at most twofold a step', () => {
  const sizer = new StretchSizer(8, 1000, 100, 20000);
  assert.equal(sizer.next, 1000);
  sizer.took(1000, 40); // cold code: 40 us a frame
  assert.equal(sizer.next, 200);
  sizer.took(200, 0.4); // optimized: 2 us a frame would fit 4,000, but one step doubles at most
  assert.equal(sizer.next, 400);
  for (const frames of [400, 800, 1600]) sizer.took(frames, frames * 0.002);
  assert.equal(sizer.next, 3200);
  sizer.took(3200, 6.4);
  assert.equal(sizer.next, 4000, 'at 2 us a frame, 4,000 frames fill 8 ms');
  sizer.took(4000, 0);
  assert.equal(sizer.next, 8000, 'a stretch too quick to time doubles');
  sizer.took(8000, 1);
  sizer.took(16000, 1);
  assert.equal(sizer.next, 20000, 'never past the most');
  sizer.took(20000, 2000);
  assert.equal(sizer.next, 100, 'never under the least');
});
