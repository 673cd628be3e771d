/** Tails set since the last renewal may add up to this many characters (or the base's length) before it. */
const REBASE_MIN = 1024;

/**
 * The decoder's transcript by frame: the text after each change, looked up by binary search for any
 * frame. `before` is the text at frames before the first change held (a bounded store dropped the rest).
 *
 * The text after each change is stored as the part it shares with one base text (a prefix length) plus
 * its own tail, not whole: a live transcript grows all session, and whole texts per change (as messages
 * bring them) would make the window's changes cost (changes x length). Each text is almost all a prefix
 * of the newest, so the index holds about one transcript's worth of characters, whatever the number of
 * changes. `replace` (the knobs' replay, computed in the webview) keeps its texts as given, whole: they
 * share their characters already, and comparing them all would cost (changes x length) time.
 */
export class TranscriptIndex {
  /** Change frames, ascending. */
  private frames: number[] = [];
  /** Characters each change's text shares with `base`, from the start. */
  private keep: number[] = [];
  /** What follows them in each change's text. */
  private tails: string[] = [];
  private base = '';
  private tailChars = 0;
  /** Tail characters `set` added since the base was renewed. */
  private added = 0;
  before = '';

  set(frame: number, text: string): void {
    const i = this.search(frame);
    const k = commonPrefix(this.base, text);
    const tail = flat(text.slice(k));
    if (i >= 0 && this.frames[i] === frame) {
      this.tailChars += tail.length - this.tails[i].length;
      this.keep[i] = k;
      this.tails[i] = tail;
    } else {
      this.frames.splice(i + 1, 0, frame);
      this.keep.splice(i + 1, 0, k);
      this.tails.splice(i + 1, 0, tail);
      this.tailChars += tail.length;
    }
    this.added += tail.length;
    if (this.added > Math.max(REBASE_MIN, this.base.length)) this.rebase();
  }

  /** Replaces every change with `changes`; false when they are the ones held (not compared when `compare` is false: true). */
  replace(changes: readonly { frame: number; text: string }[], compare = true): boolean {
    // The reply pass gives them ascending, one a frame: sorted and made unique only when they are not.
    const ascending = changes.every((c, i) => i === 0 || c.frame > changes[i - 1].frame);
    const sorted: Array<[number, string]> = ascending ? changes.map((c) => [c.frame, c.text]) : [...new Map(changes.map((c) => [c.frame, c.text])).entries()].sort((a, b) => a[0] - b[0]);
    if (compare && sorted.length === this.frames.length && sorted.every(([frame, text], i) => this.frames[i] === frame && this.text(i) === text)) return false;
    this.frames = sorted.map(([frame]) => frame);
    this.keep = sorted.map(() => 0);
    this.tails = sorted.map(([, text]) => text);
    this.tailChars = this.tails.reduce((sum, t) => sum + t.length, 0);
    this.base = '';
    this.added = 0;
    return true;
  }

  /** Drops the changes at frames before `n` and renumbers the rest from 0 (the text at n-1 becomes `before`). */
  drop(n: number): void {
    this.before = flat(this.at(n - 1));
    const from = this.search(n - 1) + 1;
    this.frames = this.frames.slice(from).map((f) => f - n);
    this.keep = this.keep.slice(from);
    this.tails = this.tails.slice(from);
    this.tailChars = this.tails.reduce((sum, t) => sum + t.length, 0);
  }

  /** The transcript after `frame`. */
  at(frame: number): string {
    const i = this.search(frame);
    return i < 0 ? this.before : this.text(i);
  }

  /** The frame of the last change at or before `frame`, or -1. */
  lastChange(frame: number): number {
    const i = this.search(frame);
    return i < 0 ? -1 : this.frames[i];
  }

  /** Changes held. */
  get changeCount(): number {
    return this.frames.length;
  }

  /** Characters held for the changes' texts (the base and the tails; `before` apart). */
  get charsHeld(): number {
    return this.base.length + this.tailChars;
  }

  /** Index of the last change at or before `frame`, or -1. */
  private search(frame: number): number {
    let lo = 0;
    let hi = this.frames.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.frames[mid] <= frame) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  private text(i: number): string {
    return this.base.slice(0, this.keep[i]) + this.tails[i];
  }

  /**
   * The newest change's text becomes the base, and every change is stored against it again. Only tails
   * are compared: what a change shared with the old base up to the newest's share, it shares with the new.
   */
  private rebase(): void {
    const last = this.frames.length - 1;
    const lastKeep = this.keep[last];
    const base = flat(this.base.slice(0, lastKeep) + this.tails[last]);
    let tailChars = 0;
    for (let i = 0; i <= last; i++) {
      const k = this.keep[i];
      const shared = Math.min(k, lastKeep);
      const rest = k <= lastKeep ? this.tails[i] : this.base.slice(lastKeep, k) + this.tails[i];
      const n = Math.min(rest.length, base.length - shared);
      let j = 0;
      while (j < n && rest.charCodeAt(j) === base.charCodeAt(shared + j)) j++;
      this.keep[i] = shared + j;
      if (j > 0 || rest !== this.tails[i]) this.tails[i] = flat(rest.slice(j));
      tailChars += this.tails[i].length;
    }
    this.base = base;
    this.tailChars = tailChars;
    this.added = 0;
  }
}

/** Length of the common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * A string of its own: the engine may keep a slice or concatenation as a reference to the strings it came
 * from (all of a message's text, an old base), and those would stay alive with it.
 */
function flat(s: string): string {
  return s.length === 0 ? '' : (JSON.parse(JSON.stringify(s)) as string);
}
