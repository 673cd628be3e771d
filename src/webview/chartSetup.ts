/** Registers the Chart.js parts the panels use (tree-shaken: no auto bundle). */
import {
  Chart,
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  ScatterController,
  type Plugin,
} from 'chart.js';
import { formatTick } from './axisTicks';
import type { Point } from './decimate';
import { withAlpha, type Theme } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, ScatterController);

export { Chart };

/** Fills the canvas with the theme background first, so exported PNGs are not transparent. */
export function backgroundPlugin(color: () => string): Plugin {
  return {
    id: 'landmarkLensBackground',
    beforeDraw(chart) {
      const { ctx, width, height } = chart;
      ctx.save();
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = color();
      ctx.fillRect(0, 0, width, height);
      ctx.restore();
    },
  };
}

/** Seconds from the session start, the charts' x unit. */
export function formatSeconds(value: number): string {
  return `${Number(value.toFixed(2))} s`;
}

/**
 * A probability-over-time line chart as the panels draw it: linear seconds on x, 0..1 on y, no
 * animation or Chart.js events (the panels handle the pointer on their overlays), themed background.
 */
export function createTimeChart(
  canvas: HTMLCanvasElement,
  theme: () => Theme,
  lineWidth: number | undefined,
  extraPlugins: Plugin<'line'>[] = [],
): Chart<'line', Point[]> {
  return new Chart<'line', Point[]>(canvas, {
    type: 'line',
    data: { datasets: [] },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      events: [],
      spanGaps: false,
      elements: { point: { radius: 0 }, line: { tension: 0, ...(lineWidth === undefined ? {} : { borderWidth: lineWidth }) } },
      scales: {
        x: { type: 'linear', ticks: { callback: (v) => formatSeconds(Number(v)), maxRotation: 0 } },
        y: { type: 'linear', min: 0, max: 1, ticks: { stepSize: 0.25, callback: (v, _i, ticks) => formatTick(Number(v), ticks) } },
      },
      plugins: { legend: { display: false }, tooltip: { enabled: false } },
      layout: { padding: { right: 24 } },
    },
    plugins: [backgroundPlugin(() => theme().background) as Plugin<'line'>, ...extraPlugins],
  });
}

/** Axis ticks, grid and border in the theme's colours. */
export function applyAxisTheme(chart: Chart<'line', Point[]>, t: Theme): void {
  const scales = chart.options.scales as Record<string, { ticks?: object; grid?: object; border?: object }>;
  for (const axis of ['x', 'y']) {
    const s = scales[axis];
    s.ticks = { ...s.ticks, color: t.muted };
    s.grid = { ...s.grid, color: withAlpha(t.foreground, 0.1) };
    s.border = { ...s.border, color: t.border };
  }
}
