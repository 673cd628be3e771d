const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** What `v.toPrecision(8)` gives, as a number, then printed: the reference the fast path must equal. */
function viaToPrecision(v: number): string {
  return String(Number(v.toPrecision(8)));
}

/** Number::toString of 0.`digits` x 10^`point` (digits without trailing zeros, the first not zero). */
function numberText(digits: string, point: number): string {
  const k = digits.length;
  if (k <= point && point <= 21) return digits + '0'.repeat(point - k);
  if (point > 0 && point <= 21) return `${digits.slice(0, point)}.${digits.slice(point)}`;
  if (point > -6 && point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  const e = point - 1;
  return `${digits[0]}${k > 1 ? `.${digits.slice(1)}` : ''}${e < 0 ? 'e-' : 'e+'}${Math.abs(e)}`;
}

/**
 * `String(Number(v.toPrecision(8)))`, the text analyze prints for a float32 value, at a third of its cost
 * (half a million values in a 5-minute session's jsonl). The 8 significant digits are v x 10^k rounded
 * half up, as toPrecision does: 10^k is exact in a double for k <= 22, so the product is off by under
 * 1e-8 and rounds the same unless it is within 1e-4 of a half, which takes toPrecision itself, as do
 * values outside [1e-15, 1e8). The shortest text of the double nearest those digits is the digits
 * themselves without trailing zeros: another decimal of 8 digits or fewer is at least 1e-8 away.
 */
export function float8Text(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  const a = v < 0 ? -v : v;
  let e10 = Math.floor(Math.log10(a));
  let k = 7 - e10;
  if (k < 0 || k > 22) return viaToPrecision(v);
  let x = a * POW10[k];
  // log10 can be one off near a power of ten.
  if (x < 1e7) {
    if (++k > 22) return viaToPrecision(v);
    e10--;
    x = a * POW10[k];
  } else if (x >= 1e8) {
    if (--k < 0) return viaToPrecision(v);
    e10++;
    x = a * POW10[k];
  }
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.4999 && fraction < 0.5001) return viaToPrecision(v);
  let n = fraction >= 0.5 ? floor + 1 : floor;
  if (n === 1e8) {
    n = 1e7;
    e10++;
  }
  while (n % 10 === 0) n /= 10;
  const text = numberText(String(n), e10 + 1);
  return v < 0 ? `-${text}` : text;
}
