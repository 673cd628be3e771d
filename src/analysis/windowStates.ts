import type { FrameResult } from '../core/pipeline/types';
import type { FrameState } from '../core/pipeline/frameState';

export type WindowState = Pick<FrameResult, 'frame' | 't' | 'status' | 'bufferFill' | 'smoothingFill' | 'target'>;

/**
 * A window frame's result before the sequential pass: its state and distribution; smoothing, reply and
 * transcript are not known yet. One object literal with every field: spreading the state and adding fields
 * makes V8 give each result a dictionary of its properties, several times the size of a fixed shape.
 */
export function provisionalResult(state: WindowState, probs: Float32Array): FrameResult {
  return {
    frame: state.frame,
    t: state.t,
    bufferFill: state.bufferFill,
    target: state.target,
    status: state.status,
    probs,
    smoothed: null,
    response: null,
    sent: false,
    smoothingFill: state.smoothingFill,
    transcript: '',
    emitted: null,
  };
}

/**
 * What the window pass said of each window's frame (status, fills, target), in columns: an hour's windows
 * as objects would sit in the heap for the whole inference, for every garbage collection to walk.
 */
export class WindowStates {
  private readonly frame: Int32Array;
  private readonly t: Float64Array;
  private readonly ready: Uint8Array;
  private readonly bufferFill: Uint16Array;
  private readonly smoothingFill: Uint16Array;
  private readonly target: Int32Array;
  private readonly targets: Array<string | null> = [];
  private count = 0;

  constructor(capacity: number) {
    this.frame = new Int32Array(capacity);
    this.t = new Float64Array(capacity);
    this.ready = new Uint8Array(capacity);
    this.bufferFill = new Uint16Array(capacity);
    this.smoothingFill = new Uint16Array(capacity);
    this.target = new Int32Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Adds a window's frame (status 'smoothing' or 'ready'). */
  add(frame: number, t: number, state: FrameState): void {
    const k = this.count++;
    this.frame[k] = frame;
    this.t[k] = t;
    this.ready[k] = state.status === 'ready' ? 1 : 0;
    this.bufferFill[k] = state.bufferFill;
    this.smoothingFill[k] = state.smoothingFill;
    let index = this.targets.indexOf(state.target);
    if (index < 0) index = this.targets.push(state.target) - 1;
    this.target[k] = index;
  }

  /** The frame each window ends at, in window order (ascending). */
  get frames(): Int32Array {
    return this.frame.subarray(0, this.count);
  }

  get(k: number): WindowState {
    return {
      frame: this.frame[k],
      t: this.t[k],
      status: this.ready[k] ? 'ready' : 'smoothing',
      bufferFill: this.bufferFill[k],
      smoothingFill: this.smoothingFill[k],
      target: this.targets[this.target[k]],
    };
  }
}
