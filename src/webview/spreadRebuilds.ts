/**
 * A data rebuild spread over animation frames. While an analysis streams an hour's results in, rebuilding
 * the timeline's lanes, the probability chart and the smoothing chart in one frame made a task of 50-100
 * ms; when the scheduler says the rebuild is new data's alone (FrameChanges.spread), the parts rebuild in
 * drawing order until a frame's budget is spent, and the rest rebuild in the next frames. A part whose
 * last rebuild alone took more than what is left of the budget (or that has not rebuilt yet) waits for the
 * next frame too, unless it would be the frame's first: two such parts in one frame, or one with its
 * canvas's commit, made tasks over 50 ms. A part may do its share in stretches (PanelView.workLeft): it
 * is drawn again in the next frames, within their budget, until its work is done. Every part still draws
 * its overlays each frame, and a rebuild the user asked for (zoom, choices) is never spread.
 */
import type { Rebuilds } from './drawScheduler';
import type { FrameChanges, PanelView } from './panelView';
import { SLICE_MS } from './taskSlices';

const NONE: Rebuilds = { traces: false, timeline: false, windows: false };

export class SpreadRebuilds {
  /** The rebuilds each waiting part is owed. */
  private readonly owed = new Map<PanelView, Rebuilds>();
  /** How long each part's last rebuild took (ms). */
  private readonly lastMs = new Map<PanelView, number>();

  /** `requestFrame` asks for another animation frame (parts still wait). */
  constructor(private readonly requestFrame: () => void) {}

  /** Parts that left work for later frames (PanelView.workLeft). */
  private readonly working = new Set<PanelView>();

  get pending(): boolean {
    return this.owed.size > 0 || this.working.size > 0;
  }

  /** Renders `parts` in order for this frame's `changes`, keeping some parts' rebuilds for later frames when spread. */
  render(parts: PanelView[], changes: FrameChanges): void {
    const start = performance.now();
    let spent = false;
    let rebuilt = false;
    for (const part of parts) {
      const owed = this.owed.get(part);
      this.owed.delete(part);
      const own: FrameChanges = owed
        ? { ...changes, traces: changes.traces || owed.traces, timeline: changes.timeline || owed.timeline, windows: changes.windows || owed.windows }
        : changes;
      const working = this.working.has(part) || part.workLeft?.() === true;
      const rebuilds = own.traces || own.timeline || working;
      const spreadable = changes.spread || ((owed || working) && !changes.traces && !changes.timeline);
      // A part not rebuilt before may be long (a chart's first data, cold code): it counts as a whole budget.
      const wouldSpend = rebuilt && performance.now() - start + (this.lastMs.get(part) ?? SLICE_MS) > SLICE_MS;
      if (rebuilds && spreadable && (spent || wouldSpend)) {
        if (own.traces || own.timeline) this.owed.set(part, { traces: own.traces, timeline: own.timeline, windows: own.windows });
        if (working) this.working.add(part);
        part.render({ ...own, ...NONE, held: true });
        continue;
      }
      const partStart = performance.now();
      // An owed rebuild or left work is the data's, spread like it (a part may draw it in stretches).
      part.render(spreadable ? { ...own, spread: true } : own);
      if (part.workLeft?.()) this.working.add(part);
      else this.working.delete(part);
      if (!rebuilds) continue;
      rebuilt = true;
      const now = performance.now();
      this.lastMs.set(part, now - partStart);
      if (now - start >= SLICE_MS) spent = true;
    }
    if (this.pending) this.requestFrame();
  }
}
