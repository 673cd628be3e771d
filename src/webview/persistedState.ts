import type { HandFraming } from './handFraming';

/** What a panel keeps across reloads through the webview's getState/setState. */
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
  if (Array.isArray(r.shown) && r.shown.every((v) => typeof v === 'string')) out.shown = r.shown as string[];
  return out;
}
