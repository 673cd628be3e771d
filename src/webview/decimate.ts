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
    DecimatedColumns.scanAll([this], fromFrame, toFrame, fromColumn, toColumn);
  }

  /**
   * scan() for several series of the same frames, columns and values (other offsets) in one pass over the
   * frames: each frame's column is worked out once, and its row of values read once for all of them (an
   * hour's rows are 12.5 MB: a pass per series read them from memory again for each).
   */
  static scanAll(lines: DecimatedColumns[], fromFrame: number, toFrame: number, fromColumn = -1, toColumn = Infinity): void {
    const head = lines[0];
    if (!head) return;
    const { t, values, stride } = head.source;
    const { columns, startMs, msPerColumn } = head;
    const alike = (line: DecimatedColumns): boolean =>
      line.source.t === t && line.source.values === values && line.source.stride === stride && line.columns === columns && line.startMs === startMs && line.msPerColumn === msPerColumn;
    if (lines.length > 1 && !lines.every(alike)) {
      for (const line of lines) DecimatedColumns.scanAll([line], fromFrame, toFrame, fromColumn, toColumn);
      return;
    }
    const from = Math.max(-1, fromColumn) + 1;
    const to = Math.min(columns + 1, toColumn) + 1;
    for (const line of lines) {
      line.first.fill(-1, from, to);
      line.nan.fill(0, from, to);
    }
    const n = lines.length;
    for (let i = fromFrame; i < toFrame; i++) {
      const c = Math.min(columns, Math.max(-1, Math.floor((t[i] - startMs) / msPerColumn))) + 1;
      // Also skips frames not received yet (a NaN time, so a NaN column: indexing typed arrays with it
      // changed nothing, but each access took V8's slow path, ~150 ms over an hour's frames).
      if (!(c >= from && c < to)) continue;
      const row = i * stride;
      for (let l = 0; l < n; l++) {
        const line = lines[l];
        const offset = line.source.offset;
        const y = values[row + offset];
        if (Number.isNaN(y)) {
          line.nan[c] = 1;
          continue;
        }
        if (line.first[c] < 0) {
          line.first[c] = line.min[c] = line.max[c] = line.last[c] = i;
          continue;
        }
        line.last[c] = i;
        if (y < values[line.min[c] * stride + offset]) line.min[c] = i;
        if (y > values[line.max[c] * stride + offset]) line.max[c] = i;
      }
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
      // The column's first, minimum, maximum and last frames in frame order, each once (no array a column:
      // an hour's five lines made 25,000 of them a rebuild).
      let a = first;
      let b = this.min[c];
      let d = this.max[c];
      let e = this.last[c];
      let swap: number;
      if (a > b) { swap = a; a = b; b = swap; }
      if (d > e) { swap = d; d = e; e = swap; }
      if (a > d) { swap = a; a = d; d = swap; }
      if (b > e) { swap = b; b = e; e = swap; }
      if (b > d) { swap = b; b = d; d = swap; }
      out.push({ x: toX(t[a]), y: values[a * stride + offset] });
      if (b !== a) out.push({ x: toX(t[b]), y: values[b * stride + offset] });
      if (d !== b) out.push({ x: toX(t[d]), y: values[d * stride + offset] });
      if (e !== d) out.push({ x: toX(t[e]), y: values[e * stride + offset] });
    }
    return out;
  }
}
