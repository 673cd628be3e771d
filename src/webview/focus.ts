/** The class in focus: the one the smoothing chart follows, drawn thick and outlined in the others. */
import type { SessionStore } from './sessionStore';

export class Focus {
  /** The class index in focus; -1 before the first draw. */
  index = -1;

  /**
   * Recomputes it for the playhead: the chosen label, else the target in force, else the smoothed argmax,
   * else the window argmax, else it stays. True when it changed.
   */
  update(store: SessionStore, frame: number, choice: string): boolean {
    let k = store.labels.indexOf(choice);
    if (k < 0) {
      k = store.target[frame];
      if (k < 0) k = store.argmax(store.smoothed, frame);
      if (k < 0) k = store.argmax(store.probs, frame);
      if (k < 0) k = this.index >= 0 ? this.index : 0;
    }
    if (k === this.index) return false;
    this.index = k;
    return true;
  }
}
