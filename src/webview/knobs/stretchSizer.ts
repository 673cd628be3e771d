/**
 * Sizes stretches of work split over idle tasks so that each takes about `budgetMs`: the first small (its
 * code may not be optimized yet, and runs many times slower until it is), each next one from the time per
 * frame the last one took.
 */
export class StretchSizer {
  private frames: number;

  constructor(
    private readonly budgetMs: number,
    first: number,
    private readonly min: number,
    private readonly max: number,
  ) {
    this.frames = first;
  }

  /** Frames for the next stretch. */
  get next(): number {
    return this.frames;
  }

  /** The last stretch, of `frames` frames, took `ms`. */
  took(frames: number, ms: number): void {
    const fit = ms > 0 ? Math.floor((this.budgetMs * frames) / ms) : this.max;
    // At most twice the last: one quick stretch may have had the CPU to itself for a moment.
    this.frames = Math.max(this.min, Math.min(this.max, fit, frames * 2));
  }
}
