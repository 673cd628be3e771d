import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameLineScanner } from '../../../src/core/session/frameLineScanner';
import { checkSessionLine, type CheckedLine } from '../../../src/core/session/sessionLineChecks';
import { parseJsonLine } from '../../../src/core/session/jsonWithNonFinite';
import { handednessCode } from '../../../src/core/session/frameColumns';
import { readSession, serializeSession } from '../../../src/core/session';
import { longSession } from '../../../bench/longSession';
import { sharedData } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const scanner = new FrameLineScanner();
const encoder = new TextEncoder();

/** What the general path (JSON.parse and the line checks) makes of a line. */
function general(line: string): CheckedLine | 'not JSON' {
  const parsed = parseJsonLine(line);
  return parsed.ok ? checkSessionLine(parsed.value) : 'not JSON';
}

/**
 * The scanner's contract for one line: it declines, or it gives exactly the general path's frame
 * (every number the same double, -0 included). Returns whether it read the line.
 */
function scanAgreeing(line: string): boolean {
  const bytes = encoder.encode(`garbage before\n${line}\nafter`);
  const start = encoder.encode('garbage before\n').length;
  const read = scanner.scan(bytes, start, start + encoder.encode(line).length);
  if (!read) return false;
  const expected = general(line);
  assert.ok(expected !== 'not JSON' && expected.kind === 'frame', `the scanner read a line the general path calls ${JSON.stringify(expected)}: ${line}`);
  assert.ok(Object.is(scanner.t, expected.t), `t ${scanner.t} vs ${expected.t}: ${line}`);
  assert.equal(scanner.handCount, expected.hands.length, line);
  expected.hands.forEach((hand, h) => {
    assert.equal(scanner.handedness[h], handednessCode(hand.handedness), `hand ${h} handedness: ${line}`);
    assert.ok(Object.is(scanner.scores[h], hand.score ?? NaN), `hand ${h} score ${scanner.scores[h]} vs ${hand.score}: ${line}`);
    for (let k = 0; k < 63; k++) {
      const got = scanner.landmarks[h * 63 + k];
      assert.ok(Object.is(got, hand.landmarks[k]), `hand ${h} value ${k}: ${got} vs ${hand.landmarks[k]} in ${line}`);
    }
  });
  return true;
}

const points = (f: (p: number, c: number) => string) =>
  `[${Array.from({ length: 21 }, (_, p) => `[${[0, 1, 2].map((c) => f(p, c)).join(',')}]`).join(',')}]`;
const plainPoints = points((p, c) => String(((p * 3 + c) * 0.0137) % 1));

test('every frame line of a synthesized session is read, and read as the general path reads it', () => {
  const lines = serializeSession(longSession(1200, 3));
  let frames = 0;
  for (const line of lines) {
    const read = scanAgreeing(line);
    const kind = general(line);
    if (kind !== 'not JSON' && kind.kind === 'frame') {
      assert.ok(read, `a frame line was declined: ${line.slice(0, 120)}`);
      frames++;
    } else {
      assert.equal(read, false, `a ${kind === 'not JSON' ? kind : kind.kind} line was read as a frame`);
    }
  }
  assert.ok(frames >= 1200, `${frames} frames`);
});

test('real MediaPipe landmarks, written with every digit of their doubles, are read exactly', async () => {
  let read = 0;
  for (const name of ['mediapipe.pose', 'mediapipe_long.pose', 'mediapipe_hand_normalized.pose']) {
    const session = await readSession(sharedData('real', 'pose', name));
    for (const frame of sessionFrames(session)) {
      // JSON.stringify writes the shortest text that round-trips: often 17 significant digits, past the fast route.
      const hands = frame.hands.map((h) => ({ handedness: h.handedness, score: h.score, landmarks: Array.from({ length: 21 }, (_, p) => Array.from(h.landmarks.subarray(p * 3, p * 3 + 3))) }));
      const line = JSON.stringify({ type: 'frame', t: frame.t, hands });
      assert.ok(scanAgreeing(line), `declined: ${line.slice(0, 120)}`);
      read++;
    }
  }
  assert.ok(read > 600, `${read} frames`);
});

test("other writers' spacing and key orders are read the same", () => {
  const hand = `{"landmarks":${plainPoints},"score":0.5,"handedness":"Left"}`;
  const variants = [
    `{"type":"frame","t":12.5,"hands":[${hand}]}`,
    `{"t":12.5,"hands":[${hand}],"type":"frame"}`,
    `{"hands":[${hand},${hand.replace('Left', 'Right')}],"t":12.5,"type":"frame"}`,
    // Python's json.dumps: ", " and ": ".
    JSON.stringify(JSON.parse(`{"type":"frame","t":12.5,"hands":[${hand}]}`), null, 1).replace(/\n/g, ' '),
    `{"type": "frame", "t": 1e3, "hands": [{"landmarks": ${plainPoints.replace(/,/g, ', ')}}]}`,
    `\t{ "type" :"frame" ,"t":0,"hands":[ ] }\r`,
    `{"type":"frame","t":-0,"hands":[]}`,
  ];
  for (const line of variants) assert.ok(scanAgreeing(line), `declined: ${line.slice(0, 100)}`);
});

test('numbers: every JSON spelling gives the double JSON.parse gives, or the line is declined', () => {
  const spellings = [
    '0', '-0', '-0.0', '0.0', '1', '-1', '0.1', '0.30000000000000004', '1e5', '1E5', '1e+5', '1E-5', '1.5e-7', '-2.5E+3',
    '123456789012345678901234567890', '0.1234567890123456789', '9007199254740993', '9007199254740992', '9007199254740991',
    '4.9e-324', '5e-324', '2.2250738585072014e-308', '1.7976931348623157e308', '1e22', '1e23', '1e-22', '1e-23',
    '0.000000000000000000000000001', '100000000000000000000000', '3.0000000000000000000000000001', '0e400', '1e-400',
    '12345678.87654321', '0.5e1', '7e0', '7.0e-0',
  ];
  let state = 7;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  for (let k = 0; k < 3000; k++) {
    // Random decimal text: 1-20 digits, a point somewhere or not, an exponent or not.
    const digits = Array.from({ length: 1 + Math.floor(random() * 20) }, () => Math.floor(random() * 10)).join('').replace(/^0+(?=\d)/, '');
    const point = Math.floor(random() * (digits.length + 1));
    let text = point > 0 && point < digits.length ? `${digits.slice(0, point)}.${digits.slice(point)}` : digits;
    if (random() < 0.4) text += `e${random() < 0.5 ? '-' : ''}${Math.floor(random() * 40)}`;
    spellings.push(random() < 0.3 ? `-${text}` : text);
    // And doubles as JSON writes them.
    spellings.push(JSON.stringify((random() - 0.5) * 10 ** Math.floor(random() * 40 - 20)));
  }
  let read = 0;
  for (const spelling of spellings) {
    const line = `{"type":"frame","t":${spelling},"hands":[{"score":${spelling},"landmarks":${points(() => spelling)}}]}`;
    const value = JSON.parse(spelling) as number;
    if (Number.isFinite(value)) {
      assert.ok(scanAgreeing(line), `declined the finite number ${spelling}`);
      read++;
    } else {
      assert.equal(scanAgreeing(line), false, `read ${spelling}, which is not finite`);
    }
  }
  assert.ok(read > 6000);
});

test('lines the general path reads differently, or reports, are declined', () => {
  const frame = (hands: string, extra = '') => `{"type":"frame","t":1${extra},"hands":[${hands}]}`;
  const hand = (body: string) => `{${body}}`;
  const lines = [
    '{"type":"header","format":"landmark-session","version":1,"fps":30}',
    '{"type":"target","t":1,"letter":"B"}',
    '{"type":"label","t0":1,"t1":2,"text":"H"}',
    '{"type":"reply","t":1,"reply":{"maxarg_letter":"A","target_arg_prob":0}}',
    `{"t":1,"landmarks":${plainPoints}}`,
    '{"t":1,"landmarks":null}',
    frame('', ',"image":"x.jpg"'),
    frame('', ',"t":2'),
    frame(hand(`"landmarks":${plainPoints},"world":1`)),
    frame(hand(`"landmarks":${plainPoints},"landmarks":${plainPoints}`)),
    frame(hand(`"handedness":"left","landmarks":${plainPoints}`)),
    frame(hand(`"handedness":"Right ","landmarks":${plainPoints}`)),
    frame(hand(`"score":null,"landmarks":${plainPoints}`)),
    frame(hand(`"score":NaN,"landmarks":${plainPoints}`)),
    frame(hand(`"score":0.9`)),
    frame(hand(`"landmarks":${plainPoints.replace('[[', '[')}`)),
    frame(hand(`"landmarks":${plainPoints.replace(']]', '],[0,0,0]]')}`)),
    frame(hand(`"landmarks":${plainPoints.replace(']', ',0]')}`)),
    frame(hand(`"landmarks":${plainPoints.replace('0,', '01,')}`)),
    frame(hand(`"landmarks":${plainPoints.replace('0,', '.5,')}`)),
    frame(hand(`"landmarks":${plainPoints.replace('0,', '1.,')}`)),
    frame(hand(`"landmarks":${plainPoints.replace('0,', '+1,')}`)),
    frame(hand(`"landmarks":${plainPoints.replace('0,', '"0",')}`)),
    frame(hand(`"landmarks":${plainPoints.replace('0,', 'Infinity,')}`)),
    frame(hand(`"landmarks":${plainPoints.replace('0,', '1e999,')}`)),
    frame(hand(`"landmarks":${plainPoints}`) + ','),
    '{"\\u0074ype":"frame","t":1,"hands":[]}',
    '{"type":"fram\\u0065","t":1,"hands":[]}',
    '{"type":"frame","t":1,"hands":[],"note":"é"}',
    '{"type":"frame","t":1,"hands":[]}x',
    '{"type":"frame","t":1,"hands":[]',
    '{"type":"frame","t":"1","hands":[]}',
    '{"type":"frame","hands":[]}',
    '{"type":"frame","t":1}',
    '{"t":1,"hands":[]}',
    '["frame",1,[]]',
    '',
    '   ',
  ];
  for (const line of lines) assert.equal(scanAgreeing(line), false, `read: ${line.slice(0, 100)}`);
});

test('damaged frame lines: whatever one mutation makes of a line, the scanner agrees with JSON.parse and the checks, or declines', () => {
  const base = JSON.stringify({ type: 'frame', t: 1033.333, hands: [{ handedness: 'Right', score: 0.97, landmarks: Array.from({ length: 21 }, (_, p) => [p / 21, 1 - p / 40, -p / 1000]) }] });
  const alphabet = ['{', '}', '[', ']', ',', ':', '"', '-', '.', 'e', 'E', '+', '0', '7', ' ', '\\', 'x', 'é'];
  let state = 11;
  const random = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return Math.floor((state / 2 ** 32) * n);
  };
  let read = 0;
  let declined = 0;
  for (let k = 0; k < 6000; k++) {
    const at = random(base.length);
    const piece = alphabet[random(alphabet.length)];
    const line = [
      () => base.slice(0, at) + base.slice(at + 1),
      () => base.slice(0, at) + piece + base.slice(at),
      () => base.slice(0, at) + piece + base.slice(at + 1),
    ][random(3)]();
    if (scanAgreeing(line)) read++;
    else declined++;
  }
  // Most single mutations break the line; many (a digit for a digit, a space) leave a frame to read.
  assert.ok(read > 500 && declined > 500, `${read} read, ${declined} declined`);
});
