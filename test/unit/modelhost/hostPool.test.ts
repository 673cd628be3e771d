// ModelHostPool: several real model hosts (dist/modelhost.js, onnxruntime-node) used as one runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelHostClient } from '../../../src/modelhost/client';
import { ModelHostPool } from '../../../src/model/hostPool';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import type { PipelineProfile } from '../../../src/core/model/profile';

const HOST = join(process.cwd(), 'dist', 'modelhost.js');
const MODEL = join(process.cwd(), 'test', 'fixtures', 'models', 'seq-flat-29.onnx');

function windows(count: number): Float32Array {
  const w = new Float32Array(count * 32 * 63);
  for (let i = 0; i < w.length; i++) w[i] = Math.sin(i * 0.017) * 0.8;
  return w;
}

/** A single host and a two-host pool with the fixture model loaded, disposed after `body`. */
async function withSingleAndPool(
  body: (single: ModelHostClient, pool: ModelHostPool, profile: PipelineProfile) => Promise<void>,
): Promise<void> {
  const single = new ModelHostClient({ hostScript: HOST });
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 2 });
  try {
    const { resolved } = await loadModelWithProfile(single, MODEL);
    await pool.load(MODEL);
    await body(single, pool, resolved.profile);
  } finally {
    await Promise.all([single.dispose(), pool.dispose()]);
  }
}

/** Counts the requests each of the pool's hosts is given. */
function countRequests(pool: ModelHostPool): number[] {
  const taken = pool.clients.map(() => 0);
  pool.clients.forEach((client, i) => {
    const run = client.run.bind(client);
    client.run = (...args) => {
      taken[i]++;
      return run(...args);
    };
  });
  return taken;
}

test('two hosts answer a batch with the rows one host gives, in the batch order', () =>
  withSingleAndPool(async (single, pool, profile) => {
    assert.equal(pool.size, 2);
    const pids = pool.clients.map((c) => c.pid);
    assert.ok(pids.every((p) => p !== null) && pids[0] !== pids[1], `two host processes, got ${pids}`);
    // 13 windows in requests of at most 4 (4 + 4 + 4 + 1), taken by whichever host is free.
    const batch = windows(13);
    const expected = await single.createRunner(profile, 64).run(batch, 13);
    const actual = await pool.createRunner(profile, 4).run(batch, 13);
    assert.equal(actual.length, 13 * 29);
    for (let i = 0; i < actual.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) < 1e-5, `value ${i}: ${actual[i]} vs ${expected[i]}`);
    assert.ok(new Set(Array.from(actual.subarray(0, 29))).size > 1, 'logits vary across classes');
    // Fewer windows than hosts: one part, still the same row.
    const one = await pool.createRunner(profile).run(batch.subarray(5 * 32 * 63, 6 * 32 * 63), 1);
    for (let k = 0; k < 29; k++) assert.ok(Math.abs(one[k] - expected[5 * 29 + k]) < 1e-5);
  }));

test('a host that gets no CPU takes no more than its two requests; the other host answers the rest', () =>
  withSingleAndPool(async (single, pool, profile) => {
    const taken = countRequests(pool);
    const batch = windows(40);
    const expected = await single.createRunner(profile, 64).run(batch, 40);
    const stopped = pool.clients[1].pid!;
    process.kill(stopped, 'SIGSTOP');
    let rows: Float32Array;
    try {
      const pending = pool.createRunner(profile, 4).run(batch, 40);
      // The first host answers its requests and takes the queued ones meanwhile.
      const deadline = Date.now() + 20_000;
      while (taken[0] < 8 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      process.kill(stopped, 'SIGCONT');
      rows = await pending;
    } finally {
      process.kill(stopped, 'SIGCONT');
    }
    assert.deepEqual(taken, [8, 2], 'requests taken by each host (10 of 4 windows)');
    for (let i = 0; i < rows.length; i++) assert.ok(Math.abs(rows[i] - expected[i]) < 1e-5, `value ${i}: ${rows[i]} vs ${expected[i]}`);
  }));

test('a model whose class count is not the profile\'s fails the batch, naming the model, and the rest is not run', () =>
  withSingleAndPool(async (single, pool, profile) => {
    const taken = countRequests(pool);
    const seven = { ...profile, labels: profile.labels.slice(0, 7) };
    const mismatch = /: seq-flat-29\.onnx: the model outputs 29 classes but the profile has 7 labels$/;
    await assert.rejects(pool.createRunner(seven, 4).run(windows(40), 40), mismatch);
    // The two requests each host holds ran; the six still queued were dropped when the first came back.
    assert.deepEqual(taken, [2, 2]);
    await assert.rejects(single.createRunner(seven, 4).run(windows(8), 8), mismatch);
  }));

test('a pool whose model cannot load rejects with the host error, and dispose stops every host', async () => {
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 2 });
  await assert.rejects(pool.load(join(process.cwd(), 'test', 'fixtures', 'models', 'not-a-model.onnx')), (err: Error) => {
    assert.match(err.message, /not-a-model\.onnx/);
    return true;
  });
  await pool.dispose();
  assert.deepEqual(pool.clients.map((c) => c.pid), [null, null]);
});

test('loadBehind: the loaded host takes every request while the other still loads, which takes its share once loaded', async () => {
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 2 });
  const single = new ModelHostClient({ hostScript: HOST });
  let stopped: number | null = null;
  try {
    const { resolved } = await loadModelWithProfile(single, MODEL);
    await pool.clients[0].load(MODEL);
    const behind = pool.loadBehind(MODEL);
    // The second host is forked by now; stopped, it cannot finish its load.
    stopped = pool.clients[1].pid!;
    process.kill(stopped, 'SIGSTOP');
    const taken = countRequests(pool);
    const batch = windows(40);
    const expected = await single.createRunner(resolved.profile, 64).run(batch, 40);
    const rows = await pool.createRunner(resolved.profile, 4).run(batch, 40);
    assert.deepEqual(taken, [10, 0], 'requests taken by each host while the second loads');
    for (let i = 0; i < rows.length; i++) assert.ok(Math.abs(rows[i] - expected[i]) < 1e-5, `value ${i}: ${rows[i]} vs ${expected[i]}`);
    process.kill(stopped, 'SIGCONT');
    stopped = null;
    await behind;
    assert.equal(pool.loadBehindFailure, null);
    await pool.createRunner(resolved.profile, 4).run(batch, 40);
    assert.ok(taken[1] >= 2, `the second host takes requests once loaded: ${taken}`);
  } finally {
    if (stopped !== null) process.kill(stopped, 'SIGCONT');
    await Promise.all([single.dispose(), pool.dispose()]);
  }
});

test('loadBehind: a host whose load fails fails the requests from then on with its error', async () => {
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 2 });
  try {
    const { resolved } = await loadModelWithProfile(pool.clients[0], MODEL);
    const missing = join(process.cwd(), 'test', 'fixtures', 'models', 'no-such-model.onnx');
    await pool.loadBehind(missing);
    assert.match(String(pool.loadBehindFailure), /file not found/);
    await assert.rejects(pool.createRunner(resolved.profile, 4).run(windows(8), 8), /file not found/);
  } finally {
    await pool.dispose();
  }
});

test('backgroundNiceness lowers the priority of every host but the first, which serves single windows', async () => {
  const { getPriority } = await import('node:os');
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 2, backgroundNiceness: 10 });
  try {
    await pool.load(MODEL);
    const [first, second] = pool.clients.map((c) => getPriority(c.pid!));
    assert.equal(first, getPriority(), 'the first host keeps the parent priority');
    assert.equal(second, Math.min(19, Math.max(getPriority(), 10)), 'the second host runs at niceness 10');
    if (process.platform === 'linux') {
      // Each host leads a session of its own (stat field 6), so autogroup scheduling puts it in its own group.
      const session = (pid: number | string) => {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]);
      };
      for (const c of pool.clients) assert.equal(session(c.pid!), c.pid, 'a host leads its own session');
      assert.notEqual(session('self'), session(pool.clients[0].pid!));
      if (existsSync('/proc/self/autogroup')) {
        const group = (pid: number | string) => readFileSync(`/proc/${pid}/autogroup`, 'utf8').trim();
        assert.notEqual(group(pool.clients[1].pid!).split(' ')[0], group('self').split(' ')[0], 'its own autogroup');
        assert.match(group(pool.clients[1].pid!), /nice 10$/, 'the second host\'s group has its niceness');
      }
    }
  } finally {
    await pool.dispose();
  }
});
