// Helpers of the evaluate tests (not a test file itself): sessions on disk, the CLI in process, and the
// figures computed independently through replaySession (the CLI's analyze) on one model host.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { synthesizeFingerspelling } from '../../../src/core/synth/synthesizeSession';
import { serializeSession } from '../../../src/core/session/sessionLines';
import type { Session } from '../../../src/core/session/types';
import { ModelHostClient } from '../../../src/modelhost/client';
import { findHostScript } from '../../../src/modelhost/hostScript';
import { loadModelWithProfile } from '../../../src/model/loadModelWithProfile';
import { replaySession } from '../../../src/core/pipeline/replaySession';
import { readSession } from '../../../src/core/session/readSession';
import { evaluateSession } from '../../../src/core/evaluation/sessionEvaluator';
import type { SessionEvaluation } from '../../../src/core/evaluation/types';
import { repoRoot } from '../session/testPaths';

export const DEMO = () => join(repoRoot(), 'models', 'demo.onnx');
export const FIXTURE_MODEL = (name: string) => join(repoRoot(), 'test', 'fixtures', 'models', name);

export function writeSession(file: string, session: Omit<Session, 'problems'> & { problems?: Session['problems'] }): string {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, serializeSession({ ...session, problems: [] } as Session).join('\n') + '\n');
  return file;
}

export function writeSynthesized(file: string, text: string, seed: number): string {
  return writeSession(file, synthesizeFingerspelling(text, { seed }).session);
}

export async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd });
  return { code, stdout, stderr };
}

/** Each session's evaluation computed from replaySession's results (one host, batches of 64), the scored frames dropped. */
export async function expectedEvaluations(model: string, files: string[], options: { profileFile?: string; scoredLabels?: string[] } = {}) {
  const client = new ModelHostClient({ hostScript: findHostScript(), intraOpThreads: 1 });
  try {
    const loaded = await loadModelWithProfile(client, model, { profileFile: options.profileFile });
    const profile = loaded.resolved.profile;
    const out: Array<Omit<SessionEvaluation, 'scored'>> = [];
    for (const file of files) {
      const session = await readSession(file);
      const replay = await replaySession(session, profile, client.createRunner(profile, 64), { batchSize: 64 });
      const { scored: _scored, ...figures } = evaluateSession(session.labels, replay.frames, profile.labels, { scoredLabels: options.scoredLabels });
      out.push(figures);
    }
    return { labels: profile.labels, evaluations: out };
  } finally {
    await client.dispose();
  }
}
