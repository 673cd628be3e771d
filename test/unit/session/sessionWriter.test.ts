import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSession, SessionError, SessionWriter } from '../../../src/core/session';
import { tempDir } from './testPaths';
import { sessionFrames } from '../../../src/core/session/frameColumns';

const CHILD_ENV = 'LANDMARK_LENS_WRITER_CHILD';

function hand(k: number) {
  const landmarks = new Float64Array(63);
  for (let i = 0; i < 63; i++) landmarks[i] = Math.sin(k * 0.37 + i) * 0.5 + 0.5;
  return { landmarks, handedness: 'Right' as const, score: 0.9 };
}

/** Child mode: record frames as fast as possible until killed, reporting progress on stdout. */
async function recordUntilKilled(path: string): Promise<void> {
  const writer = await SessionWriter.create(path, { fps: 30, source: 'crash test' }, { flushEveryLines: 7, flushIntervalMs: 5 });
  for (let k = 0; ; k++) {
    writer.appendFrame({ t: k * 33, hands: k % 5 === 0 ? [] : [hand(k)] });
    if (k % 50 === 0) writer.appendTarget({ t: k * 33, letter: 'ABC'[k % 3] });
    if (k % 100 === 0) {
      await writer.flush();
      process.stdout.write(`${k}\n`);
    }
    if (k % 10 === 0) await new Promise((r) => setImmediate(r));
  }
}

if (process.env[CHILD_ENV]) {
  void recordUntilKilled(process.env[CHILD_ENV]);
} else {
  const dir = tempDir();

  test('frames appended and closed read back exactly, with targets, labels and replies in place', async () => {
    const path = join(dir, 'round.landmarks.jsonl');
    const writer = await SessionWriter.create(path, { fps: 30, source: 'unit' }, { flushEveryLines: 3, flushIntervalMs: 0 });
    const hands = [hand(1), hand(2), hand(3)];
    writer.appendTarget({ t: 0, letter: 'H' });
    writer.appendFrame({ t: 0, hands: [hands[0]] });
    writer.appendFrame({ t: 33.3333, hands: [] });
    writer.appendReply({ t: 40, reply: { maxarg_letter: 'A', target_arg_prob: 0 } });
    writer.appendFrame({ t: 66.6667, hands: [hands[1], { landmarks: hands[2].landmarks }] });
    writer.appendLabel({ t0: 0, t1: 66.6667, text: 'H' });
    assert.equal(writer.frames, 3);
    await writer.close();
    await writer.close();
    const session = await readSession(path);
    assert.deepEqual(session.problems, []);
    assert.equal(session.header.fps, 30);
    assert.equal(session.header.source, 'unit');
    assert.match(String(session.header.created), /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(sessionFrames(session).map((f) => f.t), [0, 33.3333, 66.6667]);
    assert.deepEqual(Array.from(sessionFrames(session)[0].hands[0].landmarks), Array.from(hands[0].landmarks));
    assert.deepEqual(Array.from(sessionFrames(session)[2].hands[1].landmarks), Array.from(hands[2].landmarks));
    assert.equal(sessionFrames(session)[2].hands[1].handedness, undefined);
    assert.deepEqual(session.targets.map((t) => [t.letter, t.beforeFrame]), [['H', 0]]);
    assert.deepEqual(session.replies?.map((r) => r.afterFrame), [1]);
    assert.deepEqual(session.labels.map((l) => l.text), ['H']);
    assert.throws(() => writer.appendFrame({ t: 100, hands: [] }), (e: unknown) => e instanceof SessionError && e.code === 'closed');
  });

  test('an existing file is never overwritten unless asked', async () => {
    const path = join(dir, 'exists.landmarks.jsonl');
    writeFileSync(path, 'precious\n');
    await assert.rejects(SessionWriter.create(path, { fps: 30 }), (e: unknown) => {
      assert.ok(e instanceof SessionError);
      assert.equal(e.code, 'exists');
      assert.match(e.message, /already exists/);
      return true;
    });
    assert.equal(readFileSync(path, 'utf8'), 'precious\n');
    const writer = await SessionWriter.create(path, { fps: 25 }, { overwrite: true });
    await writer.close();
    assert.equal((await readSession(path)).header.fps, 25);
  });

  test('a folder that does not exist is a clear error', async () => {
    await assert.rejects(SessionWriter.create(join(dir, 'no/such/dir/x.landmarks.jsonl'), {}), (e: unknown) => e instanceof SessionError && e.code === 'write-failed' && /folder does not exist/.test(e.message));
  });

  test('values that would not read back are refused before anything is written', async () => {
    const path = join(dir, 'refuse.landmarks.jsonl');
    const writer = await SessionWriter.create(path, {}, { flushIntervalMs: 0 });
    const bad = hand(1);
    bad.landmarks[7] = NaN;
    assert.throws(() => writer.appendFrame({ t: 0, hands: [bad] }), /hands\[0\]\.landmarks\[2\]\[1\]: expected a finite number, found NaN/);
    assert.throws(() => writer.appendFrame({ t: 0, hands: [{ landmarks: new Float64Array(60) }] }), /expected 63 values/);
    assert.throws(() => writer.appendFrame({ t: Infinity, hands: [] }), /t: expected a finite number/);
    writer.appendFrame({ t: 0, hands: [] });
    await writer.close();
    const session = await readSession(path);
    assert.deepEqual(session.problems, []);
    assert.equal(sessionFrames(session).length, 1);
  });

  test('the header is on disk as soon as the writer exists, and flushing is count based', async () => {
    const path = join(dir, 'live.landmarks.jsonl');
    const writer = await SessionWriter.create(path, { fps: 30 }, { flushEveryLines: 4, flushIntervalMs: 0 });
    assert.equal(sessionFrames(await readSession(path)).length, 0);
    for (let k = 0; k < 3; k++) writer.appendFrame({ t: k, hands: [] });
    assert.equal(readFileSync(path, 'utf8').split('\n').length, 2, 'three frames wait in the buffer');
    writer.appendFrame({ t: 3, hands: [] });
    await writer.flush();
    assert.equal(sessionFrames(await readSession(path)).length, 4);
    await writer.close();
  });

  test('buffered lines reach the file on the timer without an explicit flush', async () => {
    const path = join(dir, 'timer.landmarks.jsonl');
    const writer = await SessionWriter.create(path, { fps: 30 }, { flushEveryLines: 1000, flushIntervalMs: 20 });
    writer.appendFrame({ t: 0, hands: [hand(0)] });
    writer.appendTarget({ t: 5, letter: 'K' });
    // Poll (bounded) until the timer has written them: no call of flush() or close() here.
    for (let i = 0; i < 500 && !readFileSync(path, 'utf8').includes('"letter":"K"'); i++) await new Promise((r) => setTimeout(r, 10));
    const session = await readSession(path);
    assert.equal(sessionFrames(session).length, 1);
    assert.deepEqual(session.targets.map((t) => t.letter), ['K']);
    await writer.close();
  });

  test('a recording process killed mid-write leaves every complete line readable', async () => {
    for (let run = 0; run < 3; run++) {
      const path = join(dir, `crash${run}.landmarks.jsonl`);
      const child = spawn(process.execPath, [__filename], { env: { ...process.env, [CHILD_ENV]: path }, stdio: ['ignore', 'pipe', 'inherit'] });
      let reported = 0;
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          reported = Math.max(reported, ...d.toString().trim().split('\n').map(Number));
          if (reported >= 300 + run * 200) {
            child.kill('SIGKILL');
            resolve();
          }
        });
        child.on('exit', (code) => (reported < 300 ? reject(new Error(`child exited early (${code})`)) : undefined));
      });
      await new Promise((r) => child.on('close', r));
      const session = await readSession(path);
      assert.ok(sessionFrames(session).length > reported, `at least the ${reported} flushed frames are there (${sessionFrames(session).length})`);
      const text = readFileSync(path, 'utf8');
      const complete = text.endsWith('\n');
      if (complete) assert.deepEqual(session.problems, []);
      else {
        assert.equal(session.problems.length, 1, 'only the cut last line is a problem');
        assert.equal(session.problems[0].line, text.split('\n').length);
        assert.match(session.problems[0].message, /truncated JSON/);
      }
      sessionFrames(session).forEach((f, i) => {
        assert.equal(f.index, i);
        assert.equal(f.t, i * 33);
      });
    }
  });
}
