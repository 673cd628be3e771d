import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, sharedData } from './testPaths';

// The "done when": the real .pose recordings analyze with the right frame and no-hand
// counts, through the real command (real onnxruntime-node, a fixture sequence model).
for (const [name, frames, withHand] of [['mediapipe.pose', 170, 145], ['mediapipe_long.pose', 278, 253]] as const) {
  test(`landmark-lens analyze ${name}: ${frames} frames, ${frames - withHand} without a hand, a window per hand frame after the 31st`, () => {
    const root = repoRoot();
    const r = spawnSync(process.execPath, [join(root, 'bin/landmark-lens.js'), 'analyze', sharedData('real', 'pose', name), '--model', join(root, 'test/fixtures/models/seq-flat-29.onnx'), '--format', 'summary'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.frames, frames);
    assert.equal(summary.noHand, frames - withHand);
    assert.equal(summary.windows, withHand - 31);
    assert.equal(summary.statuses['no-hand'], frames - withHand);
  });
}
