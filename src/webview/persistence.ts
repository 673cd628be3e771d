/**
 * What a panel keeps across reloads through the webview's getState/setState, and when it saves it: at
 * most every PERSIST_MS, with the state as it is when the timer fires. The same timer reports the
 * playhead to the extension when it rests somewhere new (a reload of the panel reopens it there).
 */
import type { HandFraming } from './handFraming';
import type { HostApi } from './vscodeApi';

export const PERSIST_MS = 250;

export interface PersistedState {
  /** The session file from init (`session.file`), so the panel serializer can reopen it after a reload. */
  file: string;
  frame: number;
  /** Zoomed span of session time (ms), null when showing all. */
  view: [number, number] | null;
  /** Focused class by label, or 'auto' (target letter, else the argmax). */
  focus: string;
  speed: number;
  series: 'window' | 'smoothed';
  /** Labels drawn as lines, null for the default (top classes). */
  shown: string[] | null;
  /** The recorded-hand view: fitted to the hand or the whole image. */
  hand: HandFraming;
  /** The recorded-hand view's layers: the camera image, the landmarks. */
  handImage: boolean;
  handLandmarks: boolean;
}

export function readPersistedState(raw: unknown): Partial<PersistedState> {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  const out: Partial<PersistedState> = {};
  if (typeof r.file === 'string') out.file = r.file;
  if (typeof r.frame === 'number' && Number.isFinite(r.frame)) out.frame = r.frame;
  if (Array.isArray(r.view) && r.view.length === 2 && r.view.every((v) => typeof v === 'number')) out.view = [r.view[0], r.view[1]];
  if (typeof r.focus === 'string') out.focus = r.focus;
  if (typeof r.speed === 'number') out.speed = r.speed;
  if (r.series === 'window' || r.series === 'smoothed') out.series = r.series;
  if (r.hand === 'fit' || r.hand === 'image') out.hand = r.hand;
  if (typeof r.handImage === 'boolean') out.handImage = r.handImage;
  if (typeof r.handLandmarks === 'boolean') out.handLandmarks = r.handLandmarks;
  if (Array.isArray(r.shown) && r.shown.every((v) => typeof v === 'string')) out.shown = r.shown as string[];
  return out;
}

/** The panel as the saving timer finds it. */
export interface PanelSnapshot {
  state: PersistedState;
  playing: boolean;
}

export class Persistence {
  /** The state saved before this page loaded (a reload), read once. */
  readonly saved: Partial<PersistedState>;
  private scheduled = false;
  private lastPostedPlayhead = -1;

  /** `current` is null while there is no session to save. */
  constructor(
    private readonly host: HostApi,
    private readonly current: () => PanelSnapshot | null,
    private readonly setTimer: (callback: () => void, ms: number) => void = (callback, ms) => void setTimeout(callback, ms),
  ) {
    this.saved = readPersistedState(host.getState());
  }

  /** Saves the state and reports a resting playhead within PERSIST_MS, once for any number of calls. */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.setTimer(() => {
      this.scheduled = false;
      const snapshot = this.current();
      if (!snapshot) return;
      const { state } = snapshot;
      this.host.setState(state);
      if (!snapshot.playing && state.frame !== this.lastPostedPlayhead) {
        this.lastPostedPlayhead = state.frame;
        this.host.postMessage({ type: 'playhead', frame: state.frame });
      }
    }, PERSIST_MS);
  }
}
