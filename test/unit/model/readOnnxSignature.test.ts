import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NotOnnxError, readOnnxSignature } from '../../../src/core/model/readOnnxSignature';

const fixture = (name: string) => readFileSync(join(process.cwd(), 'test', 'fixtures', 'models', name));

test('reads inputs, outputs, dynamic axes and opset of a PyTorch export', () => {
  const s = readOnnxSignature(fixture('seq-flat-29.onnx'));
  assert.deepEqual(s.inputs, [{ name: 'input', elemType: 1, dims: ['batch', 'sequence', 63] }]);
  assert.deepEqual(s.outputs, [{ name: 'logits', elemType: 1, dims: ['batch', 29] }]);
  assert.equal(s.opset, 13);
  assert.equal(s.producer, 'pytorch');
  assert.deepEqual(s.metadata, {});
});

test('reads static axes, odd names and metadata_props', () => {
  const s = readOnnxSignature(fixture('odd-static-7.onnx'));
  assert.deepEqual(s.inputs[0], { name: 'hand/landmarks:0', elemType: 1, dims: [1, 12, 63] });
  assert.deepEqual(s.outputs[0], { name: 'scores.out', elemType: 1, dims: [1, 7] });
  const profile = JSON.parse(s.metadata.landmark_lens_profile);
  assert.deepEqual(profile.labels, ['A', 'B', 'C', 'HELLO', 'SPACE', 'DELETE', 'NOTHING']);
});

test('initializers are not listed as inputs', () => {
  const s = readOnnxSignature(fixture('fails-at-run-time.onnx'));
  assert.deepEqual(s.inputs.map((i) => i.name), ['input']);
});

test('text and truncated files are refused as not ONNX', () => {
  assert.throws(() => readOnnxSignature(fixture('not-a-model.onnx')), NotOnnxError);
  const bytes = fixture('seq-flat-29.onnx');
  assert.throws(() => readOnnxSignature(bytes.subarray(0, bytes.length - 100)), /not an ONNX model/);
  assert.throws(() => readOnnxSignature(new Uint8Array(0)), /not an ONNX model/);
});
