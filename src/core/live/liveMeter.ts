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
  /** Hand detector time per camera frame (JPEG in, landmarks out), apart from the model's latency; NaN without camera frames. */
  detectorP50Ms: number;
  detectorP95Ms: number;
  /** Camera frames that did not decode as images (each counted as a frame without a hand). */
  undecodable: number;
  /** Camera frames (`jpeg_blob`) received. */
  cameraFrames: number;
  /** Frames processed without a hand (no hand found, none sent, or an image that did not decode); the backend skips them. */
  noHand: number;
}

/** The figures that are counts: a client's meter adds them up, and so do totals over clients. */
const COUNTERS = ['received', 'processed', 'dropped', 'errors', 'repliesSent', 'repliesThrottled', 'undecodable', 'cameraFrames', 'noHand'] as const;
type Counter = (typeof COUNTERS)[number];

function addCounters(into: Record<Counter, number>, from: Readonly<Record<Counter, number>>): void {
  for (const key of COUNTERS) into[key] += from[key];
}

const LATENCY_SAMPLES = 256;

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** The last 256 of a stream of durations, for percentiles. */
class SampleRing {
  private readonly values = new Float64Array(LATENCY_SAMPLES);
  private count = 0;
  private next = 0;

  add(ms: number): void {
    this.values[this.next] = ms;
    this.next = (this.next + 1) % LATENCY_SAMPLES;
    this.count = Math.min(LATENCY_SAMPLES, this.count + 1);
  }

  samples(): Float64Array {
    return this.values.subarray(0, this.count);
  }
}

export class LiveMeter {
  received = 0;
  undecodable = 0;
  cameraFrames = 0;
  noHand = 0;
  processed = 0;
  dropped = 0;
  errors = 0;
  repliesSent = 0;
  repliesThrottled = 0;
  private arrivals: number[] = [];
  private readonly latencies = new SampleRing();
  private readonly detectorTimes = new SampleRing();

  constructor(private readonly rateWindowMs = 2000) {}

  noteArrival(now: number): void {
    this.received++;
    this.arrivals.push(now);
    this.trim(now);
  }

  noteLatency(ms: number): void {
    this.latencies.add(ms);
  }

  noteDetector(ms: number): void {
    this.detectorTimes.add(ms);
  }

  /** Recent latencies (at most the last 256, in no particular order), for pooling several meters. */
  latencySamples(): Float64Array {
    return this.latencies.samples();
  }

  /** Recent detector times (at most the last 256). */
  detectorSamples(): Float64Array {
    return this.detectorTimes.samples();
  }

  /** Takes over the counters and latency samples of a client that left, so totals never shrink. */
  absorb(other: LiveMeter): void {
    addCounters(this, other);
    for (const ms of other.latencySamples()) this.noteLatency(ms);
    for (const ms of other.detectorSamples()) this.noteDetector(ms);
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
function pool(meters: readonly LiveMeter[], samples: (m: LiveMeter) => Float64Array): Float64Array {
  const pooled = new Float64Array(meters.reduce((n, m) => n + samples(m).length, 0));
  let at = 0;
  for (const m of meters) {
    pooled.set(samples(m), at);
    at += samples(m).length;
  }
  return pooled.sort();
}

export function summarize(meters: readonly LiveMeter[], now: number): LiveFigures {
  const total: LiveFigures = {
    received: 0, processed: 0, dropped: 0, errors: 0, repliesSent: 0, repliesThrottled: 0,
    fps: 0, latencyP50Ms: NaN, latencyP95Ms: NaN, latencyP99Ms: NaN, detectorP50Ms: NaN, detectorP95Ms: NaN, undecodable: 0,
    cameraFrames: 0, noHand: 0,
  };
  for (const m of meters) {
    addCounters(total, m);
    total.fps += m.fps(now);
  }
  const latencies = pool(meters, (m) => m.latencySamples());
  total.latencyP50Ms = percentile(latencies, 50);
  total.latencyP95Ms = percentile(latencies, 95);
  total.latencyP99Ms = percentile(latencies, 99);
  const detector = pool(meters, (m) => m.detectorSamples());
  total.detectorP50Ms = percentile(detector, 50);
  total.detectorP95Ms = percentile(detector, 95);
  return total;
}
