/**
 * Runs a session through the project's real pipeline (core reader, model host with onnxruntime-node,
 * replaySession) and writes the extension->webview messages a replay panel would send, with typed
 * arrays kept as base64 of their bytes (the Chromium harness turns them back into typed arrays).
 * Usage: node produce.js <session> <model.onnx> <out.json> [chunkSize] [compareProfile.json, compare.onnx or -]
 * With a profile to compare with, the same model with that profile is compared, as Compare With Model… does;
 * with a model, that model with its own profile.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readSession } from '../../../src/core/session/readSession';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { ModelHostClient } from '../../../src/modelhost/client';
import { findHostScript } from '../../../src/modelhost/hostScript';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { encodeResults } from '../../../src/protocol/encode';
import { checkExtensionToWebview, type ExtensionToWebview } from '../../../src/protocol/messages';
import { problemInfos } from '../../../src/replayworker/sessionInfo';
import { toTransport } from './transport';
import { replayStartMessages } from './replayStart';
import { evaluateSession } from '../../../src/core/evaluation/sessionEvaluator';
import { evaluationMessage } from '../../../src/replayworker/evaluationMessages';
import { compareAnalyses } from '../../../src/replayworker/comparison';
import { attributeWindow, noWindowReason } from '../../../src/core/attribution/attributeWindow';
import type { AttributionMessage } from '../../../src/protocol/messages';
import { sessionFrames } from '../../../src/core/session/frameColumns';

async function main(): Promise<void> {
  const [sessionPath, modelPath, outPath, chunkArg, compareArg] = process.argv.slice(2);
  const compareProfile = compareArg === '-' ? undefined : compareArg;
  const chunkSize = Number(chunkArg ?? 64);
  const session = await readSession(sessionPath);
  const client = new ModelHostClient({ hostScript: findHostScript(__dirname), intraOpThreads: 1 });
  try {
    const model = await loadModelWithProfile(client, modelPath);
    const profile = model.resolved.profile;
    const result = await replaySession(session, profile, client.createRunner(profile, 64), { batchSize: 64 });
    const labels = profile.labels;
    const messages: ExtensionToWebview[] = [];
    const opening = replayStartMessages(session, sessionPath, modelPath, model);
    messages.push(opening.init);
    const problems = problemInfos(session);
    if (problems.length) messages.push({ type: 'problems', problems });
    messages.push(opening.frames);
    // Chunks go out middle first, then alternating outwards, as a panel analysing around the playhead
    // would: the webview must handle ranges in any order.
    const frames = result.frames;
    const chunks: number[] = [];
    for (let s = 0; s < frames.length; s += chunkSize) chunks.push(s);
    const order: number[] = [];
    const mid = Math.floor(chunks.length / 2);
    for (let d = 0; order.length < chunks.length; d++) {
      if (mid + d < chunks.length) order.push(chunks[mid + d]);
      if (d > 0 && mid - d >= 0) order.push(chunks[mid - d]);
    }
    let done = 0;
    for (const start of order) {
      const part = frames.slice(start, start + chunkSize);
      const previous = start > 0 ? frames[start - 1].transcript : '';
      const message = encodeResults(part, start, labels, previous);
      const replies = result.targetChanges
        .filter((c) => c.beforeFrame >= start && c.beforeFrame < start + part.length)
        .map((c) => ({ frame: c.beforeFrame, t: c.t, reply: c.response }));
      if (replies.length) message.targetReplies = replies;
      messages.push(message);
      done += part.length;
      messages.push({ type: 'analysisProgress', done, total: frames.length });
    }
    // As the replay worker: the evaluation against the labels follows the finished analysis.
    const evaluation = session.labels.length ? evaluateSession(session.labels, frames, labels) : null;
    if (evaluation) messages.push(evaluationMessage(evaluation, 0, basename(modelPath)));
    let comparison = null;
    if (compareProfile) {
      const otherModel = compareProfile.endsWith('.onnx');
      const other = otherModel ? await loadModelWithProfile(client, compareProfile) : await loadModelWithProfile(client, modelPath, { profileFile: compareProfile });
      const otherLabels = other.resolved.profile.labels;
      const replayed = await replaySession(session, other.resolved.profile, client.createRunner(other.resolved.profile, 64), { batchSize: 64 });
      const name = otherModel ? basename(compareProfile) : `${basename(modelPath)} with ${basename(compareProfile)}`;
      messages.push({ type: 'compareStart', model: name, labels: [...otherLabels] });
      for (let s = 0; s < replayed.frames.length; s += chunkSize) {
        const part = replayed.frames.slice(s, s + chunkSize);
        messages.push({ ...encodeResults(part, s, otherLabels, s > 0 ? replayed.frames[s - 1].transcript : ''), slot: 1 });
      }
      const source = (f: typeof frames) => ({ count: f.length, frames: (a: number, b: number) => f.slice(a, b) });
      const compared = await compareAnalyses(
        session.labels,
        { model: basename(modelPath), labels, result: source(frames) },
        { model: name, labels: otherLabels, result: source(replayed.frames) },
      );
      if (compared.secondEvaluation) messages.push(evaluationMessage(compared.secondEvaluation, 1, name));
      messages.push(compared.message);
      comparison = {
        model: name,
        labels: [...otherLabels],
        diff: Array.from(compared.message.diff),
        transcripts: compared.message.transcripts,
        top1: replayed.frames.map((f) => (f.smoothed ? otherLabels[f.smoothed.indexOf(Math.max(...f.smoothed))] : null)),
        frameProblems: replayed.frames.filter((f) => f.problem !== undefined).map((f) => ({ frame: f.frame, message: f.problem })),
      };
    }
    for (const m of messages) {
      const checked = checkExtensionToWebview(m);
      if (!checked.ok) throw new Error(`the encoders made an invalid message: ${checked.error}`);
    }
    // What the assertions compare against, straight from the pipeline.
    const expected = {
      frames: frames.length,
      transcript: frames.length ? frames[frames.length - 1].transcript : '',
      repliesSent: frames.filter((f) => f.sent).length,
      noHandFrames: frames.filter((f) => f.status === 'no-hand').length,
      windows: frames.filter((f) => f.status === 'smoothing' || f.status === 'ready').length,
      problems: problems.length,
      frameProblems: frames.filter((f) => f.problem !== undefined).map((f) => ({ frame: f.frame, message: f.problem })),
      labels: [...labels],
      statuses: frames.map((f) => f.status),
      bufferFill: frames.map((f) => f.bufferFill),
      smoothingFill: frames.map((f) => f.smoothingFill),
      sent: frames.map((f) => f.sent),
      emitted: frames.map((f) => f.emitted),
      transcripts: frames.map((f) => f.transcript),
      responses: frames.map((f) => f.response),
      targets: frames.map((f) => f.target),
      t: frames.map((f) => f.t),
      hasHand: sessionFrames(session).map((f) => f.hands.length > 0),
      probs: frames.map((f) => (f.probs ? Array.from(f.probs) : null)),
      smoothed: frames.map((f) => (f.smoothed ? Array.from(f.smoothed) : null)),
      labelSpans: session.labels,
      targetChanges: result.targetChanges.length,
      comparison,
      evaluation: evaluation && {
        correctFrames: evaluation.correctFrames,
        scoredFrames: evaluation.scoredFrames,
        labels: evaluation.confusion.labels,
        matrix: evaluation.confusion.matrix,
        scored: Array.from(evaluation.scored.frame, (frame, i) => [frame, evaluation.scored.label[i], evaluation.scored.prediction[i]]),
      },
    };
    // What the extension answers a `requestAttribution` for a few frames (the test sets the id): windows at
    // a quarter, half and three quarters of the session, and the first frame (no window there).
    const attributions: Record<number, Omit<AttributionMessage, 'id'>> = {};
    const runner = client.createRunner(profile, 64);
    for (const at of [0, 0.25, 0.5, 0.75].map((q) => Math.floor(q * frames.length))) {
      const found = await attributeWindow(session, profile, runner, at);
      attributions[at] = found
        ? { type: 'attribution', frame: at, windowFrames: Int32Array.from(found.windowFrames), probs: found.probs, classCount: found.classCount }
        : { type: 'attribution', frame: at, reason: noWindowReason(session, profile.windowSize, at) ?? 'no window' };
    }
    writeFileSync(outPath, JSON.stringify({ messages, expected, attributions }, toTransport));
  } finally {
    await client.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`produce: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
