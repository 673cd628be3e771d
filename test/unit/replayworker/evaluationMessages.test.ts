// The replay worker's evaluation of a finished analysis against the session's labels: the `evaluation`
// message holds what evaluateSession (the CLI's evaluator) says of replaySession's results, whether the
// analysis ran or came from the cache, and a reloaded webview gets it again after its results.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { readSession } from '../../../src/core/session/readSession';
import { evaluateSession } from '../../../src/core/evaluation/sessionEvaluator';
import { ModelHostPool } from '../../../src/model/hostPool';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { checkExtensionToWebview, type EvaluationMessage, type ExtensionToWebview } from '../../../src/protocol/messages';
import { ReplayWorkerClient, type Relay } from '../../../src/replayworker/client';
import { evaluationMessage } from '../../../src/replayworker/evaluationMessages';

const SCRIPT = join(process.cwd(), 'dist', 'replayworker.js');
const HOST = join(process.cwd(), 'dist', 'modelhost.js');
const MODEL = join(process.cwd(), 'test', 'fixtures', 'models', 'seq-flat-29.onnx');
const LABELLED = join(process.cwd(), 'samples', 'hello-world.landmarks.jsonl');

function collecting(): { relay: Relay; messages: ExtensionToWebview[] } {
  const messages: ExtensionToWebview[] = [];
  return {
    messages,
    relay: (message, posted) => {
      if (message.type !== 'bulkFile') messages.push(message);
      posted();
    },
  };
}

test('the worker posts the evaluate figures of its analysis after the results, fresh, from the cache and on a reload', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'replay-evaluation-'));
  const client = new ReplayWorkerClient({ script: SCRIPT, resultsCacheDir: join(dir, 'cache'), modelHosts: { script: HOST, hosts: 1 } });
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 1 });
  t.after(async () => {
    await client.dispose();
    await pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const { resolved } = await loadModelWithProfile(pool.clients[0], MODEL);
  const session = await readSession(LABELLED);
  assert.ok(session.labels.length > 0, 'the sample is labelled');
  const reference = await replaySession(session, resolved.profile, pool.createRunner(resolved.profile, 64));
  const expected = evaluationMessage(evaluateSession(session.labels, reference.frames, resolved.profile.labels), 0, 'fixture');
  assert.ok(expected.figures.scoredFrames > 0);
  const model = await client.loadModel(MODEL, 'fixture', {});

  for (const run of ['inferred', 'cached'] as const) {
    const { relay, messages } = collecting();
    const remote = await client.open(LABELLED, relay);
    const outcome = await remote.analyse({ modelKey: model.key, playhead: 0 });
    assert.equal(outcome.fromCache, run === 'cached');
    const evaluations = messages.filter((m): m is EvaluationMessage => m.type === 'evaluation');
    assert.equal(evaluations.length, 1, `${run}: one evaluation`);
    const lastResults = messages.map((m) => m.type).lastIndexOf('results');
    assert.ok(messages.indexOf(evaluations[0]) > lastResults, `${run}: after every results message`);
    assert.deepEqual(evaluations[0], expected, `${run}: the evaluator's figures and scored frames`);
    const checked = checkExtensionToWebview(evaluations[0]);
    assert.ok(checked.ok, checked.ok ? '' : checked.error);
    await remote.resendResults(4096);
    assert.equal(messages.filter((m) => m.type === 'evaluation').length, 2, `${run}: sent again with the re-sent results`);
    remote.close();
  }

  // The same session without its label lines has nothing to evaluate: no message.
  const unlabelled = join(dir, 'unlabelled.landmarks.jsonl');
  writeFileSync(unlabelled, readFileSync(LABELLED, 'utf8').split('\n').filter((line) => !line.includes('"label"')).join('\n'));
  assert.equal((await readSession(unlabelled)).labels.length, 0);
  const { relay, messages } = collecting();
  const remote = await client.open(unlabelled, relay);
  await remote.analyse({ modelKey: model.key, playhead: 0 });
  assert.ok(messages.some((m) => m.type === 'results'), 'it was analysed');
  assert.equal(messages.filter((m) => m.type === 'evaluation').length, 0);
  remote.close();
});

test('an evaluation message is refused when its columns disagree with its figures', () => {
  const figures = { confusion: { labels: ['A', 'B'], matrix: [[1, 0], [0, 1]] } };
  const base = { type: 'evaluation', slot: 0, model: 'm', figures, scoredFrame: new Int32Array([1, 2]), scoredLabel: new Uint16Array([0, 1]), scoredPrediction: new Uint16Array([0, 1]) };
  assert.ok(checkExtensionToWebview(base).ok);
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ scoredLabel: new Uint16Array([0]) }, "field 'scoredLabel' has 1 values (expected 2, one per scored frame)"],
    [{ scoredPrediction: new Uint16Array([0, 2]) }, "field 'scoredPrediction' holds class 2 at 1 (expected < 2, the confusion labels)"],
    [{ scoredFrame: [1, 2] }, "field 'scoredFrame' is array (expected Int32Array)"],
    [{ figures: { confusion: null } }, "field 'figures.confusion' is not { labels: array, matrix: array }"],
  ];
  for (const [change, error] of cases) {
    const checked = checkExtensionToWebview({ ...base, ...change });
    assert.equal(checked.ok ? 'accepted' : checked.error, `extension->webview 'evaluation' message: ${error}`);
  }
});
