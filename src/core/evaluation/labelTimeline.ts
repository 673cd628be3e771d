import type { LabelSpan } from '../session/types';

/**
 * Which label span holds each time: a span holds `t` when `t0 <= t < t1`, and where spans overlap the
 * later one in the list (the later line of the file) wins. Built once per session as the elementary
 * intervals between all span ends, each with its winner, so a lookup is a binary search.
 */
export class LabelTimeline {
  private readonly bounds: number[];
  /** winners[i]: the span holding [bounds[i], bounds[i + 1]), -1 for none. */
  private readonly winners: Int32Array;

  constructor(spans: readonly Pick<LabelSpan, 't0' | 't1'>[]) {
    const valid = spans.map((_, i) => i).filter((i) => Number.isFinite(spans[i].t0) && Number.isFinite(spans[i].t1) && spans[i].t0 < spans[i].t1);
    this.bounds = [...new Set(valid.flatMap((i) => [spans[i].t0, spans[i].t1]))].sort((a, b) => a - b);
    this.winners = new Int32Array(Math.max(0, this.bounds.length - 1)).fill(-1);
    // Sweep the intervals left to right with the spans open at each, the latest line on top of a max-heap;
    // spans that have ended are dropped when they reach the top.
    const byStart = [...valid].sort((a, b) => spans[a].t0 - spans[b].t0);
    const open = new MaxHeap();
    let next = 0;
    for (let k = 0; k < this.winners.length; k++) {
      const start = this.bounds[k];
      while (next < byStart.length && spans[byStart[next]].t0 <= start) open.push(byStart[next++]);
      while (open.size > 0 && spans[open.top()].t1 <= start) open.pop();
      this.winners[k] = open.size > 0 ? open.top() : -1;
    }
  }

  /** Index of the span holding time `t`, or -1 when no span does. */
  spanAt(t: number): number {
    const b = this.bounds;
    if (!(t >= b[0]) || !(t < b[b.length - 1])) return -1;
    let lo = 0;
    let hi = b.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (b[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    return this.winners[lo];
  }
}

/** A max-heap of span indices (the larger index is the later line). */
class MaxHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  top(): number {
    return this.items[0];
  }

  push(value: number): void {
    const a = this.items;
    a.push(value);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] >= a[i]) break;
      [a[parent], a[i]] = [a[i], a[parent]];
      i = parent;
    }
  }

  pop(): void {
    const a = this.items;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < a.length && a[l] > a[best]) best = l;
      if (r < a.length && a[r] > a[best]) best = r;
      if (best === i) return;
      [a[best], a[i]] = [a[i], a[best]];
      i = best;
    }
  }
}
