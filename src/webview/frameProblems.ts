import type { ProblemInfo, ResultsMessage } from '../protocol/messages';

/**
 * The frames whose final result reports a problem (a non-finite model output), gathered from `results`
 * messages that arrive in any order: a range sent again replaces what its frames said.
 */
export class FrameProblems {
  private readonly byFrame = new Map<number, string>();
  /** Problems of frames a bounded (live) store no longer holds, forgotten by `dropBefore`. */
  dropped = 0;

  get count(): number {
    return this.byFrame.size;
  }

  /** Takes a slot-0 `results` message's problems; returns whether the set changed. Provisional results carry none. */
  addResults(m: ResultsMessage): boolean {
    if (m.provisional) return false;
    let changed = false;
    if (this.byFrame.size) {
      for (let f = m.start; f < m.start + m.count; f++) changed = this.byFrame.delete(f) || changed;
    }
    for (const p of m.problems ?? []) {
      this.byFrame.set(p.frame, p.message);
      changed = true;
    }
    return changed;
  }

  /** The `n` lowest frames with a problem, as problems of `file` that show their frame; `model` names whose output it was. */
  first(n: number, file: string, model?: string): ProblemInfo[] {
    const frames: number[] = [];
    for (const f of this.byFrame.keys()) {
      if (frames.length < n) frames.push(f);
      else if (f < frames[frames.length - 1]) frames[frames.length - 1] = f;
      else continue;
      frames.sort((a, b) => a - b);
    }
    const who = model === undefined ? '' : ` (${model})`;
    return frames.map((frame) => ({ file, frame, message: `frame ${frame}${who}: ${this.byFrame.get(frame)}` }));
  }

  /**
   * Forgets the problems of frames before `frame` (a live store dropped them), counting them in `dropped`;
   * returns whether any went. The list is then as bounded as the store.
   */
  dropBefore(frame: number): boolean {
    const before = this.byFrame.size;
    for (const f of this.byFrame.keys()) if (f < frame) this.byFrame.delete(f);
    this.dropped += before - this.byFrame.size;
    return this.byFrame.size !== before;
  }

  clear(): void {
    this.byFrame.clear();
    this.dropped = 0;
  }
}
