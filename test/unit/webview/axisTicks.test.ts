import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ticks } from 'chart.js';
import { formatTick } from '../../../src/webview/axisTicks';

/** Chart.js's numeric tick formatter in English, as the charts' axes used it before. */
function chartJs(value: number, ticks: { value: number }[]): string {
  const scale = { chart: { options: { locale: 'en-US' } }, options: { ticks: { format: {} } } };
  return Ticks.formatters.numeric.call(scale as never, value, ticks.findIndex((t) => t.value === value), ticks as never) as string;
}

test('axis ticks read as Chart.js writes them: the charts\' 0..1 in quarters, and other steps', () => {
  const axes = [
    [0, 0.25, 0.5, 0.75, 1],
    [0, 0.5, 1],
    [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    [0, 2, 4, 6, 8],
    [-1, -0.5, 0, 0.5, 1],
    [0.125, 0.375],
  ];
  for (const values of axes) {
    const ticks = values.map((value) => ({ value }));
    for (const v of values) assert.equal(formatTick(v, ticks), chartJs(v, ticks), `tick ${v} of [${values.join(', ')}]`);
  }
  assert.deepEqual([0, 0.25, 0.5, 0.75, 1].map((v, _i, a) => formatTick(v, a.map((value) => ({ value })))), ['0', '0.3', '0.5', '0.8', '1.0']);
});
