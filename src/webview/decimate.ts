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

/**
 * What decimate keeps of a series, per pixel column (the first, lowest, highest and last frame, and
 * whether a frame was NaN), held between rebuilds so that only the columns of changed frames are
 * computed again (columnRescan.ts). Columns -1 and `columns` hold the frames beyond each edge.
 */
export class DecimatedColumns {
  private readonly first: Int32Array;
  private readonly min: Int32Array;
  private readonly max: Int32Array;
  private readonly last: Int32Array;
  private readonly nan: Uint8Array;

  constructor(
    private readonly source: SeriesSource,
    private readonly columns: number,
    private readonly startMs: number,
    private readonly msPerColumn: number,
  ) {
    const n = columns + 2;
    this.first = new Int32Array(n).fill(-1);
    this.min = new Int32Array(n);
    this.max = new Int32Array(n);
    this.last = new Int32Array(n);
    this.nan = new Uint8Array(n);
  }

  /** Computes columns [fromColumn, toColumn) again from frames [fromFrame, toFrame), which must hold all of theirs. */
  scan(fromFrame: number, toFrame: number, fromColumn = -1, toColumn = this.columns + 1): void {
    const { t, values, stride, offset } = this.source;
    const from = Math.max(-1, fromColumn) + 1;
    const to = Math.min(this.columns + 1, toColumn) + 1;
    this.first.fill(-1, from, to);
    this.nan.fill(0, from, to);
    for (let i = fromFrame; i < toFrame; i++) {
      const c = Math.min(this.columns, Math.max(-1, Math.floor((t[i] - this.startMs) / this.msPerColumn))) + 1;
      if (c < from || c >= to) continue;
      const y = values[i * stride + offset];
      if (Number.isNaN(y)) {
        this.nan[c] = 1;
        continue;
      }
      if (this.first[c] < 0) {
        this.first[c] = this.min[c] = this.max[c] = this.last[c] = i;
        continue;
      }
      this.last[c] = i;
      if (y < values[this.min[c] * stride + offset]) this.min[c] = i;
      if (y > values[this.max[c] * stride + offset]) this.max[c] = i;
    }
  }

  /** The points decimate gives for the frames scanned. */
  points(toX: (ms: number) => number): Point[] {
    const { t, values, stride, offset } = this.source;
    const out: Point[] = [];
    for (let c = 0; c < this.columns + 2; c++) {
      const first = this.first[c];
      if (first < 0) {
        if (this.nan[c]) out.push({ x: toX(this.startMs + (c - 0.5) * this.msPerColumn), y: NaN });
        continue;
      }
      const picks = [first, this.min[c], this.max[c], this.last[c]].filter((v, i, a) => a.indexOf(v) === i).sort((a, b) => a - b);
      for (const i of picks) out.push({ x: toX(t[i]), y: values[i * stride + offset] });
    }
    return out;
  }
}
