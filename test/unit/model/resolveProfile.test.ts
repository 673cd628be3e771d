import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveProfile, PROFILE_METADATA_KEY } from '../../../src/core/model/resolveProfile';
import { parsePartialProfile } from '../../../src/core/model/parsePartialProfile';
import { LABELS_26, LABELS_29 } from '../../../src/core/model/profile';
import type { Dim, ModelSignature } from '../../../src/core/model/signature';
import { looksLikeProbabilities } from '../../../src/core/model/probeOutputs';

function sig(input: Dim[] | null, output: Dim[] | null, metadata: Record<string, string> = {}): ModelSignature {
  return {
    inputs: [{ name: 'x', elemType: 1, dims: input }],
    outputs: [{ name: 'y', elemType: 1, dims: output }],
    metadata,
    irVersion: 8,
    opset: 13,
    producer: '',
  };
}

test('[B,T,63] with dynamic T and 29 outputs: backend defaults, flat layout, 29 labels inferred', () => {
  const r = resolveProfile({ modelFile: 'm.onnx', signature: sig(['batch', 'seq', 63], ['batch', 29]) });
  assert.equal(r.profile.windowSize, 32);
  assert.equal(r.sources.windowSize, 'default');
  assert.equal(r.profile.inputLayout, 'flat');
  assert.equal(r.sources.inputLayout, 'inferred');
  assert.deepEqual(r.profile.labels, LABELS_29);
  assert.equal(r.sources.labels, 'inferred');
  assert.equal(r.profile.inputName, 'x');
  assert.equal(r.profile.throttleMs, 75);
  assert.equal(r.profile.throttleDelta, 0.03);
  assert.equal(r.profile.smoothingWindow, 5);
});

test('[B,1,21,3] with 26 outputs: the per-frame model, windowSize 1, A-Z', () => {
  const r = resolveProfile({ modelFile: 'm.onnx', signature: sig(['b', 1, 21, 3], ['b', 26]) });
  assert.equal(r.profile.windowSize, 1);
  assert.equal(r.profile.inputLayout, 'points');
  assert.deepEqual(r.profile.labels, LABELS_26);
  assert.ok(r.warnings.some((w) => w.includes('per-frame')));
});

test('a static T becomes the window size', () => {
  const r = resolveProfile({ modelFile: 'm.onnx', signature: sig([1, 16, 21, 3], [1, 29]) });
  assert.equal(r.profile.windowSize, 16);
  assert.equal(r.sources.windowSize, 'inferred');
});

test('N classes without labels: class0..N-1 and a warning; with labels from a profile: those', () => {
  const r = resolveProfile({ modelFile: 'm.onnx', signature: sig(['b', 't', 63], ['b', 4]) });
  assert.deepEqual(r.profile.labels, ['class0', 'class1', 'class2', 'class3']);
  assert.ok(r.warnings.some((w) => w.includes('4 classes')));
  const named = resolveProfile({
    modelFile: 'm.onnx',
    signature: sig(['b', 't', 63], ['b', 4]),
    sidecar: { file: 'm.profile.json', profile: { labels: ['W', 'X', 'Y', 'Z'] } },
  });
  assert.deepEqual(named.profile.labels, ['W', 'X', 'Y', 'Z']);
  assert.equal(named.sources.labels, 'sidecar');
});

test('a dynamic class axis takes the probed class count', () => {
  const r = resolveProfile({ modelFile: 'm.onnx', signature: sig(['b', 't', 63], ['b', 'classes']), classCount: 26 });
  assert.deepEqual(r.profile.labels, LABELS_26);
});

test('precedence: settings over sidecar over metadata over inferred over default, with sources', () => {
  const metadata = { [PROFILE_METADATA_KEY]: JSON.stringify({ windowSize: 20, smoothingWindow: 3, throttleMs: 50 }) };
  const r = resolveProfile({
    modelFile: 'm.onnx',
    signature: sig(['b', 10, 63], ['b', 29], metadata),
    sidecar: { file: 's.json', profile: { smoothingWindow: 4, throttleMs: 60, decoder: { holdFrames: 3 } } },
    settings: { throttleMs: 100 },
  });
  assert.equal(r.profile.windowSize, 20);
  assert.equal(r.sources.windowSize, 'metadata');
  assert.equal(r.profile.smoothingWindow, 4);
  assert.equal(r.sources.smoothingWindow, 'sidecar');
  assert.equal(r.profile.throttleMs, 100);
  assert.equal(r.sources.throttleMs, 'settings');
  assert.deepEqual(r.profile.decoder, { holdFrames: 3, minProb: 0.6 }, 'decoder fields merge');
  assert.equal(r.sources.roundDecimals, 'default');
});

test('labels that do not match the class count are an error naming the file', () => {
  assert.throws(
    () =>
      resolveProfile({
        modelFile: 'm.onnx',
        signature: sig(['b', 't', 63], ['b', 29]),
        settings: { labels: ['A', 'B'] },
      }),
    /setting landmarkLens\.profileOverrides: field 'labels': expected 29 labels, one per class m\.onnx outputs, got 2$/,
  );
  const withSidecar = (explicit: boolean) => () =>
    resolveProfile({ modelFile: 'm.onnx', signature: sig(['b', 't', 63], ['b', 29]), sidecar: { profile: { labels: ['A', 'B'] }, file: 'p.json', explicit } });
  assert.throws(withSidecar(true), /: p\.json \(--profile\): field 'labels': expected 29 labels, one per class m\.onnx outputs, got 2$/);
  assert.throws(withSidecar(false), /: p\.json \(the model's sidecar profile\): field 'labels'/);
});

test('unsupported signatures are refused with the shape and what is expected', () => {
  assert.throws(
    () => resolveProfile({ modelFile: 'two.onnx', signature: sig(['b', 't', 42], ['b', 29]) }),
    /two\.onnx: unsupported signature: input 'x' has shape \[b, t, 42\]; expected \[B, T, 63\], \[B, T, 21, 3\] or \[B, 1, 21, 3\]/,
  );
  assert.throws(
    () => resolveProfile({ modelFile: 'seq.onnx', signature: sig(['b', 't', 63], ['b', 't', 29]) }),
    /seq\.onnx: unsupported signature: output 'y' has shape \[b, t, 29\]; expected \[B, classes\]/,
  );
});

test('bad metadata JSON is named', () => {
  assert.throws(
    () => resolveProfile({ modelFile: 'm.onnx', signature: sig(['b', 't', 63], ['b', 29], { [PROFILE_METADATA_KEY]: '{nope' }) }),
    /m\.onnx: metadata 'landmark_lens_profile' is not valid JSON/,
  );
});

test('profile fields are checked one by one with a one-line error', () => {
  assert.throws(() => parsePartialProfile({ windowSize: '32' }, 'p.json'), /p\.json: field 'windowSize': expected a positive integer, got "32"/);
  assert.throws(() => parsePartialProfile({ windowsize: 32 }, 'p.json'), /p\.json: unknown field 'windowsize'/);
  assert.throws(() => parsePartialProfile({ softmax: 'twice' }, 'p.json'), /field 'softmax': expected one of "always", "never"/);
  assert.throws(() => parsePartialProfile({ decoder: { minProb: 2 } }, 'p.json'), /field 'decoder.minProb': expected a number 0..1, got 2/);
  assert.throws(() => parsePartialProfile([], 'p.json'), /p\.json: expected a JSON object/);
  assert.deepEqual(parsePartialProfile({ labels: ['X'], throttleMs: 0 }, 'p.json'), { labels: ['X'], throttleMs: 0 });
});

test('probability-looking outputs: non-negative rows summing to 1', () => {
  assert.equal(looksLikeProbabilities(Float32Array.from([0.2, 0.8, 0.5, 0.5]), 2), true);
  assert.equal(looksLikeProbabilities(Float32Array.from([0.2, 0.8, 1.5, -0.5]), 2), false);
  assert.equal(looksLikeProbabilities(Float32Array.from([2.2, -1.1, 0.3, 0.1]), 2), false);
});

test("detector options: the backend's Hands(...) by default, a sidecar's fields merge, bad values are named", () => {
  const plain = resolveProfile({ modelFile: 'm.onnx', signature: sig(['b', 't', 63], ['b', 29]) });
  assert.deepEqual(plain.profile.detector, {
    modelComplexity: 1, maxNumHands: 1, minDetectionConfidence: 0.5, minTrackingConfidence: 0.5, staticImageMode: false, useCpuInference: true,
  });
  assert.equal(plain.sources.detector, 'default');
  assert.equal(plain.profile.sharedState, false);
  assert.equal(plain.sources.sharedState, 'default');
  const merged = resolveProfile({
    modelFile: 'm.onnx',
    signature: sig(['b', 't', 63], ['b', 29]),
    sidecar: { file: 'm.profile.json', profile: parsePartialProfile({ detector: { maxNumHands: 2 }, sharedState: true }, 'm.profile.json') },
  });
  assert.equal(merged.profile.detector.maxNumHands, 2);
  assert.equal(merged.profile.detector.modelComplexity, 1);
  assert.equal(merged.sources.detector, 'sidecar');
  assert.equal(merged.profile.sharedState, true);
  assert.equal(merged.sources.sharedState, 'sidecar');
  assert.throws(() => parsePartialProfile({ detector: { modelComplexity: 2 } }, 'p.json'), /p\.json: field 'detector\.modelComplexity': expected 0 \(lite\) or 1 \(full\), got 2/);
  assert.throws(() => parsePartialProfile({ detector: { minTrackingConfidence: 1.5 } }, 'p.json'), /detector\.minTrackingConfidence': expected a number 0\.\.1/);
  assert.throws(() => parsePartialProfile({ detector: { selfie: true } }, 'p.json'), /detector\.selfie': expected one of modelComplexity/);
  assert.throws(() => parsePartialProfile({ sharedState: 'yes' }, 'p.json'), /field 'sharedState': expected true or false/);
});
