import type { Theme } from './theme';

/** Colour and dash of the n-th shown class line: the theme's six chart colours, then dashed variants. */
export function seriesStyle(slot: number, theme: Theme): { color: string; dash: number[] } {
  const color = theme.series[slot % theme.series.length];
  const round = Math.floor(slot / theme.series.length);
  const dashes = [[], [6, 3], [2, 3], [8, 3, 2, 3]];
  return { color, dash: dashes[round % dashes.length] };
}
