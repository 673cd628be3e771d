// ModelHostPool: several real model hosts (dist/modelhost.js, onnxruntime-node) used as one runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModelHostClient } from '../../../src/modelhost/client';
import { ModelHostPool } from '../../../src/model/hostPool';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';

const HOST = join(process.cwd(), 'dist', 'modelhost.js');
const MODEL = join(process.cwd(), 'test', 'fixtures', 'models', 'seq-flat-29.onnx');

function windows(count: number): Float32Array {
  const w = new Float32Array(count * 32 * 63);
  for (let i = 0; i < w.length; i++) w[i] = Math.sin(i * 0.017) * 0.8;
  return w;
}

test('two hosts answer a batch with the rows one host gives, in the batch order', async () => {
  const single = new ModelHostClient({ hostScript: HOST });
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 2 });
  try {
    const { resolved } = await loadModelWithProfile(single, MODEL);
    await pool.load(MODEL);
    assert.equal(pool.size, 2);
    const pids = pool.clients.map((c) => c.pid);
    assert.ok(pids.every((p) => p !== null) && pids[0] !== pids[1], `two host processes, got ${pids}`);
    // 13 windows: an odd count splits 7 + 6; batch size 4 splits each part into several requests.
    const batch = windows(13);
    const expected = await single.createRunner(resolved.profile, 64).run(batch, 13);
    const actual = await pool.createRunner(resolved.profile, 4).run(batch, 13);
    assert.equal(actual.length, 13 * 29);
    for (let i = 0; i < actual.length; i++) assert.ok(Math.abs(actual[i] - expected[i]) < 1e-5, `value ${i}: ${actual[i]} vs ${expected[i]}`);
    assert.ok(new Set(Array.from(actual.subarray(0, 29))).size > 1, 'logits vary across classes');
    // Fewer windows than hosts: one part, still the same row.
    const one = await pool.createRunner(resolved.profile).run(batch.subarray(5 * 32 * 63, 6 * 32 * 63), 1);
    for (let k = 0; k < 29; k++) assert.ok(Math.abs(one[k] - expected[5 * 29 + k]) < 1e-5);
  } finally {
    await Promise.all([single.dispose(), pool.dispose()]);
  }
});

test('a pool whose model cannot load rejects with the host error, and dispose stops every host', async () => {
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 2 });
  await assert.rejects(pool.load(join(process.cwd(), 'test', 'fixtures', 'models', 'not-a-model.onnx')), (err: Error) => {
    assert.match(err.message, /not-a-model\.onnx/);
    return true;
  });
  await pool.dispose();
  assert.deepEqual(pool.clients.map((c) => c.pid), [null, null]);
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
