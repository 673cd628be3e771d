// Helpers shared by the pipeline tests (not a test file itself).
import { BACKEND_DEFAULT_PROFILE, type PipelineProfile } from '../../../src/core/model/profile';
import type { ModelRunner } from '../../../src/core/pipeline/types';
import type { Session, SessionFrame } from '../../../src/core/session/types';

/** A hand whose wrist is at (w, w, 0) and whose other points are offsets from it. */
export function handAt(w: number, spread = 0.1): Float64Array {
  const v = new Float64Array(63);
  for (let p = 0; p < 21; p++) {
    v[p * 3] = w + (p === 0 ? 0 : spread * Math.cos(p));
    v[p * 3 + 1] = w + (p === 0 ? 0 : spread * Math.sin(p));
    v[p * 3 + 2] = p === 0 ? 0 : 0.01 * p;
  }
  return v;
}

export function profileWith(overrides: Partial<PipelineProfile>): PipelineProfile {
  return {
    ...structuredClone({ ...BACKEND_DEFAULT_PROFILE, labels: [...BACKEND_DEFAULT_PROFILE.labels] }),
    ...overrides,
  } as PipelineProfile;
}

export function frame(index: number, t: number, landmarks: Float64Array | null): SessionFrame {
  return { index, t, hands: landmarks ? [{ landmarks }] : [] };
}

export function sessionOf(frames: SessionFrame[], targets: Session['targets'] = []): Pick<Session, 'frames' | 'targets'> {
  return { frames, targets };
}

/**
 * A deterministic test double of the model: the scripted logits for the n-th window it sees, in
 * order, whatever the batching. Records the windows it was given.
 */
export class ScriptedRunner implements ModelRunner {
  readonly windows: Float32Array[] = [];
  readonly batchSizes: number[] = [];
  private next = 0;

  constructor(
    readonly classCount: number,
    private readonly logitsFor: (n: number) => number[],
    private readonly windowLength: number,
  ) {}

  async run(windows: Float32Array, count: number): Promise<Float32Array> {
    this.batchSizes.push(count);
    const out = new Float32Array(count * this.classCount);
    for (let i = 0; i < count; i++) {
      this.windows.push(windows.slice(i * this.windowLength, (i + 1) * this.windowLength));
      out.set(this.logitsFor(this.next++), i * this.classCount);
    }
    return out;
  }
}

/** Logits whose softmax puts probability `p` on class `k` and spreads the rest evenly. */
export function logitsFor(k: number, p: number, classCount: number): number[] {
  const rest = (1 - p) / (classCount - 1);
  return Array.from({ length: classCount }, (_, i) => Math.log(i === k ? p : rest));
}
