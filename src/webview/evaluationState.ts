/**
 * The evaluations the panel shows: slot 0 the panel's model, slot 1 a model it is compared with. They
 * come whole from the replay worker (`evaluation` messages, computed by src/core/evaluation); the webview
 * only looks frames up in them (wrong frames, a confusion cell's frames, the next error).
 */
import { framesInCell, nextError, previousError, wrongFrames } from '../core/evaluation/scoredFrameSteps';
import type { ScoredFrames } from '../core/evaluation/types';
import type { EvaluationMessage } from '../protocol/messages';

export interface ShownEvaluation {
  model: string;
  figures: EvaluationMessage['figures'];
  scored: ScoredFrames;
  /** Wrong frames (prediction differs from the label), ascending. */
  wrong: number[];
}

/** A confusion cell being stepped through: its frames, and the one shown (index into frames). */
export interface CellSteps {
  slot: number;
  label: number;
  prediction: number;
  frames: number[];
  index: number;
}

export class EvaluationState {
  private readonly slots: (ShownEvaluation | null)[] = [null, null];
  private readonly listeners: Array<(slot: number) => void> = [];
  /** The confusion cell last clicked, for "k of n". */
  cell: CellSteps | null = null;

  set(m: EvaluationMessage): ShownEvaluation {
    const scored = { frame: m.scoredFrame, label: m.scoredLabel, prediction: m.scoredPrediction };
    const shown = { model: m.model, figures: m.figures, scored, wrong: wrongFrames(scored) };
    this.slots[m.slot] = shown;
    if (this.cell?.slot === m.slot) this.cell = null;
    for (const listener of this.listeners) listener(m.slot);
    return shown;
  }

  /** Forgets a slot's evaluation (the compared model was closed). */
  clear(slot: number): void {
    if (!this.slots[slot]) return;
    this.slots[slot] = null;
    if (this.cell?.slot === slot) this.cell = null;
    for (const listener of this.listeners) listener(slot);
  }

  get(slot = 0): ShownEvaluation | null {
    return this.slots[slot] ?? null;
  }

  onChange(listener: (slot: number) => void): void {
    this.listeners.push(listener);
  }

  /** The wrong frame after (dir 1) or before (dir -1) `frame` by the panel's model; null when none. */
  error(frame: number, dir: 1 | -1): number | null {
    const shown = this.slots[0];
    if (!shown) return null;
    return dir > 0 ? nextError(shown.scored, frame) : previousError(shown.scored, frame);
  }

  /**
   * Steps through a confusion cell's frames: the first click on a cell gives its first frame, each
   * further click (or dir) the next (or previous), wrapping. Null when the cell holds no frame.
   */
  stepCell(slot: number, label: number, prediction: number, dir: 1 | -1 = 1): CellSteps | null {
    const shown = this.slots[slot];
    if (!shown) return null;
    const same = this.cell && this.cell.slot === slot && this.cell.label === label && this.cell.prediction === prediction;
    if (same && this.cell) {
      const n = this.cell.frames.length;
      this.cell.index = (this.cell.index + dir + n) % n;
      return this.cell;
    }
    const frames = framesInCell(shown.scored, label, prediction);
    if (frames.length === 0) return null;
    this.cell = { slot, label, prediction, frames, index: dir > 0 ? 0 : frames.length - 1 };
    return this.cell;
  }
}
