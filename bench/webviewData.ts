// The messages a replay panel sends its webview for a whole session, for bench/webview-frames.mjs:
// init, the frames in the replay worker's messages of FRAMES_PER_MESSAGE (the first, with the targets and
// label spans, before any results; the others each after a results message, as sendFrames posts them
// while the outbox is idle), and final results in the panel's chunks (as a reopened, cached session).
// The session goes through the real pipeline and model host; typed arrays are written as base64 of
// their bytes ({$typed, b64}), which test/webview/pages/harness.ts turns back into typed arrays.
//   node dist/bench/webviewData.js <session.landmarks.jsonl> <model.onnx> <out.json>
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { readSession } from '../src/core/session/readSession';
import { replaySession } from '../src/core/pipeline/replaySession';
import { ModelHostClient } from '../src/modelhost/client';
import { findHostScript } from '../src/modelhost/hostScript';
import { loadModelWithProfile } from '../src/model/loadModelWithProfile';
import type { ExtensionToWebview } from '../src/protocol/messages';
import { finalResultsMessage } from '../src/replayworker/resultsMessages';
import { framesMessage } from '../src/analysis/sessionFrames';
import { FRAMES_PER_MESSAGE, labelSpans, targetSpans } from '../src/protocol/encode';
import { toTransport } from '../test/webview/producer/transport';
import { replayStartMessages } from '../test/webview/producer/replayStart';

/** The replay analysis's default chunk of final results. */
const CHUNK = 256;

async function main(): Promise<void> {
  const [sessionPath, modelPath, outPath] = process.argv.slice(2);
  const started = Date.now();
  const session = await readSession(sessionPath);
  const client = new ModelHostClient({ hostScript: findHostScript(__dirname), intraOpThreads: 1 });
  let windows = 0;
  try {
    const loaded = await loadModelWithProfile(client, modelPath);
    const profile = loaded.resolved.profile;
    const result = await replaySession(session, profile, client.createRunner(profile, 256), { batchSize: 256 });
    windows = result.windows;
    const labels = profile.labels;
    const out = createWriteStream(outPath);
    // One message a line: the bench feeds them to the page a few at a time.
    const write = async (message: ExtensionToWebview) => {
      if (!out.write(JSON.stringify(message, toTransport) + '\n')) await once(out, 'drain');
    };
    const opening = replayStartMessages(session, sessionPath, modelPath, loaded);
    await write(opening.init);
    const total = opening.frames.count;
    await write(framesMessage(session, 0, Math.min(total, FRAMES_PER_MESSAGE), { targets: targetSpans(session), labelSpans: labelSpans(session), totalFrames: total }));
    let framesSent = Math.min(total, FRAMES_PER_MESSAGE);
    let transcript = '';
    for (let start = 0; start < result.frames.length; start += CHUNK) {
      const part = result.frames.slice(start, start + CHUNK);
      await write(finalResultsMessage(part, labels, transcript, result.targetChanges));
      transcript = part[part.length - 1].transcript;
      await write({ type: 'analysisProgress', done: start + part.length, total: result.frames.length });
      if (framesSent < total) {
        await write(framesMessage(session, framesSent, Math.min(total, framesSent + FRAMES_PER_MESSAGE)));
        framesSent = Math.min(total, framesSent + FRAMES_PER_MESSAGE);
      }
    }
    while (framesSent < total) {
      await write(framesMessage(session, framesSent, Math.min(total, framesSent + FRAMES_PER_MESSAGE)));
      framesSent = Math.min(total, framesSent + FRAMES_PER_MESSAGE);
    }
    out.end();
    await once(out, 'finish');
    const last = result.frames[result.frames.length - 1];
    process.stdout.write(
      JSON.stringify({ frames: result.frames.length, windows, transcriptLength: last?.transcript.length ?? 0, repliesSent: result.frames.filter((f) => f.sent).length, ms: Date.now() - started }) + '\n',
    );
  } finally {
    await client.dispose();
  }
}

main().catch((err) => {
  process.stderr.write(`webviewData: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
