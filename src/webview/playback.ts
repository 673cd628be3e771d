/**
 * The one time cursor every view follows. Playing advances session time by real elapsed time (from
 * requestAnimationFrame timestamps, since timers can be clamped in webviews) times the speed.
 */
import type { SessionStore } from './sessionStore';

export const SPEEDS = [0.25, 0.5, 1, 1.5, 2, 4] as const;

export interface LoopRange {
  startFrame: number;
  endFrame: number;
}

export type PlaybackListener = (reason: 'frame' | 'state') => void;

export class Playback {
  frame = 0;
  playing = false;
  speed = 1;
  /** A selection of frames; `loopOn` makes playback wrap inside it. */
  selection: LoopRange | null = null;
  loopOn = false;
  /** Live panels: the playhead sticks to the newest frame. */
  following = false;
  private sessionMs = 0;
  private lastTick: number | null = null;
  private rafId = 0;
  private listeners: PlaybackListener[] = [];

  constructor(private readonly store: SessionStore) {}

  onChange(listener: PlaybackListener): void {
    this.listeners.push(listener);
  }

  private emit(reason: 'frame' | 'state'): void {
    for (const l of this.listeners) l(reason);
  }

  lastFrame(): number {
    return Math.max(0, this.store.frameCount - 1);
  }

  seek(frame: number, keepFollowing = false): void {
    const clamped = Math.max(0, Math.min(this.lastFrame(), Math.round(frame)));
    if (!keepFollowing && this.following && clamped !== this.lastFrame()) this.setFollowing(false);
    this.sessionMs = this.store.timeOf(clamped);
    if (clamped === this.frame) return;
    this.frame = clamped;
    this.emit('frame');
  }

  step(delta: number): void {
    this.pause();
    this.seek(this.frame + delta);
  }

  play(): void {
    if (this.playing || this.store.frameCount === 0) return;
    if (this.following) return;
    const range = this.activeRange();
    if (this.frame >= range.endFrame) this.seek(range.startFrame);
    this.playing = true;
    this.sessionMs = this.store.timeOf(this.frame);
    this.lastTick = null;
    this.rafId = requestAnimationFrame(this.tick);
    this.emit('state');
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    cancelAnimationFrame(this.rafId);
    this.emit('state');
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: number): void {
    this.speed = Math.max(SPEEDS[0], Math.min(SPEEDS[SPEEDS.length - 1], speed));
    this.emit('state');
  }

  /** Moves to the next slower (-1) or faster (1) speed step. */
  nudgeSpeed(dir: 1 | -1): void {
    const i = SPEEDS.findIndex((s) => s >= this.speed - 1e-9);
    const next = Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? SPEEDS.length - 1 : i) + dir));
    this.setSpeed(SPEEDS[next]);
  }

  setSelection(selection: LoopRange | null): void {
    this.selection = selection;
    if (!selection) this.loopOn = false;
    this.emit('state');
  }

  setLoop(on: boolean): void {
    this.loopOn = on;
    this.emit('state');
  }

  setFollowing(on: boolean): void {
    if (this.following === on) return;
    this.following = on;
    if (on) {
      this.pause();
      this.seek(this.lastFrame(), true);
    }
    this.emit('state');
  }

  /**
   * Live: the store dropped its oldest `n` frames and moved the rest to the front. The playhead and the
   * selection stay on the same session frames; a playhead on a dropped frame moves to the oldest held.
   */
  framesDropped(n: number): void {
    const clamped = this.frame < n;
    this.frame = Math.max(0, this.frame - n);
    if (this.selection) {
      const endFrame = this.selection.endFrame - n;
      this.selection = endFrame < 0 ? null : { startFrame: Math.max(0, this.selection.startFrame - n), endFrame };
      if (!this.selection) this.loopOn = false;
    }
    if (clamped) {
      this.sessionMs = this.store.timeOf(this.frame);
      this.emit('frame');
    }
  }

  /** Live: new frames arrived; a following playhead moves to the newest. */
  framesAppended(): void {
    if (this.following) this.seek(this.lastFrame(), true);
  }

  private activeRange(): LoopRange {
    if (this.loopOn && this.selection) return this.selection;
    return { startFrame: 0, endFrame: this.lastFrame() };
  }

  private tick = (now: number): void => {
    if (!this.playing) return;
    if (this.lastTick !== null) {
      const elapsed = Math.min(now - this.lastTick, 250);
      this.sessionMs += elapsed * this.speed;
      const range = this.activeRange();
      const endMs = this.store.timeOf(range.endFrame);
      if (this.sessionMs > endMs) {
        if (this.loopOn && this.selection) {
          this.sessionMs = this.store.timeOf(range.startFrame);
        } else {
          this.sessionMs = endMs;
          this.setFrame(range.endFrame);
          this.pause();
          return;
        }
      }
      this.setFrame(this.store.frameAtTime(this.sessionMs));
    }
    this.lastTick = now;
    this.rafId = requestAnimationFrame(this.tick);
  };

  private setFrame(frame: number): void {
    if (frame === this.frame) return;
    this.frame = frame;
    this.emit('frame');
  }
}
