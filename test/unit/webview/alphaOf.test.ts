// alphaOf gives, for any opacity, the string withAlpha gives: the hand's points use it for opacities that vary by depth.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alphaOf, withAlpha } from '../../../src/webview/theme';

test('alphaOf matches withAlpha for #rgb, #rrggbb, #rrggbbaa, rgb(), rgba() and named colours', () => {
  const colours = ['#abc', '#3794ff', '#3794ff80', 'rgb(55, 148, 255)', 'rgba(10,20,30,0.5)', 'CanvasText'];
  for (const colour of colours) {
    const of = alphaOf(colour);
    for (const alpha of [0, 0.25, 0.1 + 0.2, 0.8123456, 1]) assert.equal(of(alpha), withAlpha(colour, alpha), `${colour} at ${alpha}`);
  }
  assert.equal(alphaOf('#3794ff')(0.4), 'rgba(55, 148, 255, 0.4)');
});
