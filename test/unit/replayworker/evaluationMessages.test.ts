// The replay worker's evaluation of a finished analysis against the session's labels: the `evaluation`
// message holds what evaluateSession (the CLI's evaluator) says of replaySession's results, whether the
// analysis ran or came from the cache, and a reloaded webview gets it again after its results.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { readSession } from '../../../src/core/session/readSession';
import { evaluateSession } from '../../../src/core/evaluation/sessionEvaluator';
import { compareEvaluations } from '../../../src/core/evaluation/compareEvaluations';
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

/** A replay worker and, for the reference figures, a model host pool in this thread with the fixture model; both disposed after the test. */
async function workerAndPool(t: TestContext, prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const client = new ReplayWorkerClient({ script: SCRIPT, resultsCacheDir: join(dir, 'cache'), modelHosts: { script: HOST, hosts: 1 } });
  const pool = new ModelHostPool({ hostScript: HOST, hosts: 1 });
  t.after(async () => {
    await client.dispose();
    await pool.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const { resolved } = await loadModelWithProfile(pool.clients[0], MODEL);
  return { dir, client, pool, resolved };
}

test('the worker posts the evaluate figures of its analysis after the results, fresh, from the cache and on a reload', async (t) => {
  const { dir, client, pool, resolved } = await workerAndPool(t, 'replay-evaluation-');
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

test('a comparison through the worker: slot-1 results, the diff lane where top-1 or sent reply differ, figures as evaluate compares them', async (t) => {
  const { dir, client, pool, resolved } = await workerAndPool(t, 'replay-compare-');
  // The same model with a weaker profile (smoothing over 12 windows instead of the fixture's) and, second, with
  // three labels renamed (a model with other labels).
  const base = resolved.profile;
  const slower = join(dir, 'slower.profile.json');
  writeFileSync(slower, JSON.stringify({ labels: base.labels, smoothingWindow: base.smoothingWindow + 7 }));
  const renamed = join(dir, 'renamed.profile.json');
  writeFileSync(renamed, JSON.stringify({ labels: base.labels.map((l) => ({ SPACE: 'space', DELETE: 'del', NOTHING: 'none' })[l] ?? l) }));
  const session = await readSession(LABELLED);
  const reference = await replaySession(session, base, pool.createRunner(base, 64));
  const model = await client.loadModel(MODEL, 'fixture', {});
  const { relay, messages } = collecting();
  const remote = await client.open(LABELLED, relay);
  await remote.analyse({ modelKey: model.key, playhead: 0 });

  for (const profileFile of [slower, renamed]) {
    const { resolved: other } = await loadModelWithProfile(pool.clients[0], MODEL, { profileFile });
    const theirs = await replaySession(session, other.profile, pool.createRunner(other.profile, 64));
    const before = messages.length;
    const compareModel = await client.loadCompareModel(MODEL, 'weaker', profileFile);
    await remote.compare(compareModel.key);
    const posted = messages.slice(before);
    assert.equal(posted[0].type, 'compareStart');
    const results = posted.filter((m) => m.type === 'results');
    assert.ok(results.length > 0 && results.every((m) => m.type === 'results' && m.slot === 1), 'the compared results are slot 1');
    const comparison = posted.find((m) => m.type === 'comparison');
    assert.ok(comparison && comparison.type === 'comparison');
    // The frames where the top-1 prediction or the sent reply differ, worked out here from both replays.
    const top = (f: (typeof reference.frames)[number], labels: readonly string[]) => (f.smoothed ? labels[Array.from(f.smoothed).indexOf(Math.max(...f.smoothed))] : null);
    const sent = (f: (typeof reference.frames)[number]) => (f.sent ? f.response!.maxarg_letter : null);
    const expectedTop = reference.frames.flatMap((f, i) => (top(f, base.labels) !== top(theirs.frames[i], other.profile.labels) ? [i] : []));
    const expectedSent = reference.frames.flatMap((f, i) => (sent(f) !== sent(theirs.frames[i]) ? [i] : []));
    assert.deepEqual([...comparison.diff].flatMap((d, i) => (d & 1 ? [i] : [])), expectedTop, `${profileFile}: top-1 differences`);
    assert.deepEqual([...comparison.diff].flatMap((d, i) => (d & 2 ? [i] : [])), expectedSent, `${profileFile}: sent-reply differences`);
    // The slower smoothing reads some frames differently (renamed labels differ only where those three are read).
    if (profileFile === slower) assert.ok(expectedTop.length > 0, 'the slower profile reads some frames differently');
    assert.deepEqual(comparison.transcripts, [reference.frames.at(-1)!.transcript, theirs.frames.at(-1)!.transcript]);
    // The figures as `evaluate` compares two models: on the shared labels when the sets differ.
    const same = profileFile === slower;
    assert.equal(comparison.labels.same, same);
    const options = same ? {} : { scoredLabels: comparison.labels.shared };
    const a = evaluateSession(session.labels, reference.frames, base.labels, options);
    const b = evaluateSession(session.labels, theirs.frames, other.profile.labels, options);
    assert.equal(comparison.figures?.scoredOn, same ? 'all labels' : 'shared labels');
    assert.deepEqual(comparison.figures?.delta, compareEvaluations(a, b));
    assert.equal(comparison.figures?.second.scoredFrames, b.scoredFrames);
    if (!same) assert.deepEqual(comparison.labels.onlyInSecond, ['space', 'del', 'none']);
  }
  await remote.closeCompare();
  assert.equal(messages.at(-1)?.type, 'compareClosed');
  remote.close();
});
