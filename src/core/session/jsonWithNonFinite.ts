/**
 * JSON.parse rejects NaN and Infinity, which Python's json module writes by default. To say which
 * field holds one, the literal tokens outside strings are swapped for marker strings and the line is
 * parsed again; `nonFiniteToken` turns a marker back into the token for the error message.
 */
const MARKER = '\u0000nonfinite:';
const TOKENS = ['-Infinity', 'Infinity', 'NaN'];

export type JsonParseResult = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJsonLine(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const marked = markNonFiniteTokens(text);
    if (marked !== undefined) {
      try {
        return { ok: true, value: JSON.parse(marked) };
      } catch {
        // Still not JSON: report the original error.
      }
    }
    return { ok: false, message: err instanceof Error ? err.message.split('\n')[0] : String(err) };
  }
}

/** The token a marker stands for, or undefined when `value` is not a marker. */
export function nonFiniteToken(value: unknown): string | undefined {
  return typeof value === 'string' && value.startsWith(MARKER) ? value.slice(MARKER.length) : undefined;
}

function markNonFiniteTokens(text: string): string | undefined {
  let out = '';
  let changed = false;
  let inString = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        out += text.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      out += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i++;
      continue;
    }
    const token = TOKENS.find((t) => text.startsWith(t, i));
    if (token && !/[A-Za-z0-9_]/.test(text[i + token.length] ?? '')) {
      out += JSON.stringify(MARKER + token);
      i += token.length;
      changed = true;
      continue;
    }
    out += ch;
    i++;
  }
  return changed ? out : undefined;
}
