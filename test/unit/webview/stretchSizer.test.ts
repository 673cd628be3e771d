import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StretchSizer } from '../../../src/webview/knobs/stretchSizer';

test('stretches are sized for the budget from the time per frame the last took, growing at most fourfold a step', () => {
  const sizer = new StretchSizer(8, 1000, 100, 20000);
  assert.equal(sizer.next, 1000);
  sizer.took(1000, 40); // cold code: 40 us a frame
  assert.equal(sizer.next, 200);
  sizer.took(200, 0.4); // optimized: 2 us a frame would fit 4,000, but one step grows fourfold at most
  assert.equal(sizer.next, 800);
  sizer.took(800, 1.6);
  assert.equal(sizer.next, 3200);
  sizer.took(3200, 6.4);
  assert.equal(sizer.next, 4000, 'at 2 us a frame, 4,000 frames fill 8 ms');
  sizer.took(4000, 0);
  assert.equal(sizer.next, 16000, 'a stretch too quick to time grows fourfold');
  sizer.took(16000, 1);
  assert.equal(sizer.next, 20000, 'never past the most');
  sizer.took(20000, 2000);
  assert.equal(sizer.next, 100, 'never under the least');
});
