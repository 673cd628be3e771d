import { ModelProfileError } from './modelProfileError';
import { parsePartialProfile } from './parsePartialProfile';

/**
 * The text of a profile file holding `fields` (checked as a profile's fields), on top of the file's
 * `existing` text when there is one: its other fields are kept, the decoder's fields merged one by one.
 * Throws a ModelProfileError naming `file` when the existing text or the fields are not a valid profile.
 */
export function profileFileText(existing: string | null, fields: Record<string, unknown>, file: string): string {
  parsePartialProfile(fields, `the values to save to ${file}`);
  let base: Record<string, unknown> = {};
  if (existing !== null) {
    let json: unknown;
    try {
      json = JSON.parse(existing);
    } catch (err) {
      throw new ModelProfileError(`${file}: not valid JSON (${err instanceof Error ? err.message : err}); not overwritten`);
    }
    parsePartialProfile(json, file);
    base = json as Record<string, unknown>;
  }
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(fields)) {
    const before = merged[key];
    merged[key] =
      key === 'decoder' && typeof before === 'object' && before !== null ? { ...(before as object), ...(value as object) } : value;
  }
  return `${JSON.stringify(merged, null, 2)}\n`;
}

/** The fields whose value `profileFileText` would change in `existing` (for the question before overwriting). */
export function changedProfileFields(existing: string, fields: Record<string, unknown>): string[] {
  const before = JSON.parse(existing) as Record<string, unknown>;
  const changed: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === 'decoder' && typeof value === 'object' && value !== null) {
      const old = (before.decoder ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(value)) if (old[k] !== v) changed.push(`decoder.${k}`);
    } else if (JSON.stringify(before[key]) !== JSON.stringify(value)) changed.push(key);
  }
  return changed;
}
