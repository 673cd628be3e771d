import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modelDetailLines, modelSummaryLine } from '../../../src/extension/model/describeModel';
import { resolveProfile } from '../../../src/core/model/resolveProfile';
import type { ModelSignature } from '../../../src/core/model/signature';

const signature: ModelSignature = {
  inputs: [{ name: 'x', elemType: 1, dims: ['b', 1, 21, 3] }],
  outputs: [{ name: 'y', elemType: 1, dims: ['b', 26] }],
  metadata: {},
  irVersion: 8,
  opset: 13,
  producer: '',
};

test('the Select Model summary names the file, the shapes, window, classes and inferred fields', () => {
  const resolved = resolveProfile({ modelFile: 'old.onnx', signature });
  const line = modelSummaryLine('old.onnx', signature, resolved);
  assert.equal(
    line,
    'old.onnx: x [b, 1, 21, 3] -> y [b, 26]; window 1, 26 classes, smoothing 5; 5 profile fields inferred from the signature',
  );
  const details = modelDetailLines(resolved);
  assert.ok(details.includes('windowSize: 1 (inferred)'));
  assert.ok(details.includes('throttleMs: 75 (default)'));
  assert.ok(details.some((l) => l.startsWith('warning: per-frame model')));
});
