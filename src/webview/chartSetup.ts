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
