const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** What `v.toPrecision(8)` gives, as a number, then printed: the reference the fast path must equal. */
function viaToPrecision(v: number): string {
  return String(Number(v.toPrecision(8)));
}

/** The digits and decimal point float8Parts found: the value is 0.`digits` x 10^`point`. */
let partDigits = 0;
let partPoint = 0;

/**
 * The 8 significant digits of |v| (finite, not 0) without trailing zeros into partDigits, and the
 * decimal point into partPoint; false where toPrecision itself must say. The 8 digits are |v| x 10^k
 * rounded half up, as toPrecision does: 10^k is exact in a double for k <= 22, so the product is off by
 * under 1e-8 and rounds the same unless it is within 1e-4 of a half, which takes toPrecision itself, as
 * do values outside [1e-15, 1e8). The shortest text of the double nearest those digits is the digits
 * themselves without trailing zeros: another decimal of 8 digits or fewer is at least 1e-8 away.
 */
function float8Parts(a: number): boolean {
  let e10 = Math.floor(Math.log10(a));
  let k = 7 - e10;
  if (k < 0 || k > 22) return false;
  let x = a * POW10[k];
  // log10 can be one off near a power of ten.
  if (x < 1e7) {
    if (++k > 22) return false;
    e10--;
    x = a * POW10[k];
  } else if (x >= 1e8) {
    if (--k < 0) return false;
    e10++;
    x = a * POW10[k];
  }
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.4999 && fraction < 0.5001) return false;
  let n = fraction >= 0.5 ? floor + 1 : floor;
  if (n === 1e8) {
    n = 1e7;
    e10++;
  }
  while (n % 10 === 0) n /= 10;
  partDigits = n;
  partPoint = e10 + 1;
  return true;
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
 * (half a million values in a 5-minute session's jsonl).
 */
export function float8Text(v: number): string {
  if (v === 0) return '0';
  if (!Number.isFinite(v)) return String(v);
  if (!float8Parts(v < 0 ? -v : v)) return viaToPrecision(v);
  const text = numberText(String(partDigits), partPoint);
  return v < 0 ? `-${text}` : text;
}

const ZERO = 48;
const digitBytes = new Uint8Array(8);

/** Writes an ASCII string's bytes at `pos`; returns the position after them. */
function writeAscii(text: string, out: Uint8Array, pos: number): number {
  for (let i = 0; i < text.length; i++) out[pos++] = text.charCodeAt(i);
  return pos;
}

/** Bytes float8Bytes writes at most for one value ("-1.1754944e-38" is 14). */
export const FLOAT8_MAX_BYTES = 24;

/**
 * float8Text(v)'s ASCII bytes written into `out` at `pos` (which has FLOAT8_MAX_BYTES of room); returns
 * the position after them. analyze's jsonl writes its half a million values so, without a string each.
 */
export function writeFloat8(v: number, out: Uint8Array, pos: number): number {
  if (v === 0) {
    out[pos] = ZERO;
    return pos + 1;
  }
  if (!Number.isFinite(v) || !float8Parts(v < 0 ? -v : v)) return writeAscii(float8Text(v), out, pos);
  let n = partDigits | 0;
  const point = partPoint;
  let k = 0;
  while (n > 0) {
    const q = (n / 10) | 0;
    digitBytes[k++] = ZERO + n - q * 10;
    n = q;
  }
  // digitBytes holds the k digits last first.
  if (v < 0) out[pos++] = 45; // '-'
  if (k <= point && point <= 21) {
    for (let i = k - 1; i >= 0; i--) out[pos++] = digitBytes[i];
    for (let i = k; i < point; i++) out[pos++] = ZERO;
  } else if (point > 0 && point <= 21) {
    for (let i = k - 1; i >= 0; i--) {
      out[pos++] = digitBytes[i];
      if (i === k - point) out[pos++] = 46; // '.'
    }
  } else if (point > -6 && point <= 0) {
    out[pos++] = ZERO;
    out[pos++] = 46;
    for (let i = 0; i < -point; i++) out[pos++] = ZERO;
    for (let i = k - 1; i >= 0; i--) out[pos++] = digitBytes[i];
  } else {
    out[pos++] = digitBytes[k - 1];
    if (k > 1) {
      out[pos++] = 46;
      for (let i = k - 2; i >= 0; i--) out[pos++] = digitBytes[i];
    }
    const e = point - 1;
    out[pos++] = 101; // 'e'
    out[pos++] = e < 0 ? 45 : 43;
    pos = writeAscii(String(Math.abs(e)), out, pos);
  }
  return pos;
}
