import type { ModelRunner } from '../../core/pipeline/types';
import { yieldToEventLoop } from '../../core/yieldToEventLoop';

/** Values per frame row of a window: 21 points x 3. */
const ROW = 63;

/**
 * A stand-in model for the window pass (listWindows): keeps every window it is given, in order, and
 * answers zeros. The window stage does not depend on model outputs, so that pass lists exactly the
 * windows the real run will ask for, and they can then be inferred in any order.
 *
 * Sliding windows share all but one row with the previous window, so each window is kept as a start
 * row into one growing list of rows: a new window adds one row when it continues the previous one
 * (checked by comparing the overlap, not assumed), else all of its rows. An hour at 30 fps stays ~30 MB.
 */
export class WindowRecorder implements ModelRunner {
  private rows = new Float32Array(1024 * ROW);
  private rowCount = 0;
  private readonly starts: number[] = [];
  private windowRows = 0;

  constructor(readonly classCount: number) {}

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

  async run(windows: Float32Array, count: number): Promise<Float32Array> {
    const length = windows.length / count;
    if (!Number.isInteger(length / ROW)) throw new Error(`a window of ${length} values is not a whole number of ${ROW}-value frames`);
    this.windowRows = length / ROW;
    for (let i = 0; i < count; i++) this.add(windows.subarray(i * length, (i + 1) * length));
    await yieldToEventLoop();
    return new Float32Array(count * this.classCount);
  }

  /** Copies window `k` ([windowRows * 63]) into `out` at `offset`. */
  copyWindow(k: number, out: Float32Array, offset: number): void {
    const start = this.starts[k] * ROW;
    out.set(this.rows.subarray(start, start + this.windowRows * ROW), offset);
  }

  private add(window: Float32Array): void {
    const n = this.windowRows;
    const previous = this.starts.length ? this.starts[this.starts.length - 1] : -1;
    if (previous >= 0 && previous + n === this.rowCount && this.continues(previous, window)) {
      this.append(window.subarray((n - 1) * ROW));
      this.starts.push(previous + 1);
    } else {
      this.starts.push(this.rowCount);
      this.append(window);
    }
  }

  /** Whether rows 1..n-1 of the window at `start` equal rows 0..n-2 of `window`. */
  private continues(start: number, window: Float32Array): boolean {
    const base = (start + 1) * ROW;
    const length = (this.windowRows - 1) * ROW;
    for (let i = 0; i < length; i++) {
      // Object.is keeps NaN equal to NaN and tells -0 from 0, so a reused row is bit-for-bit the same value.
      if (!Object.is(this.rows[base + i], window[i])) return false;
    }
    return true;
  }

  private append(values: Float32Array): void {
    const needed = this.rowCount * ROW + values.length;
    if (needed > this.rows.length) {
      const grown = new Float32Array(Math.max(needed, this.rows.length * 2));
      grown.set(this.rows.subarray(0, this.rowCount * ROW));
      this.rows = grown;
    }
    this.rows.set(values, this.rowCount * ROW);
    this.rowCount += values.length / ROW;
  }
}
