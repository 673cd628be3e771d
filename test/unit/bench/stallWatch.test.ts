import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mainThreadBusy, ownWorkMs, type Stall } from '../../../bench/stallWatch';

const stall = (over: Partial<Stall>): Stall => ({
  atMs: 0,
  gapMs: 60,
  cpuMs: 0,
  mainThreadCpuMs: 0,
  mainThreadWaitMs: 0,
  gcMs: 0,
  gcKinds: [],
  state: '',
  ...over,
});

test('a stall the main thread spent running is the process\'s own work', () => {
  const s = stall({ gapMs: 53, mainThreadCpuMs: 47, mainThreadWaitMs: 6, gcMs: 6 });
  assert.equal(ownWorkMs(s), 47);
  assert.equal(mainThreadBusy(s), true);
});

test('a GC pause spent asleep (waiting for V8\'s helper threads) is own work', () => {
  // 52 ms: 6 on CPU, 5 runnable, 41 asleep, all within a 47 ms scavenge.
  const s = stall({ gapMs: 52, mainThreadCpuMs: 6, mainThreadWaitMs: 5, gcMs: 47 });
  assert.equal(ownWorkMs(s), 47);
  assert.equal(mainThreadBusy(s), true);
});

test('a GC pause spent runnable without a core is a wait for the machine, not own work', () => {
  // 60 ms: 12 on CPU, 41 in the run queue, 7 asleep; a 40 ms pause spans most of it.
  const s = stall({ gapMs: 60, mainThreadCpuMs: 12, mainThreadWaitMs: 41, gcMs: 40 });
  assert.equal(ownWorkMs(s), 19);
  assert.equal(mainThreadBusy(s), false);
});

test('time asleep outside GC pauses is not own work', () => {
  const s = stall({ gapMs: 80, mainThreadCpuMs: 10, mainThreadWaitMs: 0, gcMs: 5 });
  assert.equal(ownWorkMs(s), 15);
  assert.equal(mainThreadBusy(s), false);
});

test('without schedstat, the longer of the CPU time and the GC pauses decides', () => {
  assert.equal(ownWorkMs(stall({ gapMs: 60, mainThreadCpuMs: 20, mainThreadWaitMs: null, gcMs: 35 })), 35);
  assert.equal(ownWorkMs(stall({ gapMs: 60, cpuMs: 50, mainThreadCpuMs: null, mainThreadWaitMs: null, gcMs: 10 })), 50);
  assert.equal(mainThreadBusy(stall({ gapMs: 60, cpuMs: 20, mainThreadCpuMs: null, mainThreadWaitMs: null, gcMs: 10 })), false);
});
