/** How the metrics view writes the evaluation's figures (null: the figure has nothing to count). */
export function percent(value: number | null, digits = 1): string {
  return value === null ? '–' : `${(value * 100).toFixed(digits)}%`;
}

export function ratio(value: number | null): string {
  return value === null ? '–' : value.toFixed(3);
}

export function milliseconds(value: number | null): string {
  if (value === null) return '–';
  return Math.abs(value) >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

/** A difference, signed, in the figure's unit; '–' when either side is missing. */
export function signed(value: number | null, format: (v: number) => string): string {
  if (value === null) return '–';
  if (value === 0) return '±0';
  return `${value > 0 ? '+' : '−'}${format(Math.abs(value))}`;
}

/** A transcript or reference as shown: spaces visible, empty said. */
export function shownText(text: string): string {
  return text === '' ? '(empty)' : text.replace(/ /g, '␣');
}
