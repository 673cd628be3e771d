import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RenderedReport, type DrawnState } from '../../../src/webview/renderedReport';
import { AnalysisProgress } from '../../../src/webview/analysisProgress';
import { SessionStore } from '../../../src/webview/sessionStore';
import { encodeFrames } from '../../../src/protocol/encode';
import { STATUS_NO_HAND, STATUS_READY, type ResultsMessage } from '../../../src/protocol/messages';
import { resultsMessage } from './resultsFixture';

const LABELS = ['A', 'B', 'C'];

/** Results for frames [start, start + statuses.length): class B wins, a reply is sent at every ready frame. */
function results(start: number, statuses: number[], extra: Partial<ResultsMessage> = {}): ResultsMessage {
  const ready = (s: number) => s === STATUS_READY;
  const rows = statuses.map((status) => ({ status, probs: [0.1, 0.8, 0.1], smoothed: [0.1, 0.8, 0.1], reply: ready(status) ? 1 : undefined, sent: ready(status) }));
  return resultsMessage(start, LABELS.length, rows, extra);
}

function session(frames: number): SessionStore {
  const store = new SessionStore(LABELS, frames, 25);
  store.addFrames(encodeFrames(Array.from({ length: frames }, (_, i) => ({ index: i, t: i * 40, hands: [] })), 0));
  return store;
}

const state = (store: SessionStore, analysis: AnalysisProgress, over: Partial<DrawnState> = {}): DrawnState => ({
  mode: 'replay',
  store,
  analysis,
  dataPending: false,
  problems: 0,
  ...over,
});

test('a replay reports rendered once every frame has its final result and the analysis said done, and only once', () => {
  const store = session(4);
  const analysis = new AnalysisProgress();
  const report = new RenderedReport();
  analysis.update({ type: 'analysisProgress', done: 0, total: 4 });
  assert.equal(report.after(state(store, analysis)), undefined, 'frames only');
  // Provisional results cover every frame before the final pass: not yet.
  store.addResults(results(0, [STATUS_NO_HAND, STATUS_READY, STATUS_READY, STATUS_READY], { provisional: true }));
  analysis.update({ type: 'analysisProgress', done: 2, total: 4 });
  assert.equal(report.after(state(store, analysis)), undefined, 'provisional results');
  store.addResults(results(0, [STATUS_NO_HAND, STATUS_READY, STATUS_READY, STATUS_READY], { transcript: [{ frame: 2, text: 'B' }] }));
  assert.equal(report.after(state(store, analysis)), undefined, 'final results, but the analysis has not said done');
  analysis.update({ type: 'analysisProgress', done: 4, total: 4 });
  assert.equal(report.after(state(store, analysis, { dataPending: true })), undefined, 'results not drawn yet');
  const rendered = report.after(state(store, analysis, { problems: 2 }));
  assert.deepEqual(rendered, { type: 'rendered', frames: 4, transcript: 'B', repliesSent: 3, noHandFrames: 4, windows: 3, distributions: 3, problems: 2 });
  assert.equal(report.after(state(store, analysis)), undefined, 'posted once');
  report.reset();
  assert.ok(report.after(state(store, analysis)), 'a new session gets its own report');
});

test('a replay whose analysis stopped reports what it has; an empty session reports at once', () => {
  const store = session(3);
  const analysis = new AnalysisProgress();
  analysis.update({ type: 'analysisProgress', done: 0, total: 3, error: 'the model failed' });
  assert.equal(report().after(state(store, analysis))?.frames, 3);
  assert.equal(report().after(state(new SessionStore(LABELS, 0, 25), new AnalysisProgress()))?.frames, 0);
  function report(): RenderedReport {
    return new RenderedReport();
  }
});

test('a live panel reports rendered once its first analysed frames are drawn', () => {
  const store = session(2);
  const analysis = new AnalysisProgress();
  const report = new RenderedReport();
  assert.equal(report.after(state(store, analysis, { mode: 'live' })), undefined);
  store.addResults(results(0, [STATUS_READY]));
  assert.equal(report.after(state(store, analysis, { mode: 'live' }))?.repliesSent, 1);
});

test('the analysis progress text: running, stopped part way, stopped, finished', () => {
  const analysis = new AnalysisProgress();
  assert.equal(analysis.text(), '');
  analysis.update({ type: 'analysisProgress', done: 10, total: 229 });
  assert.deepEqual([analysis.text(), analysis.running, analysis.finished], ['analysing 10/229', true, false]);
  analysis.update({ type: 'analysisProgress', done: 229, total: 229 });
  assert.deepEqual([analysis.text(), analysis.running, analysis.finished], ['', false, true]);
  const stopped = new AnalysisProgress();
  stopped.update({ type: 'analysisProgress', done: 0, total: 229, error: 'no model' });
  assert.deepEqual([stopped.text(), stopped.running, stopped.stopped], ['analysis stopped at 0/229', false, true]);
  stopped.update({ type: 'analysisProgress', done: 229, total: 229 });
  assert.equal(stopped.text(), 'analysis stopped');
});
