import { COORDS_PER_POINT, POINT_COUNT, VALUES_PER_FRAME } from '../hand/topology';
import { handednessCode } from './frameColumns';

// Bytes of the JSON text the scanner knows.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/** Powers of ten a double holds exactly: 10^0 .. 10^22. */
const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);
/** A mantissa stays exact while it is at most 2^53; one more digit may pass it above this. */
const MANTISSA_LIMIT = (2 ** 53 - 9) / 10;

/** Marks a scan that gave up: the line is left to JSON.parse and the line checks. */
const DECLINED = NaN;

const enum Key {
  Unknown,
  Type,
  T,
  Hands,
  Handedness,
  Score,
  Landmarks,
}

const KEYS: ReadonlyArray<[Key, Uint8Array]> = (
  [
    [Key.Type, 'type'],
    [Key.T, 't'],
    [Key.Hands, 'hands'],
    [Key.Handedness, 'handedness'],
    [Key.Score, 'score'],
    [Key.Landmarks, 'landmarks'],
  ] as const
).map(([key, name]) => [key, new TextEncoder().encode(name)]);

const FRAME = new TextEncoder().encode('frame');
const LEFT = new TextEncoder().encode('Left');
const RIGHT = new TextEncoder().encode('Right');

/**
 * Reads the common frame line of a `*.landmarks.jsonl` file straight from its UTF-8 bytes, without
 * building a string or a JSON value: `{"type":"frame","t":..,"hands":[{"handedness":..,"score":..,
 * "landmarks":[[x,y,z] x 21]}, ...]}`, keys in any order, JSON whitespace anywhere between tokens.
 *
 * It either gives exactly what `JSON.parse` and `checkSessionLine` give for the line (numbers are
 * converted with correct rounding, as JSON.parse does), or declines: any other line type, another key,
 * a key twice, an escape or a non-ASCII byte, a number it cannot convert exactly by the fast route is
 * converted by Number() instead, and anything the line checks would report (a missing field, a wrong
 * count, a non-finite number) is declined, so the general path reads it and says what is wrong.
 * Frame lines are nearly all of a long session, and building a JSON value and the checks' objects for each
 * was most of its parse.
 */
export class FrameLineScanner {
  /** The frame's time, once scan() returned true. */
  t = 0;
  /** The frame's hands, once scan() returned true. */
  handCount = 0;
  /** 63 values per hand, hands in line order (grown as needed). */
  landmarks = new Float64Array(VALUES_PER_FRAME * 2);
  /** One handednessCode per hand. */
  handedness = new Uint8Array(2);
  /** One per hand; NaN when the hand has no score. */
  scores = new Float64Array(2);

  private bytes: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private end = 0;

  /** Whether bytes[start, end) is a frame line this scanner reads; if so its values are in the fields. */
  scan(bytes: Uint8Array, start: number, end: number): boolean {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.handCount = 0;
    const ok = this.frame();
    this.bytes = EMPTY;
    return ok;
  }

  private frame(): boolean {
    this.skipSpace();
    if (!this.take(OPEN_BRACE)) return false;
    let seen = 0;
    let t = DECLINED;
    do {
      const key = this.key();
      if (key === Key.Unknown || seen & (1 << key)) return false;
      seen |= 1 << key;
      switch (key) {
        case Key.Type:
          if (!this.stringEquals(FRAME)) return false;
          break;
        case Key.T:
          t = this.number();
          if (!Number.isFinite(t)) return false;
          break;
        case Key.Hands:
          if (!this.hands()) return false;
          break;
        default:
          return false;
      }
    } while (this.comma());
    if (!this.take(CLOSE_BRACE)) return false;
    this.skipSpace();
    if (this.pos !== this.end) return false;
    // Type, time and hands, all three: anything short of that is the line checks' to report.
    if (seen !== ((1 << Key.Type) | (1 << Key.T) | (1 << Key.Hands))) return false;
    this.t = t;
    return true;
  }

  private hands(): boolean {
    if (!this.take(OPEN_BRACKET)) return false;
    this.skipSpace();
    if (this.peek() === CLOSE_BRACKET) {
      this.pos++;
      return true;
    }
    do {
      if (!this.hand()) return false;
    } while (this.comma());
    return this.take(CLOSE_BRACKET);
  }

  private hand(): boolean {
    const h = this.handCount;
    this.ensureHands(h + 1);
    if (!this.take(OPEN_BRACE)) return false;
    let seen = 0;
    let handedness = 0;
    let score = NaN;
    do {
      const key = this.key();
      if (key === Key.Unknown || seen & (1 << key)) return false;
      seen |= 1 << key;
      switch (key) {
        case Key.Handedness:
          if (this.stringEquals(LEFT)) handedness = handednessCode('Left');
          else if (this.stringEquals(RIGHT)) handedness = handednessCode('Right');
          else return false;
          break;
        case Key.Score:
          score = this.number();
          if (!Number.isFinite(score)) return false;
          break;
        case Key.Landmarks:
          if (!this.points(h * VALUES_PER_FRAME)) return false;
          break;
        default:
          return false;
      }
    } while (this.comma());
    if (!this.take(CLOSE_BRACE) || !(seen & (1 << Key.Landmarks))) return false;
    this.handedness[h] = handedness;
    this.scores[h] = score;
    this.handCount = h + 1;
    return true;
  }

  /** 21 points of 3 finite numbers into landmarks[at..at+63). */
  private points(at: number): boolean {
    const out = this.landmarks;
    if (!this.take(OPEN_BRACKET)) return false;
    for (let p = 0; p < POINT_COUNT; p++) {
      if (p > 0 && !this.take(COMMA)) return false;
      if (!this.take(OPEN_BRACKET)) return false;
      for (let c = 0; c < COORDS_PER_POINT; c++) {
        if (c > 0 && !this.take(COMMA)) return false;
        const v = this.number();
        if (!Number.isFinite(v)) return false;
        out[at++] = v;
      }
      if (!this.take(CLOSE_BRACKET)) return false;
    }
    return this.take(CLOSE_BRACKET);
  }

  /** A member's key and its colon. */
  private key(): Key {
    this.skipSpace();
    const b = this.bytes;
    if (b[this.pos] !== QUOTE) return Key.Unknown;
    const start = this.pos + 1;
    let i = start;
    while (i < this.end && b[i] !== QUOTE) {
      if (b[i] === BACKSLASH || b[i] >= 0x80) return Key.Unknown;
      i++;
    }
    if (i >= this.end) return Key.Unknown;
    this.pos = i + 1;
    if (!this.take(COLON)) return Key.Unknown;
    const length = i - start;
    for (const [key, name] of KEYS) {
      if (name.length !== length) continue;
      let k = 0;
      while (k < length && b[start + k] === name[k]) k++;
      if (k === length) return key;
    }
    return Key.Unknown;
  }

  /** Whether the next token is the string `"<text>"` (consumed only when it is). */
  private stringEquals(text: Uint8Array): boolean {
    this.skipSpace();
    const b = this.bytes;
    const at = this.pos;
    if (b[at] !== QUOTE || at + text.length + 1 >= this.end || b[at + text.length + 1] !== QUOTE) return false;
    for (let k = 0; k < text.length; k++) if (b[at + 1 + k] !== text[k]) return false;
    this.pos = at + text.length + 2;
    return true;
  }

  /**
   * A JSON number, correctly rounded; DECLINED (NaN) when the next token is not one. Digits are gathered
   * into an integer mantissa; while it is at most 2^53 and the decimal exponent within +-22, one
   * multiplication or division of two exact doubles gives the correctly rounded value (Clinger's fast
   * path). Any other number goes through Number(), which rounds correctly too.
   */
  private number(): number {
    this.skipSpace();
    const b = this.bytes;
    const end = this.end;
    const start = this.pos;
    let i = start;
    let c = i < end ? b[i] : -1;
    const negative = c === MINUS;
    if (negative) c = ++i < end ? b[i] : -1;
    let mantissa = 0;
    let exact = true;
    let exponent = 0;
    if (c === ZERO) {
      c = ++i < end ? b[i] : -1;
      if (c >= ZERO && c <= NINE) return DECLINED; // a leading zero: not JSON
    } else if (c > ZERO && c <= NINE) {
      do {
        if (mantissa <= MANTISSA_LIMIT) mantissa = mantissa * 10 + (c - ZERO);
        else exact = false;
        c = ++i < end ? b[i] : -1;
      } while (c >= ZERO && c <= NINE);
    } else {
      return DECLINED;
    }
    if (c === DOT) {
      c = ++i < end ? b[i] : -1;
      if (!(c >= ZERO && c <= NINE)) return DECLINED;
      do {
        if (mantissa <= MANTISSA_LIMIT) {
          mantissa = mantissa * 10 + (c - ZERO);
          exponent--;
        } else exact = false;
        c = ++i < end ? b[i] : -1;
      } while (c >= ZERO && c <= NINE);
    }
    if (c === LOWER_E || c === UPPER_E) {
      c = ++i < end ? b[i] : -1;
      let sign = 1;
      if (c === MINUS || c === PLUS) {
        if (c === MINUS) sign = -1;
        c = ++i < end ? b[i] : -1;
      }
      if (!(c >= ZERO && c <= NINE)) return DECLINED;
      let written = 0;
      do {
        if (written < 100_000) written = written * 10 + (c - ZERO);
        c = ++i < end ? b[i] : -1;
      } while (c >= ZERO && c <= NINE);
      exponent += sign * written;
    }
    this.pos = i;
    let value: number;
    if (exact && exponent >= -22 && exponent <= 22) {
      value = exponent < 0 ? mantissa / EXACT_POWERS_OF_TEN[-exponent] : mantissa * EXACT_POWERS_OF_TEN[exponent];
    } else {
      // Digits past 2^53 or a large exponent: the text itself, which Number() rounds correctly.
      value = Number(String.fromCharCode.apply(null, b.subarray(negative ? start + 1 : start, i) as unknown as number[]));
    }
    return negative ? -value : value;
  }

  /** Consumes `byte` after optional whitespace; false when the next token is something else. */
  private take(byte: number): boolean {
    this.skipSpace();
    if (this.pos < this.end && this.bytes[this.pos] === byte) {
      this.pos++;
      return true;
    }
    return false;
  }

  /** Consumes a comma between members or elements; false at anything else. */
  private comma(): boolean {
    return this.take(COMMA);
  }

  private peek(): number {
    return this.pos < this.end ? this.bytes[this.pos] : -1;
  }

  /** JSON's whitespace: space, tab, line feed, carriage return. */
  private skipSpace(): void {
    const b = this.bytes;
    let i = this.pos;
    while (i < this.end) {
      const c = b[i];
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
      i++;
    }
    this.pos = i;
  }

  private ensureHands(n: number): void {
    if (n <= this.handedness.length) return;
    const grow = Math.max(n, this.handedness.length * 2);
    const landmarks = new Float64Array(grow * VALUES_PER_FRAME);
    landmarks.set(this.landmarks);
    this.landmarks = landmarks;
    const handedness = new Uint8Array(grow);
    handedness.set(this.handedness);
    this.handedness = handedness;
    const scores = new Float64Array(grow);
    scores.set(this.scores);
    this.scores = scores;
  }
}

const EMPTY = new Uint8Array(0);
