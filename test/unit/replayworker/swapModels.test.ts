// Swap models, the worker's side: the panel analyses its session again with the compared model's key, then
// compares with its former model's. Both analyses come from the results cache the comparison filled, the
// evaluations change slots, and the comparison's figures and deltas are the former one's mirrored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSession } from '../../../src/core/session/readSession';
import type { ComparisonMessage, EvaluationMessage, ExtensionToWebview } from '../../../src/protocol/messages';
import { ReplayWorkerClient } from '../../../src/replayworker/client';

const SCRIPT = join(process.cwd(), 'dist', 'replayworker.js');
const HOST = join(process.cwd(), 'dist', 'modelhost.js');
const MODEL = join(process.cwd(), 'test', 'fixtures', 'models', 'seq-flat-29.onnx');
const LABELLED = join(process.cwd(), 'samples', 'hello-world.landmarks.jsonl');

/** Negates every number of a delta (a zero stays a zero: -0 and 0 are the same figure). */
function negated(value: unknown): unknown {
  if (typeof value === 'number') return value === 0 ? 0 : -value;
  if (Array.isArray(value)) return value.map(negated);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? v : negated(v)]));
  return value;
}

const normalised = (value: unknown): unknown => negated(negated(value));

test('swapping models in the worker: the compared model analyses from the cache, the evaluations and the comparison mirror', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-swap-'));
  const client = new ReplayWorkerClient({ script: SCRIPT, resultsCacheDir: join(dir, 'cache'), modelHosts: { script: HOST, hosts: 1 } });
  t.after(async () => {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const session = await readSession(LABELLED);
  assert.ok(session.labels.length > 0, 'the sample is labelled');
  const slower = join(dir, 'slower.profile.json');
  writeFileSync(slower, JSON.stringify({ smoothingWindow: 12 }));
  const messages: ExtensionToWebview[] = [];
  const remote = await client.open(LABELLED, (message, posted) => {
    if (message.type !== 'bulkFile') messages.push(message);
    posted();
  });
  const own = await client.loadModel(MODEL, 'fixture', {});
  await remote.analyse({ modelKey: own.key, playhead: 0 });
  const compared = await client.loadCompareModel(MODEL, 'fixture with slower', slower);
  const first = await remote.compare(compared.key);
  assert.equal(first.fromCache, false, 'the compared model ran once');
  const evaluations = (from: number) => messages.slice(from).filter((m): m is EvaluationMessage => m.type === 'evaluation');
  const comparison = (from: number) => messages.slice(from).find((m): m is ComparisonMessage => m.type === 'comparison');
  const before = comparison(0);
  const [ownBefore, comparedBefore] = evaluations(0);
  assert.ok(before?.figures && ownBefore && comparedBefore);
  assert.deepEqual([ownBefore.slot, ownBefore.model, comparedBefore.slot, comparedBefore.model], [0, 'fixture', 1, 'fixture with slower']);
  assert.ok(before.diff.some((d) => d !== 0), 'the slower smoothing reads some frames differently');
  assert.notDeepEqual(before.figures.delta, negated(before.figures.delta), 'the delta has a figure that is not zero');

  // The swap, as ReplayPanel.swapModels asks it: close, analyse with the compared key, compare with the former.
  await remote.closeCompare();
  const from = messages.length;
  const analysed = await remote.analyse({ modelKey: compared.key, playhead: 0, framesFrom: 0 });
  assert.equal(analysed.fromCache, true, 'the swapped-in model\'s results came from the cache');
  assert.equal(analysed.modelCalls, 0);
  const again = await remote.compare(own.key);
  assert.equal(again.fromCache, true, 'the former model\'s results came from the cache');
  const [ownAfter, comparedAfter] = evaluations(from);
  assert.deepEqual([ownAfter.slot, ownAfter.model, comparedAfter.slot, comparedAfter.model], [0, 'fixture with slower', 1, 'fixture']);
  assert.deepEqual(ownAfter.figures, comparedBefore.figures, 'the panel\'s figures are the compared model\'s before');
  assert.deepEqual(comparedAfter.figures, ownBefore.figures, 'the compared figures are the panel\'s before');
  const after = comparison(from);
  assert.ok(after?.figures);
  assert.equal(after.model, 'fixture');
  assert.deepEqual(after.transcripts, [...before.transcripts].reverse());
  assert.deepEqual([...after.diff], [...before.diff], 'the same frames differ');
  assert.deepEqual(after.figures.first, before.figures.second);
  assert.deepEqual(after.figures.second, before.figures.first);
  assert.deepEqual(normalised(after.figures.delta), negated(before.figures.delta), 'every delta flipped its sign');
  // The slot-0 results were sent again, for every frame, after a frames message (the webview's new init).
  const results = messages.slice(from).filter((m) => m.type === 'results' && m.slot !== 1);
  assert.ok(results.length > 0, 'slot-0 results of the swapped-in model');
  assert.ok(messages.slice(from).some((m) => m.type === 'frames'), 'the frames again');
  remote.close();
});
