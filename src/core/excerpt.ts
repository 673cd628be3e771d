/** Characters an error line must not carry raw: controls, separators, bidi overrides, the replacement character. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffd]/g;

const UNPRINTABLE_ONE = new RegExp(UNPRINTABLE.source);

function escapeChar(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  if (SHORT_ESCAPES[c]) return SHORT_ESCAPES[c];
  // A lone surrogate (a cut pair) is as unprintable as a control character.
  if (c.length === 1 && (UNPRINTABLE_ONE.test(c) || (c >= '\ud800' && c <= '\udfff'))) return escapeChar(c);
  return c;
}

/**
 * Text from outside (a file's bytes, a client's message) as a short quoted excerpt for a one-line error:
 * at most `max` characters of it and twice that once escaped, every unprintable character escaped, `…`
 * and the full length when cut. A damaged file can hold kilobytes of binary where a name should be;
 * quoting it whole made errors of many lines and NULs.
 */
export function excerpt(text: string, max = 40): string {
  let out = '';
  let taken = 0;
  for (const c of text) {
    const piece = escapeOne(c);
    if (taken === max || out.length + piece.length > 2 * max) return `"${out}"… (${text.length} characters)`;
    out += piece;
    taken++;
  }
  return `"${out}"`;
}

/** Makes any message one printable line: newlines and other controls become escapes, nothing is cut. */
export function oneLine(text: string): string {
  return text.replace(UNPRINTABLE, escapeChar);
}
