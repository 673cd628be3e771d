import { test } from 'node:test';
import assert from 'node:assert/strict';
import { warmUpLivePath } from '../../../src/liveserver/liveWarmUp';
import type { ModelRunner } from '../../../src/core/pipeline/types';
import { VALUES_PER_FRAME } from '../../../src/core/hand/topology';
import { PROFILE } from './liveTestKit';

/** Counts model calls and checks what they carry. */
class CountingModel implements ModelRunner {
  readonly classCount = PROFILE.labels.length;
  calls = 0;
  windows = 0;
  readonly problems: string[] = [];

  constructor(private readonly fail = false) {}

  async run(windows: Float32Array, count: number): Promise<Float32Array> {
    this.calls++;
    this.windows += count;
    if (windows.length !== count * PROFILE.windowSize * VALUES_PER_FRAME) this.problems.push(`${windows.length} values for ${count} windows`);
    if (!windows.every(Number.isFinite)) this.problems.push('a value that is not finite');
    await new Promise((r) => setImmediate(r));
    if (this.fail) throw new Error('the model failed');
    return new Float32Array(count * this.classCount);
  }
}

test('the warm-up runs full windows through every model host, a few calls each', async () => {
  const hosts = [new CountingModel(), new CountingModel()];
  await warmUpLivePath(PROFILE, hosts);
  for (const [i, host] of hosts.entries()) {
    assert.deepEqual(host.problems, [], `host ${i + 1}`);
    assert.ok(host.calls >= 1 && host.calls <= 5, `host ${i + 1}: ${host.calls} model calls`);
    assert.equal(host.windows, host.calls, `host ${i + 1}: one window a call`);
  }
});

test('a model that fails in the warm-up does not stop the server from starting; clients hear of it later', async () => {
  const host = new CountingModel(true);
  await warmUpLivePath(PROFILE, [host]);
  assert.ok(host.calls >= 1, `${host.calls} model calls`);
});
