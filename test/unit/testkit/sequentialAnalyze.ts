// What `analyze` wrote before it ran on the replay panel's engine: one model host, replaySession, batches
// of 64. The tests of the engine compare its output with this, byte for byte.
import { ModelHostClient } from '../../../src/modelhost/client';
import { findHostScript } from '../../../src/modelhost/hostScript';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { readSession } from '../../../src/core/session/readSession';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { analysisSummary, csvLines, frameProblems, jsonlLines } from '../../../src/core/pipeline/formatAnalysis';

/** The jsonl, csv and summary outputs, and the warnings analyze prints for the session's frames. */
export async function sequentialOutputs(sessionPath: string, modelPath: string): Promise<Record<'jsonl' | 'csv' | 'summary' | 'warnings', string>> {
  const client = new ModelHostClient({ hostScript: findHostScript(), intraOpThreads: 1 });
  try {
    const session = await readSession(sessionPath);
    const model = await loadModelWithProfile(client, modelPath, {});
    const profile = model.resolved.profile;
    const result = await replaySession(session, profile, client.createRunner(profile, 64), { batchSize: 64 });
    const text = (lines: Iterable<string>) => [...lines].map((l) => `${l}\n`).join('');
    return {
      jsonl: text(jsonlLines(result)),
      csv: text(csvLines(result, profile.labels)),
      summary: text([JSON.stringify(analysisSummary(result, model.resolved, modelPath), null, 2)]),
      warnings: frameProblems(result).map((p) => `warning: ${sessionPath}: ${p}\n`).join(''),
    };
  } finally {
    await client.dispose();
  }
}
