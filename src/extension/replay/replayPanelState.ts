/**
 * What the replay webview keeps with `setState`, read back by the panel serializer after a reload.
 * The webview saves the session file it was given (boot `file`, or init `session.file`) and its playhead.
 */
export interface RestoredReplay {
  file: string;
  frame?: number;
}

/** Reads the saved state tolerantly: a state the webview wrote in an older shape still restores the file. */
export function restoredReplay(state: unknown): RestoredReplay | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  const session = typeof s.session === 'object' && s.session !== null ? (s.session as Record<string, unknown>) : {};
  const file = [s.file, s.sessionFile, session.file].find((v): v is string => typeof v === 'string' && v.length > 0);
  if (!file) return undefined;
  return { file, frame: restoredFrame(state) };
}

/** The playhead saved in the webview state, if any. */
export function restoredFrame(state: unknown): number | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const s = state as Record<string, unknown>;
  return [s.frame, s.playhead].find((v): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0);
}
