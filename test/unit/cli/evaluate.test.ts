// `landmark-lens evaluate`: its figures against ones computed independently from replaySession, two models
// against two single-model runs, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tempDir, repoRoot } from '../session/testPaths';
import { cli, DEMO, expectedEvaluations, FIXTURE_MODEL, writeSession, writeSynthesized } from './evaluateKit';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';
import { combineEvaluations } from '../../../src/core/evaluation/combineEvaluations';
import { compareEvaluations } from '../../../src/core/evaluation/compareEvaluations';
import type { EvaluationReport } from '../../../src/cli/evaluate/evaluationReport';
import { writeFingerspellingDataset } from '../session/parquetDatasets';

/** A folder of two labelled sessions, one without labels, one damaged and a README. */
function folder(): { dir: string; labelled: string[] } {
  const dir = tempDir();
  const labelled = [writeSynthesized(join(dir, 'a', 'hi.landmarks.jsonl'), 'HI YOU', 5), writeSynthesized(join(dir, 'b', 'ab.landmarks.jsonl'), 'ABC', 6)];
  const unlabelled = synthesizeFingerspelling('OK', { seed: 7 }).session;
  writeSession(join(dir, 'b', 'nolabels.landmarks.jsonl'), { ...unlabelled, labels: [] });
  writeFileSync(join(dir, 'b', 'damaged.landmarks.jsonl'), '{"type":"header","format":"landmark-session","version":1}\n{"type":"frame","t":0,"hands":[{"landmarks":[[1,2]]}]}\n');
  writeFileSync(join(dir, 'README.md'), '# sessions\n');
  return { dir, labelled };
}

test('evaluate a folder: every figure equals the one computed from replaySession; unlabelled, damaged and other files named', async () => {
  const { dir, labelled } = folder();
  const run = await cli(['evaluate', '.', '--format', 'json'], dir);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '', 'no progress when not on a terminal');
  const report = JSON.parse(run.stdout) as EvaluationReport;
  const expected = await expectedEvaluations(DEMO(), labelled);
  assert.equal(report.models.length, 1);
  assert.deepEqual(report.models[0].sessions.map((s) => s.session), ['a/hi.landmarks.jsonl', 'b/ab.landmarks.jsonl']);
  report.models[0].sessions.forEach((s, i) => {
    const { session: _name, windows, ...figures } = s;
    assert.ok(windows > 0);
    assert.deepEqual(figures, JSON.parse(JSON.stringify(expected.evaluations[i])), s.session);
  });
  assert.ok(report.models[0].sessions[0].frameAccuracy! > 0.5, 'the demo model reads synthesized signing');
  const overall = combineEvaluations(expected.evaluations.map((e) => ({ ...e, scored: { frame: new Int32Array(), label: new Uint16Array(), prediction: new Uint16Array() } })), expected.labels);
  assert.deepEqual(report.models[0].overall, JSON.parse(JSON.stringify(overall)));
  assert.deepEqual(report.sessions.withoutLabels, { count: 1, names: ['b/nolabels.landmarks.jsonl'] });
  assert.equal(report.sessions.unreadable.count, 1);
  assert.match(report.sessions.unreadable.files[0].error, /damaged\.landmarks\.jsonl:2/);
  assert.equal(report.sessions.ignoredFiles, 1, 'README.md');
  assert.equal(report.comparison, undefined);
});

test('two models equal two single-model runs, and their difference is taken on the labels they share', async () => {
  const { dir } = folder();
  const both = await cli(['evaluate', 'a', 'b', '--model', DEMO(), '--model', FIXTURE_MODEL('per-frame-26.onnx')], dir);
  const first = await cli(['evaluate', 'a', 'b', '--model', DEMO()], dir);
  const second = await cli(['evaluate', 'a', 'b', '--model', FIXTURE_MODEL('per-frame-26.onnx')], dir);
  for (const r of [both, first, second]) assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(both.stdout) as EvaluationReport;
  assert.deepEqual(report.models[0], (JSON.parse(first.stdout) as EvaluationReport).models[0]);
  assert.deepEqual(report.models[1], (JSON.parse(second.stdout) as EvaluationReport).models[0]);
  const c = report.comparison!;
  assert.deepEqual(c.labels.onlyInFirst, ['SPACE', 'DELETE', 'NOTHING']);
  assert.deepEqual(c.labels.onlyInSecond, []);
  assert.equal(c.labels.shared.length, 26);
  assert.equal(c.scoredOn, 'shared labels');
  // On the shared labels the SPACE frames are scored by neither model.
  const files = report.models[0].sessions.map((s) => join(dir, s.session));
  const a = await expectedEvaluations(DEMO(), files, { scoredLabels: c.labels.shared });
  const b = await expectedEvaluations(FIXTURE_MODEL('per-frame-26.onnx'), files, { scoredLabels: c.labels.shared });
  const facts = { frame: new Int32Array(), label: new Uint16Array(), prediction: new Uint16Array() };
  const overall = compareEvaluations(combineEvaluations(a.evaluations.map((e) => ({ ...e, scored: facts })), a.labels), combineEvaluations(b.evaluations.map((e) => ({ ...e, scored: facts })), b.labels));
  assert.deepEqual(c.overall, JSON.parse(JSON.stringify(overall)));
  assert.equal(c.overall.scoredFrames, 0, 'the same frames are scored for both');
  const scoredOnShared = a.evaluations.reduce((n, e) => n + e.scoredFrames, 0);
  assert.ok(scoredOnShared < report.models[0].overall.scoredFrames, `SPACE frames count on all labels, not on the shared: ${scoredOnShared}`);
  assert.ok(report.models[1].overall.labelsNotInModel.some((l) => l.text === 'SPACE'));
});

test('the same model with another profile: all labels compared, the predictions equal, the decoder differs', async () => {
  const { dir } = folder();
  const profile = join(dir, 'strict.profile.json');
  writeFileSync(profile, JSON.stringify({ decoder: { holdFrames: 30, minProb: 0.9 } }));
  const sidecar = join(repoRoot(), 'models', 'demo.onnx.profile.json');
  const r = await cli(['evaluate', 'a', 'b', '--model', DEMO(), '--model', DEMO(), '--profile', sidecar, '--profile', profile, '--format', 'json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as EvaluationReport;
  assert.equal(report.comparison!.scoredOn, 'all labels');
  assert.equal(report.comparison!.overall.frameAccuracy, 0);
  assert.equal(report.models[1].profileFile, profile);
  assert.notEqual(report.models[0].sessions[0].transcript, report.models[1].sessions[0].transcript);
});

test('bad input never crashes: no sessions, a model of other labels, labels of unknown classes, unknown options', async () => {
  const empty = tempDir();
  const none = await cli(['evaluate', '.'], empty);
  assert.equal(none.code, 2);
  assert.equal(none.stderr, `landmark-lens evaluate: no session files in .\n`);
  writeFileSync(join(empty, 'notes.txt'), 'nothing here\n');
  assert.match((await cli(['evaluate', '.'], empty)).stderr, /^landmark-lens evaluate: no session files in \. \(1 other files\)\n$/);
  assert.match((await cli(['evaluate', 'missing'], empty)).stderr, /^landmark-lens evaluate: .*missing: no such file or folder\n$/);
  assert.match((await cli(['evaluate', '.', '--model', 'nope.onnx'], empty)).stderr, /^landmark-lens evaluate: --model nope\.onnx: no such file\n$/);
  assert.match((await cli(['evaluate', '.', '--jobs', '0'], empty)).stderr, /--jobs: expected an integer from 1 to 64, found '0'/);

  const dir = tempDir();
  const synth = synthesizeFingerspelling('AB', { seed: 9 }).session;
  const [a, b] = synth.labels;
  // Labels the demo model has no class for: a digit, an accented letter and a phrase with punctuation.
  writeSession(join(dir, 'odd.landmarks.jsonl'), { ...synth, labels: [{ ...a, text: '1' }, { ...b, text: 'é!' }] });
  const odd = await cli(['evaluate', '.', '--format', 'json'], dir);
  assert.equal(odd.code, 0, odd.stderr);
  const s = (JSON.parse(odd.stdout) as EvaluationReport).models[0].sessions[0];
  assert.equal(s.scoredFrames, 0);
  assert.equal(s.frameAccuracy, null);
  assert.ok(s.labelledFrames > 0);
  assert.deepEqual(s.labelsNotInModel.map((l) => l.text), ['1', 'é!']);
  assert.deepEqual(s.cer.missingCharacters, ['1', 'É', '!']);
  assert.equal(s.reference, '1É!');

  // A model whose labels are class0..class6: nothing is scored, and the report says why.
  const other = await cli(['evaluate', '.', '--model', FIXTURE_MODEL('odd-static-7.onnx'), '--format', 'md'], dir);
  assert.equal(other.code, 0, other.stderr);
  assert.match(other.stdout, /Labels that are not classes of this model \(their frames are labelled but not scored\): `1` \(\d+ frames\), `é!` \(\d+ frames\)/);
});

test('formats: md tables for a pull request, csv rows per model and session with difference rows', async () => {
  const { dir } = folder();
  const md = await cli(['evaluate', 'a', '--format', 'md'], dir);
  assert.equal(md.code, 0, md.stderr);
  assert.match(md.stdout, /^## Evaluation against labels: 1 session, \d+ frames\n/);
  assert.match(md.stdout, /\| \*\*overall\*\* \| \d+ \| \d+ \| \d+\.\d% \| \d+\.\d% \|/);
  const csv = await cli(['evaluate', 'a', '--model', DEMO(), '--model', DEMO(), '--format', 'csv', '--out', 'r.csv'], dir);
  assert.equal(csv.code, 0, csv.stderr);
  assert.equal(csv.stdout, '');
  const rows = (await import('node:fs')).readFileSync(join(dir, 'r.csv'), 'utf8').trim().split('\n');
  assert.equal(rows[0], 'model,session,frames,labelledFrames,scoredFrames,correctFrames,frameAccuracy,cer,cerDistance,referenceLength,spans,neverCorrect,timeToCorrectP50Ms,timeToCorrectP90Ms,transcript,reference');
  assert.equal(rows.length, 1 + 2 * 2 + 2);
  assert.match(rows[5], /^difference,a\/hi\.landmarks\.jsonl,0,,0,,0,0,,,0,0,0,0,,$/);
});

test('a Parquet dataset folder is evaluated directly: one session per sequence, the phrase as reference', async () => {
  const root = tempDir();
  writeFingerspellingDataset(join(root, 'asl'));
  const r = await cli(['evaluate', 'asl', '--format', 'json'], root);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as EvaluationReport;
  assert.deepEqual(report.models[0].sessions.map((s) => s.session), ['asl/train_landmarks/5414471.parquet#1001', 'asl/train_landmarks/5414471.parquet#1002']);
  assert.equal(report.sessions.ignoredFiles, 1, 'train.csv');
  const [first] = report.models[0].sessions;
  assert.equal(first.reference, '3 CREEKHOUSE');
  assert.deepEqual(first.cer.missingCharacters, ['3']);
  assert.equal(first.frameAccuracy, null, 'a phrase is not a class: frame accuracy does not apply');
  assert.equal(first.cer.value, 1, 'six frames are too few for a window: nothing decoded');
});

test('piped, evaluate prints the report and nothing else', () => {
  const { dir } = folder();
  const run = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'landmark-lens.js'), 'evaluate', 'a', '--format', 'md'], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  assert.match(run.stdout, /^## Evaluation against labels/);
});
