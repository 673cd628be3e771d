/** What the panel knows of its session's analysis, from the extension's `analysisProgress` messages. */
import type { AnalysisProgressMessage } from '../protocol/messages';

export class AnalysisProgress {
  done = 0;
  total = 0;
  /** The analysis stopped on an error: frames still pending will get no results. */
  stopped = false;
  error: string | undefined;

  update(m: AnalysisProgressMessage): void {
    this.done = m.done;
    this.total = m.total;
    if (m.error) {
      this.stopped = true;
      this.error = m.error;
    }
  }

  /** Every frame analysed (the final pass reported done === total). */
  get finished(): boolean {
    return this.total > 0 && this.done >= this.total;
  }

  /** Results are still on their way. */
  get running(): boolean {
    return !this.stopped && this.total > 0 && this.done < this.total;
  }

  /** The toolbar's progress text: empty once the analysis finished. */
  text(): string {
    if (this.total > 0 && this.done < this.total) {
      return this.stopped ? `analysis stopped at ${this.done}/${this.total}` : `analysing ${this.done}/${this.total}`;
    }
    return this.stopped ? 'analysis stopped' : '';
  }
}
