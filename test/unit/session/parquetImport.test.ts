// Parquet import of Google's ASL datasets, on small files written in their exact layouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { readParquetSessions } from '../../../src/core/session/importers/parquetImporter';
import { readSession, SessionError } from '../../../src/core/session';
import { tempDir } from './testPaths';
import { handValues, writeFingerspellingDataset, writeIsolatedSignsDataset, writeLongParquet } from './parquetDatasets';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const f32 = (values: number[]) => Array.from(Float32Array.from(values));

test('ASL Fingerspelling: one session per sequence, the phrase labels it whole, the hand found more often', async () => {
  const root = tempDir();
  const { parquet } = writeFingerspellingDataset(root);
  const sessions = await readParquetSessions(parquet);
  assert.deepEqual(sessions.map((s) => s.sequenceId), ['1001', '1002']);
  const [first, second] = sessions.map((s) => s.session);
  assert.equal(first.header.fps, 30);
  assert.deepEqual(sessionFrames(first).map((f) => f.t), [0, 33.333, 66.667, 100, 133.333, 166.667]);
  assert.deepEqual(sessionFrames(first).map((f) => f.hands.length), [1, 1, 0, 1, 1, 1], 'frame 2 has NaN for every right-hand value');
  assert.deepEqual(Array.from(sessionFrames(first)[3].hands[0].landmarks), f32(handValues(0.03)), 'float32 values as written');
  assert.equal(sessionFrames(first)[0].hands[0].handedness, 'Right');
  // The whole sequence: from the first frame to one frame past the last.
  assert.deepEqual(first.labels, [{ t0: 0, t1: 200, text: '3 creekhouse' }]);
  assert.equal(first.header.participantId, '37');
  assert.match(String(first.header.source), /5414471\.parquet \(ASL Fingerspelling Parquet, sequence 1001, right hand\)/);
  // Sequence 1002: left hand in 4 frames, right in 1: the left is chosen (as for .pose).
  assert.deepEqual(sessionFrames(second).map((f) => f.hands[0]?.handedness), ['Left', 'Left', 'Left', 'Left']);
  assert.deepEqual(second.labels, [{ t0: 333.333, t1: 466.667, text: 'hi, you' }]);
  assert.ok(second.notes?.some((n) => n.message === 'hand: left, found in 4 of 4 frames (left 4, right 1)'));
  // Asked for the right hand: only frame 11 has one.
  const right = (await readParquetSessions(parquet, { hand: 'right' }))[1].session;
  assert.deepEqual(sessionFrames(right).map((f) => f.hands.length), [0, 1, 0, 0]);
});

test('a Parquet file opens through the importers: the first sequence, or the one asked for', async () => {
  const root = tempDir();
  const { parquet } = writeFingerspellingDataset(root);
  const first = await readSession(parquet);
  assert.equal(first.header.sequenceId, '1001');
  assert.ok(first.notes?.some((n) => n.message === 'the file holds 2 sequences; this is sequence 1001'));
  assert.equal((await readSession(parquet, { sequence: '1002' })).labels[0].text, 'hi, you');
  await assert.rejects(readSession(parquet, { sequence: '9' }), (e: Error) => e instanceof SessionError && /no sequence 9; the file holds 2 \(1001, 1002\)/.test(e.message));
});

test('Isolated Signs: the long layout, one sequence a file, the sign from train.csv', async () => {
  const root = tempDir();
  const { parquet } = writeIsolatedSignsDataset(root);
  const [only] = await readParquetSessions(parquet);
  assert.equal(only.sequenceId, '1000035562');
  const s = only.session;
  assert.deepEqual(sessionFrames(s).map((f) => [f.index, f.t, f.hands.length]), [[0, 666.667, 1], [1, 700, 0], [2, 733.333, 1]]);
  assert.deepEqual(Array.from(sessionFrames(s)[2].hands[0].landmarks), handValues(0.022), 'float64 values as written');
  assert.deepEqual(s.labels, [{ t0: 666.667, t1: 766.667, text: 'blow' }]);
  assert.match(String(s.header.source), /Isolated Signs Parquet, sequence 1000035562, right hand/);
});

test('without metadata the sessions have no label, and say why', async () => {
  const dir = tempDir();
  const { parquet } = writeFingerspellingDataset(join(dir, 'with'));
  const alone = join(dir, 'alone', 'x.parquet');
  mkdirSync(join(dir, 'alone'));
  copyFileSync(parquet, alone);
  const sessions = await readParquetSessions(alone);
  assert.equal(sessions.length, 2);
  assert.deepEqual(sessions[0].session.labels, []);
  assert.ok(sessions[0].session.notes?.some((n) => /no metadata CSV \(train\.csv\) in the folders above names sequence 1001/.test(n.message)));
});

test('bad Parquet input is one line naming the file', async () => {
  const dir = tempDir();
  const garbage = join(dir, 'garbage.parquet');
  writeFileSync(garbage, 'PAR1 this is not really parquet at all, PAR1');
  await assert.rejects(readSession(garbage), (e: Error) => e instanceof SessionError && e.message.startsWith(`${garbage}: `) && !e.message.includes('\n'));
  const noHands = join(dir, 'nohands.parquet');
  const { parquetWriteFile } = await import('hyparquet-writer');
  parquetWriteFile({ filename: noHands, columnData: [{ name: 'a', data: Int32Array.from([1, 2]), type: 'INT32' }] as never });
  await assert.rejects(readSession(noHands), (e: Error) => e instanceof SessionError && /without hand landmarks; expected the columns frame and x_right_hand_0.*found a$/.test(e.message));
  const empty = join(dir, 'empty.parquet');
  writeLongParquet(empty, []);
  await assert.rejects(readSession(empty), (e: Error) => e instanceof SessionError && /holds no rows|no hand|no rows/.test(e.message));
});
