import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseImporter, formatProblem, readSession, SessionError } from '../../../src/core/session';
import { fixture, tempDir, writeTemp } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';
import type { Session } from '../../../src/core/session/types';

const dir = tempDir();
const handsPerFrame = (s: Session) => sessionFrames(s).map((f) => f.hands.length);

test('CSV with x0..z20 columns, a time column in ms and a label column', async () => {
  const path = fixture('hand-x0.csv');
  assert.equal((await chooseImporter(path)).id, 'csv');
  const s = await readSession(path);
  assert.deepEqual(s.problems, []);
  assert.deepEqual(sessionFrames(s).map((f) => f.t), [0, 40, 80, 120, 160]);
  assert.deepEqual(handsPerFrame(s), [1, 1, 0, 1, 1]);
  assert.equal(sessionFrames(s)[0].hands[0].landmarks[3], 0.41);
  assert.equal(sessionFrames(s)[4].hands[0].landmarks[62], -0.06);
  assert.deepEqual(s.labels.map((l) => [l.text, l.t0, l.t1]), [['A', 0, 40], ['B', 120, 160]]);
});

test('tab-separated CSV with WRIST_x-style names, times in seconds, handedness and target columns', async () => {
  const s = await readSession(fixture('hand-named.tsv'));
  assert.deepEqual(s.problems, []);
  assert.deepEqual(sessionFrames(s).map((f) => f.t), [0, 50, 100, 150]);
  assert.equal(sessionFrames(s)[0].hands[0].handedness, 'Right');
  assert.equal(sessionFrames(s)[1].hands[0].landmarks[0], 0.402);
  assert.deepEqual(s.targets.map((t) => [t.letter, t.beforeFrame]), [['C', 0], ['D', 2]]);
  const left = await readSession(fixture('hand-named.tsv'), { hand: 'left' });
  assert.deepEqual(handsPerFrame(left), [0, 0, 0, 0]);
});

test('CSV without a time column uses the fps option, with a note', async () => {
  const header = Array.from({ length: 63 }, (_, k) => `${'xyz'[k % 3]}${Math.floor(k / 3)}`).join(',');
  const row = Array.from({ length: 63 }, () => '0.5').join(',');
  const s = await readSession(writeTemp(dir, `${header}\n${row}\n${row}\n${row}\n`, 'notime.csv'), { fps: 20 });
  assert.deepEqual(sessionFrames(s).map((f) => f.t), [0, 50, 100]);
  assert.equal(s.header.fps, 20);
  assert.ok(s.notes?.some((n) => /no time column; frames are 20 fps apart/.test(n.message)));
});

test('bad CSV rows name their line and column', async () => {
  const header = 't,' + Array.from({ length: 63 }, (_, k) => `${'xyz'[k % 3]}${Math.floor(k / 3)}`).join(',');
  const good = (t: number) => `${t},` + Array.from({ length: 63 }, () => '0.5').join(',');
  const cases: [string, string, string | undefined, RegExp][] = [
    ['a word', good(99).replace(/,0\.5/, ',abc'), 'x0', /expected a number, found "abc"/],
    ['NaN', good(99).replace(/,0\.5,0\.5/, ',0.5,NaN'), 'y0', /found NaN/],
    ['one empty', good(99).replace(/,0\.5$/, ','), 'z20', /missing coordinate/],
    ['short row', good(99).split(',').slice(0, 40).join(','), undefined, /expected 64 fields as in the header, found 40/],
    ['time backwards', good(5), 'time', /time goes backwards: 5 ms is before 40 ms/],
  ];
  for (const [name, bad, field, message] of cases) {
    const path = writeTemp(dir, [header, good(0), good(40), bad, good(200)].join('\n') + '\n', 'bad.csv');
    const s = await readSession(path);
    assert.equal(sessionFrames(s).length, 2, name);
    assert.equal(s.problems[0].line, 4, `${name}: ${formatProblem(s.problems[0])}`);
    assert.equal(s.problems[0].field, field, name);
    assert.match(s.problems[0].message, message, name);
  }
  await assert.rejects(readSession(writeTemp(dir, 't,x0,y0,z0\n1,2,3,4\n', 'few.csv')), (e: unknown) => e instanceof SessionError && /:1: header row: missing coordinate columns x1, y1/.test(e.message));
});

test('MediaPipe Tasks API results as a JSON array', async () => {
  const path = fixture('tasks-results.json');
  assert.equal((await chooseImporter(path)).id, 'mediapipe-json');
  const s = await readSession(path);
  assert.deepEqual(s.problems, []);
  assert.deepEqual(sessionFrames(s).map((f) => f.t), [0, 33, 66, 99]);
  assert.deepEqual(handsPerFrame(s), [1, 0, 1, 1]);
  assert.equal(sessionFrames(s)[0].hands[0].handedness, 'Right');
  assert.equal(sessionFrames(s)[0].hands[0].score, 0.98);
  assert.equal(sessionFrames(s)[2].hands[0].landmarks[0], 0.404);
});

test('legacy multiHandLandmarks as JSONL, without times, two hands in a frame, --hand filters', async () => {
  const path = fixture('legacy-results.jsonl');
  assert.equal((await chooseImporter(path)).id, 'mediapipe-json');
  const s = await readSession(path, { fps: 10 });
  assert.deepEqual(s.problems, []);
  assert.deepEqual(sessionFrames(s).map((f) => f.t), [0, 100, 200, 300]);
  assert.deepEqual(handsPerFrame(s), [1, 1, 0, 2]);
  assert.deepEqual(sessionFrames(s)[3].hands.map((h) => h.handedness), ['Left', 'Right']);
  const right = await readSession(path, { hand: 'right' });
  assert.deepEqual(handsPerFrame(right), [1, 1, 0, 1]);
  assert.equal(sessionFrames(right)[3].hands[0].handedness, 'Right');
});

test('one legacy Python result object (multi_hand_landmarks with landmark lists)', async () => {
  const s = await readSession(fixture('python-result.json'));
  assert.deepEqual(s.problems, []);
  assert.equal(sessionFrames(s).length, 1);
  assert.equal(sessionFrames(s)[0].hands[0].handedness, 'Right');
  assert.equal(sessionFrames(s)[0].hands[0].landmarks[1], 0.6);
});

test('bad MediaPipe results name the line (JSONL) or the array index (JSON)', async () => {
  const p = (n: number) => JSON.stringify(Array.from({ length: n }, () => ({ x: 0.5, y: 0.5, z: 0 })));
  const jsonl = [`{"multiHandLandmarks":[${p(21)}]}`, `{"multiHandLandmarks":[${p(20)}]}`, `{"multiHandLandmarks":[${p(21)}]}`].join('\n') + '\n';
  const a = await readSession(writeTemp(dir, jsonl, 'bad.jsonl'));
  assert.equal(sessionFrames(a).length, 1);
  assert.equal(a.problems[0].line, 2);
  assert.equal(a.problems[0].field, 'multiHandLandmarks[0]');
  assert.match(a.problems[0].message, /expected 21 points \{x, y, z\}, found 20/);
  const arr = `[{"landmarks":[${p(21)}]},{"landmarks":[${p(21).replace('0.5', '"0.5"')}]}]`;
  const b = await readSession(writeTemp(dir, arr, 'bad.json'));
  assert.equal(sessionFrames(b).length, 1);
  assert.equal(b.problems[0].field, '[1].landmarks[0][0].x');
  assert.match(b.problems[0].message, /expected a number, found "0.5"/);
  const nan = `{"multiHandLandmarks":[${p(21).replace('0.5', 'NaN')}]}\n`;
  const c = await readSession(writeTemp(dir, `{"multiHandLandmarks":[]}\n${nan}`, 'nan.jsonl'));
  assert.equal(c.problems[0].line, 2);
  assert.match(c.problems[0].message, /found NaN/);
  await assert.rejects(readSession(writeTemp(dir, '[{"landmarks": [', 'cut.json')), (e: unknown) => e instanceof SessionError && e.code === 'bad-format' && /not valid JSON/.test(e.message));
});

test('a file no importer recognises is an unknown-format SessionError', async () => {
  await assert.rejects(readSession(writeTemp(dir, 'hello world\n', 'notes.txt')), (e: unknown) => e instanceof SessionError && e.code === 'unknown-format' && /cannot tell the format/.test(e.message));
});
