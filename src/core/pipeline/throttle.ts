/**
 * The backend's reply throttle: a reply goes out when at least `intervalMs` passed since the last
 * sent reply AND (the letter changed OR the unrounded probability moved by more than `delta`). The
 * first reply always passes.
 */
export class Throttle {
  private last: { t: number; letter: string; prob: number } | null = null;

  constructor(
    readonly intervalMs: number,
    readonly delta: number,
  ) {}

  /** Decides for one reply at time `t`; a reply that passes becomes the last sent one. */
  offer(t: number, letter: string, prob: number): boolean {
    const last = this.last;
    const pass =
      last === null ||
      (t - last.t >= this.intervalMs && (letter !== last.letter || Math.abs(prob - last.prob) > this.delta));
    if (pass) this.last = { t, letter, prob };
    return pass;
  }

  /** Records a reply sent regardless of the throttle (the target change's default reply). */
  forceSent(t: number, letter: string, prob: number): void {
    this.last = { t, letter, prob };
  }

  reset(): void {
    this.last = null;
  }
}
