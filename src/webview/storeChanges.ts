/** Changed ranges kept for changedSince: enough for the results of several draws. */
const MAX_CHANGES = 4096;
/** Knob applications kept for partsChangedSince. */
const MAX_KNOB_CHANGES = 64;

/**
 * Which of the columns a knob change replaces did change (partsChangedSince): the window distributions,
 * the smoothing (status, fills, smoothed distributions), the replies (reply, its probability, sent, the
 * target in force and its default replies), the decoder (emissions, transcript).
 */
export interface ColumnParts {
  probs: boolean;
  smoothing: boolean;
  replies: boolean;
  decoder: boolean;
}

/**
 * The session store's versions and what each changed, so views that keep what they computed can tell
 * what to compute again: the frames whose results changed (changedSince), or, when only knob applications
 * changed the store, which parts of its columns (partsChangedSince).
 */
export class StoreChanges {
  /** Bumped on every change of data, so views know when to redraw traces. */
  version = 0;
  /** Frames whose results changed, by the version that changed them; newest last. */
  private readonly ranges: Array<{ version: number; from: number; to: number }> = [];
  /** The last version that changed more than results at known frames (times, indices): no range tells it. */
  private wholeChangeVersion = 0;
  /** Knob applications since `otherChangeVersion`, the last change of anything else: what each changed. */
  private readonly knobChanges: Array<{ version: number; parts: ColumnParts }> = [];
  private otherChangeVersion = 0;

  /** Results changed at frames [from, to) and nothing else. */
  changed(from: number, to: number): void {
    this.version++;
    this.otherChanged();
    this.ranges.push({ version: this.version, from, to });
    if (this.ranges.length > MAX_CHANGES) this.ranges.splice(0, this.ranges.length - MAX_CHANGES / 2);
  }

  /**
   * Frames were added, moved or replaced throughout: views draw everything again. `knobParts`: only the
   * columns a knob change replaces, those parts of them (views that keep the rest ask partsChangedSince).
   */
  changedWhole(knobParts?: ColumnParts): void {
    this.version++;
    this.wholeChangeVersion = this.version;
    this.ranges.length = 0;
    if (!knobParts) this.otherChanged();
    else {
      this.knobChanges.push({ version: this.version, parts: knobParts });
      if (this.knobChanges.length > MAX_KNOB_CHANGES) this.otherChangeVersion = this.knobChanges.splice(0, MAX_KNOB_CHANGES / 2).at(-1)!.version;
    }
  }

  private otherChanged(): void {
    this.otherChangeVersion = this.version;
    this.knobChanges.length = 0;
  }

  /**
   * What changed since `version` (a value `version` had) when only knob applications did (none of the
   * parts when nothing did); null when anything else changed, or it is not known.
   */
  partsChangedSince(version: number): ColumnParts | null {
    if (version < this.otherChangeVersion || version > this.version) return null;
    const parts: ColumnParts = { probs: false, smoothing: false, replies: false, decoder: false };
    for (let i = this.knobChanges.length - 1; i >= 0 && this.knobChanges[i].version > version; i--) {
      const p = this.knobChanges[i].parts;
      parts.probs ||= p.probs;
      parts.smoothing ||= p.smoothing;
      parts.replies ||= p.replies;
      parts.decoder ||= p.decoder;
    }
    return parts;
  }

  /**
   * The frames [from, to) whose results changed since `version` (a value `version` had), when nothing
   * else changed since then: [0, 0) when nothing did; null when more did (or it is not known), and views
   * that keep what they computed must compute it all again.
   */
  changedSince(version: number): [number, number] | null {
    if (version === this.version) return [0, 0];
    if (version < this.wholeChangeVersion || version > this.version) return null;
    const oldest = this.ranges[0];
    if (!oldest || oldest.version > version + 1) return null;
    let from = Infinity;
    let to = -Infinity;
    for (let i = this.ranges.length - 1; i >= 0 && this.ranges[i].version > version; i--) {
      from = Math.min(from, this.ranges[i].from);
      to = Math.max(to, this.ranges[i].to);
    }
    return [from, to];
  }
}
