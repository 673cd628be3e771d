/** Counters and rolling figures of a live stream: the numbers of the status bar and the live stats message. */
export interface LiveFigures {
  received: number;
  processed: number;
  dropped: number;
  errors: number;
  repliesSent: number;
  repliesThrottled: number;
  /** Frames received per second over the last `rateWindowMs`. */
  fps: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
}

const LATENCY_SAMPLES = 256;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export class LiveMeter {
  received = 0;
  processed = 0;
  dropped = 0;
  errors = 0;
  repliesSent = 0;
  repliesThrottled = 0;
  private arrivals: number[] = [];
  private readonly latencies = new Float64Array(LATENCY_SAMPLES);
  private latencyCount = 0;
  private latencyNext = 0;

  constructor(private readonly rateWindowMs = 2000) {}

  noteArrival(now: number): void {
    this.received++;
    this.arrivals.push(now);
    this.trim(now);
  }

  noteLatency(ms: number): void {
    this.latencies[this.latencyNext] = ms;
    this.latencyNext = (this.latencyNext + 1) % LATENCY_SAMPLES;
    this.latencyCount = Math.min(LATENCY_SAMPLES, this.latencyCount + 1);
  }

  /** Recent latencies (at most the last 256, in no particular order), for pooling several meters. */
  latencySamples(): Float64Array {
    return this.latencies.subarray(0, this.latencyCount);
  }

  /** Takes over the counters and latency samples of a client that left, so totals never shrink. */
  absorb(other: LiveMeter): void {
    this.received += other.received;
    this.processed += other.processed;
    this.dropped += other.dropped;
    this.errors += other.errors;
    this.repliesSent += other.repliesSent;
    this.repliesThrottled += other.repliesThrottled;
    for (const ms of other.latencySamples()) this.noteLatency(ms);
  }

  fps(now: number): number {
    this.trim(now);
    return (this.arrivals.length * 1000) / this.rateWindowMs;
  }

  figures(now: number): LiveFigures {
    return summarize([this], now);
  }

  private trim(now: number): void {
    const from = now - this.rateWindowMs;
    let drop = 0;
    while (drop < this.arrivals.length && this.arrivals[drop] <= from) drop++;
    if (drop) this.arrivals.splice(0, drop);
  }
}

/**
 * Totals over several meters (one per client); fps adds up, latency percentiles pool the samples (in a
 * typed array, sorted natively: the status bar, the live panel and `serve` ask several times a second).
 */
export function summarize(meters: readonly LiveMeter[], now: number): LiveFigures {
  const pooled = new Float64Array(meters.reduce((n, m) => n + m.latencySamples().length, 0));
  let pooledCount = 0;
  const total: LiveFigures = {
    received: 0, processed: 0, dropped: 0, errors: 0, repliesSent: 0, repliesThrottled: 0,
    fps: 0, latencyP50Ms: NaN, latencyP95Ms: NaN, latencyP99Ms: NaN,
  };
  for (const m of meters) {
    total.received += m.received;
    total.processed += m.processed;
    total.dropped += m.dropped;
    total.errors += m.errors;
    total.repliesSent += m.repliesSent;
    total.repliesThrottled += m.repliesThrottled;
    total.fps += m.fps(now);
    const samples = m.latencySamples();
    pooled.set(samples, pooledCount);
    pooledCount += samples.length;
  }
  pooled.sort();
  total.latencyP50Ms = percentile(pooled, 50);
  total.latencyP95Ms = percentile(pooled, 95);
  total.latencyP99Ms = percentile(pooled, 99);
  return total;
}
