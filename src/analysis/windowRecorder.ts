import { VALUES_PER_FRAME } from '../core/hand/topology';

/** Values per frame row of a window. */
const ROW = VALUES_PER_FRAME;

/**
 * Every window the window pass (listWindows) lists, kept so that they can be inferred in any order.
 * Sliding windows share all but one row with the window before, so the pass adds each frame the window
 * stage buffered as one row (normalized, as the model sees it), and window k is `windowRows` rows from
 * its start row. An hour at 30 fps is ~30 MB. (Recording whole windows and finding the shared rows by
 * comparing them was most of the pass's time.)
 */
export class WindowRecorder {
  private rows = new Float32Array(1024 * ROW);
  private rowCount = 0;
  private readonly starts: number[] = [];

  constructor(readonly windowRows: number) {}

  get windowCount(): number {
    return this.starts.length;
  }

  /** Rows held (for tests and figures). */
  get storedRows(): number {
    return this.rowCount;
  }

  get windowLength(): number {
    return this.windowRows * ROW;
  }

  /** The next frame the window stage buffered, normalized (63 values). */
  addRow(row: Float32Array): void {
    if (row.length !== ROW) throw new Error(`a window row has ${ROW} values, got ${row.length}`);
    if ((this.rowCount + 1) * ROW > this.rows.length) {
      const grown = new Float32Array(this.rows.length * 2);
      grown.set(this.rows.subarray(0, this.rowCount * ROW));
      this.rows = grown;
    }
    this.rows.set(row, this.rowCount * ROW);
    this.rowCount++;
  }

  /** A window ends at the row added last: the window stage's buffer holds the last `windowRows` rows. */
  addWindow(): void {
    if (this.rowCount < this.windowRows) throw new Error(`a window of ${this.windowRows} rows ends at row ${this.rowCount}`);
    this.starts.push(this.rowCount - this.windowRows);
  }

  /** Copies window `k` ([windowRows * 63]) into `out` at `offset`. */
  copyWindow(k: number, out: Float32Array, offset: number): void {
    const start = this.starts[k] * ROW;
    out.set(this.rows.subarray(start, start + this.windowRows * ROW), offset);
  }
}
