/**
 * A linear axis' tick as Chart.js's own numeric formatter writes it in English (decimals from the step
 * between ticks), without Intl.NumberFormat: making the first one took ~60 ms of the panel's construction.
 */
export function formatTick(value: number, ticks: { value: number }[]): string {
  if (value === 0) return '0';
  let delta = value;
  if (ticks.length > 1) {
    delta = ticks.length > 3 ? ticks[2].value - ticks[1].value : ticks[1].value - ticks[0].value;
    if (Math.abs(delta) >= 1 && value !== Math.floor(value)) delta = value - Math.floor(value);
  }
  const log = Math.log10(Math.abs(delta));
  const decimals = Number.isNaN(log) ? 1 : Math.max(Math.min(-Math.floor(log), 20), 0);
  return value.toFixed(decimals);
}
