/** Levenshtein distance between two strings, by Unicode characters (insertions, deletions, substitutions cost 1). */
export function editDistance(a: string, b: string): number {
  const x = codePoints(a);
  const y = codePoints(b);
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  // Two rows of the table in typed arrays: an hour's transcript against its reference is ~10^6 cells.
  let previous = new Int32Array(y.length + 1);
  let current = new Int32Array(y.length + 1);
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    current[0] = i;
    const xi = x[i - 1];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1] + (xi === y[j - 1] ? 0 : 1);
      const deletion = previous[j] + 1;
      const insertion = current[j - 1] + 1;
      current[j] = substitution < deletion ? (substitution < insertion ? substitution : insertion) : deletion < insertion ? deletion : insertion;
    }
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[y.length];
}

function codePoints(text: string): Int32Array {
  const points = new Int32Array(text.length);
  let n = 0;
  for (const character of text) points[n++] = character.codePointAt(0)!;
  return points.subarray(0, n);
}
