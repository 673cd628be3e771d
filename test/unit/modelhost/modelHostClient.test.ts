// The model host with real onnxruntime-node in a real child process (dist/modelhost.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ModelHostClient } from '../../../src/modelhost/client';
import { ModelHostError } from '../../../src/modelhost/modelHostError';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { probeWindows } from '../../../src/core/model/probeOutputs';

const HOST = join(process.cwd(), 'dist', 'modelhost.js');
const model = (name: string) => join(process.cwd(), 'test', 'fixtures', 'models', name);

function windows(count: number, windowSize: number): Float32Array {
  const w = new Float32Array(count * windowSize * 63);
  for (let i = 0; i < w.length; i++) w[i] = Math.sin(i * 0.013) * 0.9;
  return w;
}

test('loads a model and runs a batch; batched rows equal single-window runs', async () => {
  const client = new ModelHostClient({ hostScript: HOST });
  try {
    const sig = await client.load(model('seq-flat-29.onnx'));
    assert.equal(sig.inputs[0].name, 'input');
    const shape = { windowSize: 32, inputLayout: 'flat' as const, inputName: '', outputName: '' };
    const batch = windows(5, 32);
    const all = await client.run(batch, 5, shape);
    assert.equal(all.classCount, 29);
    assert.equal(all.output.length, 5 * 29);
    const third = await client.run(batch.subarray(2 * 32 * 63, 3 * 32 * 63), 1, shape);
    for (let k = 0; k < 29; k++) assert.ok(Math.abs(third.output[k] - all.output[2 * 29 + k]) < 1e-5);
    assert.ok(new Set(Array.from(all.output.subarray(0, 29))).size > 1, 'logits vary across classes');
  } finally {
    await client.dispose();
  }
});

test('the host reports its start on the client\'s clock, and stopped without waiting it exits by itself', async () => {
  const client = new ModelHostClient({ hostScript: HOST });
  const before = performance.now();
  await client.load(model('seq-flat-29.onnx'));
  const after = performance.now();
  const s = client.startTimes!;
  // Each step after the one before it, all between the load's call and its reply (1 ms for rounding across clocks).
  const steps = [before, s.forkedMs, s.nodeReadyMs, s.listeningMs, s.loadStartMs, s.loadedMs, after];
  for (let i = 1; i < steps.length; i++) assert.ok(steps[i] >= steps[i - 1] - 1, `step ${i}: ${steps.map((x) => x.toFixed(1)).join(' <= ')}`);
  const pid = client.pid!;
  await client.dispose({ waitForExit: false });
  assert.equal(client.pid, null);
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + 10_000;
  while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(alive(), false, 'the host exited after its channel closed');
});

test('windows on the window channel and windows inside the IPC message give the same outputs, in any interleaving', async () => {
  const channel = new ModelHostClient({ hostScript: HOST, windowChannel: true });
  const ipc = new ModelHostClient({ hostScript: HOST, windowChannel: false });
  try {
    await Promise.all([channel.load(model('seq-flat-29.onnx')), ipc.load(model('seq-flat-29.onnx'))]);
    const shape = { windowSize: 32, inputLayout: 'flat' as const, inputName: '', outputName: '' };
    const batch = windows(9, 32);
    // Several requests in flight at once on the channel: each reply answers its own windows.
    const parts = [[0, 4], [4, 5], [5, 9]] as const;
    const viaChannel = await Promise.all(parts.map(([a, b]) => channel.run(batch.subarray(a * 32 * 63, b * 32 * 63), b - a, shape)));
    const viaIpc = await Promise.all(parts.map(([a, b]) => ipc.run(batch.subarray(a * 32 * 63, b * 32 * 63), b - a, shape)));
    assert.deepEqual(viaChannel.map((r) => r.output), viaIpc.map((r) => r.output));
    assert.equal(viaChannel[2].output.length, 4 * 29);
  } finally {
    await Promise.all([channel.dispose(), ipc.dispose()]);
  }
});

test('a static batch axis of 1 is run window by window', async () => {
  const client = new ModelHostClient({ hostScript: HOST });
  try {
    await client.load(model('odd-static-7.onnx'));
    const shape = { windowSize: 12, inputLayout: 'flat' as const, inputName: '', outputName: '' };
    const w = windows(3, 12);
    const all = await client.run(w, 3, shape);
    const last = await client.run(w.subarray(2 * 12 * 63), 1, shape);
    assert.deepEqual(Array.from(all.output.subarray(14)), Array.from(last.output));
  } finally {
    await client.dispose();
  }
});

test('bad models give one-line errors naming the file and the reason', async () => {
  const client = new ModelHostClient({ hostScript: HOST });
  try {
    const cases: Array<[string, string, RegExp]> = [
      ['not-a-model.onnx', 'not-onnx', /not-a-model\.onnx: not an ONNX model/],
      ['missing.onnx', 'not-found', /missing\.onnx: file not found/],
    ];
    for (const [file, reason, message] of cases) {
      const err = await client.load(model(file)).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(err instanceof ModelHostError, file);
      assert.equal(err.reason, reason);
      assert.match(err.message, message);
      assert.ok(!err.message.includes('\n'));
    }
    await assert.rejects(loadModelWithProfile(client, model('unsupported-42.onnx')), /unsupported-42\.onnx: unsupported signature/);
    await client.load(model('fails-at-run-time.onnx'));
    const shape = { windowSize: 32, inputLayout: 'flat' as const, inputName: '', outputName: '' };
    const err = await client.run(windows(2, 32), 2, shape).then(
      () => null,
      (e: unknown) => e as ModelHostError,
    );
    assert.equal(err?.reason, 'run-failed');
    assert.match(err!.message, /fails-at-run-time\.onnx: inference failed: .*Reshape/);
    assert.equal(client.restarts, 0, 'errors do not need a restart');
  } finally {
    await client.dispose();
  }
});

test('a killed host fails the request in flight, then restarts and reloads the model', async () => {
  const crashes: string[] = [];
  let crashed!: () => void;
  const crashSeen = new Promise<void>((resolve) => (crashed = resolve));
  const client = new ModelHostClient({
    hostScript: HOST,
    onCrash: (m) => {
      crashes.push(m);
      crashed();
    },
  });
  try {
    await client.load(model('seq-flat-29.onnx'));
    const shape = { windowSize: 32, inputLayout: 'flat' as const, inputName: '', outputName: '' };
    const pid = client.pid!;
    const inFlight = client.run(windows(256, 32), 256, shape);
    process.kill(pid, 'SIGKILL');
    const err = await inFlight.then(
      () => null,
      (e: unknown) => e as ModelHostError,
    );
    // The host may have answered before the signal landed; a kill while running must be reported.
    if (err) {
      assert.equal(err.reason, 'crashed');
      assert.match(err.message, /seq-flat-29\.onnx: the model host stopped \(signal SIGKILL\)/);
    }
    await crashSeen;
    assert.equal(client.restarts, 1);
    assert.match(crashes[0], /seq-flat-29\.onnx: the model host stopped/);
    assert.equal(crashes.length, 1);
    const again = await client.run(windows(1, 32), 1, shape);
    assert.equal(again.classCount, 29);
    assert.notEqual(client.pid, pid, 'a new host process');
  } finally {
    await client.dispose();
  }
});

test('a request that outlives its timeout is rejected and the host restarted', async () => {
  const client = new ModelHostClient({ hostScript: HOST, loadTimeoutMs: 1 });
  try {
    await assert.rejects(client.load(model('seq-flat-29.onnx')), (e: unknown) => e instanceof ModelHostError && e.reason === 'timeout');
    assert.equal(client.restarts, 1);
  } finally {
    await client.dispose();
  }
});

test('loadModelWithProfile: sidecar, metadata, dynamic classes, and the probabilities warning', async () => {
  const client = new ModelHostClient({ hostScript: HOST });
  try {
    const points = await loadModelWithProfile(client, model('seq-points-29.onnx'));
    assert.equal(points.profileFile, model('seq-points-29.profile.json'));
    assert.deepEqual(points.resolved.profile.decoder, { holdFrames: 3, minProb: 0.3 });
    assert.equal(points.resolved.sources.decoder, 'sidecar');
    assert.equal(points.outputsLookLikeProbabilities, false);
    const probs = await loadModelWithProfile(client, model('probabilities-29.onnx'));
    assert.equal(probs.outputsLookLikeProbabilities, true);
    assert.ok(probs.resolved.warnings.some((w) => w.includes('already look like probabilities')));
    const settings = await loadModelWithProfile(client, model('probabilities-29.onnx'), { overrides: { softmax: 'never' } });
    assert.ok(!settings.resolved.warnings.some((w) => w.includes('already look like probabilities')));
    const odd = await loadModelWithProfile(client, model('odd-static-7.onnx'));
    assert.equal(odd.resolved.sources.labels, 'metadata');
    assert.equal(odd.classCount, 7);
    const runner = client.createRunner(odd.resolved.profile, 2);
    const out = await runner.run(probeWindows(12).subarray(0, 12 * 63), 1);
    assert.equal(out.length, 7);
    await assert.rejects(
      loadModelWithProfile(client, model('seq-flat-29.onnx'), { overrides: { windowSize: 1, inputLayout: 'points' } }).then(() => {
        throw new Error('should not load');
      }),
      /seq-flat-29\.onnx: input 'input' has shape \[batch, sequence, 63\], which does not take \[B, 1, 21, 3\]/,
    );
  } finally {
    await client.dispose();
  }
});

test('a host that cannot start is retried twice, then the caller gets a clear error instead of hanging', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'll-host-'));
  const script = join(dir, 'exits.js');
  const starts = join(dir, 'starts.txt');
  writeFileSync(
    script,
    `require('fs').appendFileSync(${JSON.stringify(starts)}, 'x'); process.stderr.write('cannot start: missing native module\\n'); process.exit(1);\n`,
  );
  const crashes: string[] = [];
  const client = new ModelHostClient({ hostScript: script, onCrash: (m) => crashes.push(m) });
  try {
    const err = await client.load(model('seq-flat-29.onnx')).then(
      () => null,
      (e: unknown) => e as ModelHostError,
    );
    assert.equal(err?.reason, 'crashed');
    assert.match(err!.message, /seq-flat-29\.onnx: the model host stopped \(exit code 1\): cannot start: missing native module/);
    assert.equal(crashes.length, 1, 'reported once, after the retries');
    assert.equal(readFileSync(starts, 'utf8'), 'xxx', 'started three times');
  } finally {
    await client.dispose();
  }
});

test('a host that stops answering (SIGSTOP) is stopped, and the error says so without promising a restart', { skip: process.platform === 'win32' ? 'no SIGSTOP on Windows' : false }, async () => {
  const client = new ModelHostClient({ hostScript: HOST, runTimeoutMs: 400 });
  try {
    await client.load(model('seq-flat-29.onnx'));
    const child = (client as unknown as { child: import('node:child_process').ChildProcess }).child;
    process.kill(child.pid!, 'SIGSTOP');
    await assert.rejects(client.run(windows(1, 32), 1, { windowSize: 32, inputLayout: 'flat', inputName: '', outputName: '' }), (e: unknown) => {
      assert.ok(e instanceof ModelHostError && e.reason === 'timeout');
      assert.match(e.message, /seq-flat-29\.onnx: the model host did not answer within 400 ms \(suspended, or too slow for this model on this machine\), so it was stopped/);
      assert.doesNotMatch(e.message, /restarted/);
      return true;
    });
    assert.equal(child.signalCode ?? (await new Promise((r) => child.once('exit', (_c, s) => r(s)))), 'SIGKILL');
  } finally {
    await client.dispose();
  }
});
