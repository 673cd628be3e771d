/**
 * Reduces a per-frame series to what `columns` pixels can show: per pixel column, the first, minimum,
 * maximum and last points, in time order, so peaks survive and the line looks the same as undecimated.
 * NaN values (no window ran) become a single NaN point that breaks the line.
 */
export interface Point {
  x: number;
  y: number;
}

export interface SeriesSource {
  /** Session time per frame, ms. */
  t: Float64Array;
  values: Float32Array;
  stride: number;
  offset: number;
}

/** `toX` maps ms to the x value stored in points (the chart's unit, seconds). */
export function decimate(
  source: SeriesSource,
  firstFrame: number,
  endFrame: number,
  startMs: number,
  endMs: number,
  columns: number,
  toX: (ms: number) => number,
): Point[] {
  const { t, values, stride, offset } = source;
  const out: Point[] = [];
  const count = endFrame - firstFrame;
  if (count <= 0) return out;
  if (count <= columns * 2) {
    let gap = false;
    for (let i = firstFrame; i < endFrame; i++) {
      const y = values[i * stride + offset];
      if (Number.isNaN(y)) {
        if (!gap) out.push({ x: toX(t[i]), y: NaN });
        gap = true;
        continue;
      }
      gap = false;
      out.push({ x: toX(t[i]), y });
    }
    return out;
  }
  const msPerColumn = (endMs - startMs) / columns;
  let column = -1;
  let first = -1, last = -1, min = -1, max = -1;
  let sawNaN = false;
  const flush = (): void => {
    if (first < 0) {
      if (sawNaN) out.push({ x: toX(startMs + (column + 0.5) * msPerColumn), y: NaN });
      return;
    }
    const picks = [first, min, max, last].filter((v, i, a) => a.indexOf(v) === i).sort((a, b) => a - b);
    for (const i of picks) out.push({ x: toX(t[i]), y: values[i * stride + offset] });
  };
  for (let i = firstFrame; i < endFrame; i++) {
    const c = Math.floor((t[i] - startMs) / msPerColumn);
    if (c !== column) {
      if (column >= 0) flush();
      column = c;
      first = last = min = max = -1;
      sawNaN = false;
    }
    const y = values[i * stride + offset];
    if (Number.isNaN(y)) {
      sawNaN = true;
      continue;
    }
    if (first < 0) first = min = max = i;
    last = i;
    if (y < values[min * stride + offset]) min = i;
    if (y > values[max * stride + offset]) max = i;
  }
  flush();
  return out;
}
