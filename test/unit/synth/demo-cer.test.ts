// The bundled demo model through the real pipeline: model host child process, onnxruntime-node,
// the default (sidecar) profile, windows, softmax, smoothing and the transcript decoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ModelHostClient } from '../../../src/modelhost/client';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';
import { readSession } from '../../../src/core/session/readSession';
import type { Session } from '../../../src/core/session/types';

const HOST = join(process.cwd(), 'dist', 'modelhost.js');
const DEMO = join(process.cwd(), 'models', 'demo.onnx');
const PANGRAM = 'THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG';
/** The model card's pangram seed; models/training/train.py trains on seeds 10000+ and validates on 500000+. */
const PANGRAM_SEED = 777_001;

function levenshtein(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

async function transcribe(session: Session): Promise<{ text: string; decoder: { holdFrames: number; minProb: number } }> {
  const client = new ModelHostClient({ hostScript: HOST });
  try {
    const loaded = await loadModelWithProfile(client, DEMO);
    const { profile, sources } = loaded.resolved;
    assert.equal(sources.decoder, 'sidecar', 'the decoder settings come from demo.onnx.profile.json');
    assert.equal(profile.labels.length, 29);
    assert.equal(profile.windowSize, 32);
    assert.equal(profile.smoothingWindow, 5);
    const result = await replaySession(session, profile, client.createRunner(profile));
    assert.ok(result.windows > 100, `${result.windows} windows ran`);
    return { text: result.frames[result.frames.length - 1].transcript, decoder: profile.decoder };
  } finally {
    await client.dispose();
  }
}

test('a pangram synthesized with a seed not used in training decodes with CER <= 10%', async () => {
  const { session } = synthesizeFingerspelling(PANGRAM, { seed: PANGRAM_SEED });
  const { text } = await transcribe(session);
  const cer = levenshtein(text, PANGRAM) / PANGRAM.length;
  assert.ok(cer <= 0.1, `decoded "${text}", CER ${cer.toFixed(3)}`);
  // The model card's figure was computed by train.py's own (Python) pipeline: both must agree.
  const card = readFileSync(join(process.cwd(), 'models', 'README.md'), 'utf8');
  const carded = /decoded as\s+"([^"]*)", \*\*CER ([0-9.]+)\*\*/.exec(card);
  assert.ok(carded, 'the model card states the pangram transcript and CER');
  assert.equal(text, carded[1], 'TypeScript pipeline and train.py decode the same transcript');
  assert.equal(cer.toFixed(3), carded[2]);
});

test('the HELLO WORLD sample decodes to its text', async () => {
  const session = await readSession(join(process.cwd(), 'samples', 'hello-world.landmarks.jsonl'));
  assert.deepEqual(session.problems, []);
  const { text } = await transcribe(session);
  const cer = levenshtein(text, 'HELLO WORLD') / 'HELLO WORLD'.length;
  assert.ok(cer <= 0.1, `decoded "${text}", CER ${cer.toFixed(3)}`);
});

test('onnxruntime-node reproduces the PyTorch logits recorded when the model was trained', async () => {
  const golden = JSON.parse(readFileSync(join(process.cwd(), 'models', 'training', 'demo-golden.json'), 'utf8')) as {
    shape: [number, number, number];
    input: number[];
    logits: number[][];
    tolerance: number;
  };
  const [count, windowSize] = golden.shape;
  const client = new ModelHostClient({ hostScript: HOST });
  try {
    await client.load(DEMO);
    const { output, classCount } = await client.run(Float32Array.from(golden.input), count, {
      windowSize,
      inputLayout: 'flat',
      inputName: 'input',
      outputName: 'logits',
    });
    assert.equal(classCount, 29);
    golden.logits.forEach((row, w) =>
      row.forEach((v, k) => assert.ok(Math.abs(output[w * 29 + k] - v) <= golden.tolerance, `window ${w} class ${k}: ${output[w * 29 + k]} vs ${v}`)),
    );
    // The windows differ, so the check is not satisfied by a constant output.
    assert.notDeepEqual(golden.logits[0], golden.logits[1]);
  } finally {
    await client.dispose();
  }
});
