import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProblem, readSession } from '../../../src/core/session';
import { tempDir, writeTemp } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const dir = tempDir();
const HEADER = '{"type":"header","format":"landmark-session","version":1,"fps":30}';
const points = (n = 21, coords = '0.5,0.25,-0.01') => `[${Array.from({ length: n }, () => `[${coords}]`).join(',')}]`;
const frame = (t: number) => `{"type":"frame","t":${t},"hands":[{"landmarks":${points()}}]}`;

/**
 * Lines 1-4 are a header and three good frames (t 0, 33, 66); `bad` is line 5, then one more good
 * frame follows unless the bad line ends the file.
 */
async function problemsOf(bad: string, opts: { last?: boolean; noNewline?: boolean } = {}) {
  const lines = [HEADER, frame(0), frame(33), frame(66), bad];
  if (!opts.last) lines.push(frame(200));
  const path = writeTemp(dir, lines.join('\n') + (opts.noNewline ? '' : '\n'));
  const session = await readSession(path);
  assert.equal(sessionFrames(session).length, 3, 'the frames before the bad line are kept, none after');
  assert.ok(session.problems.length >= 1, 'the bad line is reported');
  const p = session.problems[0];
  assert.equal(p.line, 5, `the problem names line 5: ${formatProblem(p)}`);
  assert.equal(p.file, path);
  return { problem: p, text: formatProblem(p), path };
}

const cases: { name: string; bad: string; field?: string; message: RegExp; last?: boolean; noNewline?: boolean }[] = [
  { name: 'truncated JSON at the end of the file', bad: frame(99).slice(0, 60), message: /truncated JSON: the file ends in the middle of this line/, last: true, noNewline: true },
  { name: 'truncated JSON inside the file', bad: frame(99).slice(0, 60), message: /truncated JSON|invalid JSON/ },
  { name: 'not JSON at all', bad: 'hello there', message: /invalid JSON/ },
  { name: 'too few points', bad: `{"type":"frame","t":99,"hands":[{"landmarks":${points(20)}}]}`, field: 'hands[0].landmarks', message: /expected 21 points \[x, y, z\], found 20/ },
  { name: 'too many points (short form)', bad: `{"t":99,"landmarks":${points(22)}}`, field: 'landmarks', message: /expected 21 points \[x, y, z\], found 22/ },
  { name: 'a point with two coordinates', bad: `{"t":99,"landmarks":${points(21, '0.5,0.5')}}`, field: 'landmarks[0]', message: /expected 3 coordinates \[x, y, z\], found 2/ },
  { name: 'a non-numeric coordinate', bad: `{"t":99,"landmarks":${points(21, '0.5,"0.5",0')}}`, field: 'landmarks[0][1]', message: /expected a number, found "0.5"/ },
  { name: 'a null coordinate', bad: `{"t":99,"landmarks":${points(21, '0.5,0.5,null')}}`, field: 'landmarks[0][2]', message: /expected a number, found null/ },
  { name: 'NaN spelled in', bad: `{"type":"frame","t":99,"hands":[{"landmarks":${points(21, '0.5,NaN,0')}}]}`, field: 'hands[0].landmarks[0][1]', message: /found NaN \(not valid JSON; write a finite number\)/ },
  { name: 'Infinity spelled in', bad: `{"t":99,"landmarks":${points(21, '-Infinity,0.5,0')}}`, field: 'landmarks[0][0]', message: /found -Infinity/ },
  { name: 'NaN as the time', bad: `{"t":NaN,"landmarks":null}`, field: 't', message: /expected a time in milliseconds, found NaN/ },
  { name: 'missing time', bad: `{"type":"frame","hands":[]}`, field: 't', message: /missing; expected a time in milliseconds/ },
  { name: 'hands not an array', bad: `{"type":"frame","t":99,"hands":{}}`, field: 'hands', message: /expected an array of hands/ },
  { name: 'bad handedness', bad: `{"type":"frame","t":99,"hands":[{"handedness":"left","landmarks":${points()}}]}`, field: 'hands[0].handedness', message: /expected "Left" or "Right", found "left"/ },
  { name: 'unknown line type', bad: `{"type":"frames","t":99}`, field: 'type', message: /unknown line type "frames"; expected one of header, frame, target, label, reply/ },
  { name: 'no type and no landmarks', bad: `{"t":99,"points":[]}`, field: 'type', message: /missing/ },
  { name: 'an array instead of an object', bad: `[1,2,3]`, message: /expected a JSON object, found an array of 3/ },
  { name: 'time going backwards', bad: frame(10), field: 't', message: /time goes backwards: 10 ms is before 66 ms on line 4/ },
  { name: 'a target going back in time', bad: `{"type":"target","t":5,"letter":"C"}`, field: 't', message: /time goes backwards/ },
  { name: 'a target without a letter', bad: `{"type":"target","t":99}`, field: 'letter', message: /missing; expected the target letter, or null/ },
  { name: 'a label ending before it starts', bad: `{"type":"label","t0":50,"t1":10,"text":"A"}`, field: 't1', message: /expected an end time >= t0 \(50\), found 10/ },
  { name: 'a second header', bad: HEADER, field: 'type', message: /only allowed as the first line/ },
  { name: 'a reply without its object', bad: `{"type":"reply","t":99,"reply":"B"}`, field: 'reply', message: /expected the reply object/ },
];

for (const c of cases) {
  test(`malformed: ${c.name} is reported on its line`, async () => {
    const { problem, text, path } = await problemsOf(c.bad, c);
    assert.match(problem.message, c.message, text);
    if (c.field) assert.equal(problem.field, c.field, text);
    assert.ok(text.startsWith(`${path}:5: `), text);
    assert.equal(text.includes('\n'), false);
  });
}

test('a header with the wrong format or version is a problem on line 1', async () => {
  for (const [header, field, message] of [
    ['{"type":"header","format":"other","version":1}', 'format', /expected "landmark-session", found "other"/],
    ['{"type":"header","format":"landmark-session","version":2}', 'version', /expected 1 .*found 2/],
    ['{"type":"header","format":"landmark-session","version":1,"fps":0}', 'fps', /positive/],
  ] as const) {
    const session = await readSession(writeTemp(dir, `${header}\n${frame(0)}\n`));
    assert.equal(sessionFrames(session).length, 0);
    assert.equal(session.problems[0].line, 1);
    assert.equal(session.problems[0].field, field);
    assert.match(session.problems[0].message, message);
  }
});

test('invalid UTF-8 after the first KB is a problem on its line, not a whole-file error', async () => {
  const good = [HEADER, ...Array.from({ length: 20 }, (_, i) => frame(i * 33))].join('\n') + '\n';
  const bytes = Buffer.concat([Buffer.from(good), Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]), Buffer.from(frame(999) + '\n')]);
  const session = await readSession(writeTemp(dir, bytes));
  assert.equal(sessionFrames(session).length, 20);
  assert.equal(session.problems.length, 1);
  assert.equal(session.problems[0].line, 22);
  assert.match(session.problems[0].message, /not valid UTF-8/);
});

test('every problem is reported, up to the cap, with a note when reading stopped', async () => {
  const lines = [HEADER, frame(0)];
  for (let i = 0; i < 10; i++) lines.push('{"type":"frame","t":5}');
  const session = await readSession(writeTemp(dir, lines.join('\n') + '\n'), { maxProblems: 4 });
  assert.equal(sessionFrames(session).length, 1);
  assert.deepEqual(session.problems.map((p) => p.line), [3, 4, 5, 6]);
  assert.ok(session.notes?.some((n) => /stopped checking after 4 problems/.test(n.message)));
});

test('a line longer than the limit is reported without being held in memory', async () => {
  const long = `{"type":"label","t0":0,"t1":1,"text":"${'x'.repeat(5000)}"}`;
  const session = await readSession(writeTemp(dir, [HEADER, frame(0), long, frame(40)].join('\n') + '\n'), { maxLineBytes: 1000, chunkBytes: 256 });
  assert.equal(session.problems.length, 1);
  assert.equal(session.problems[0].line, 3);
  assert.match(session.problems[0].message, /longer than 1000 bytes/);
});

test('CRLF line endings, a BOM and blank lines are accepted', async () => {
  const text = '\ufeff' + [HEADER, frame(0), '', frame(33)].join('\r\n') + '\r\n';
  const session = await readSession(writeTemp(dir, text));
  assert.deepEqual(session.problems, []);
  assert.equal(session.header.fps, 30);
  assert.deepEqual(sessionFrames(session).map((f) => f.line), [2, 4]);
});
