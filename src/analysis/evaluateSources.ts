import type { PipelineProfile } from '../core/model/profile';
import type { ModelRunner } from '../core/pipeline/types';
import type { NamedSession, SessionSource } from '../core/session/sessionSources';
import type { Session } from '../core/session/types';
import { formatProblem } from '../core/session/formatProblem';
import { SessionEvaluator } from '../core/evaluation/sessionEvaluator';
import type { SessionEvaluation } from '../core/evaluation/types';
import { labelSetDifference } from '../core/evaluation/compareEvaluations';
import { errorText } from '../core/errorText';
import { analyseSession } from './analyseSession';

export interface EvaluationModel {
  profile: PipelineProfile;
  runner: ModelRunner;
}

export interface EvaluatedSession {
  name: string;
  /** One per model, in the models' order. */
  evaluations: SessionEvaluation[];
  /** With two models of different label sets: each scored on the labels both have (else absent). */
  onSharedLabels?: SessionEvaluation[];
  /** Windows each model ran on, in the models' order. */
  windows: number[];
}

export interface EvaluationRun {
  sessions: EvaluatedSession[];
  /** Sessions with no label line: counted and named, not analysed. */
  withoutLabels: string[];
  /** Files or sequences that could not be read, with the one-line reason. */
  unreadable: Array<{ name: string; error: string }>;
}

export interface EvaluationProgress {
  /** Files of sessions read so far, of all. */
  sourcesDone: number;
  sources: number;
  /** The session being analysed, and its frames done of all (the slowest of the jobs). */
  session: string | null;
  framesDone: number;
  frames: number;
}

export interface EvaluateOptions {
  /** Files of sessions analysed at once (default 2: one is read and prepared while another's windows run). */
  jobs?: number;
  onProgress?: (progress: EvaluationProgress) => void;
}

/**
 * Evaluates every session of `sources` with each model: each session is analysed the replay panel's way
 * (analyseSession) and its final results are fed, as they come, to one SessionEvaluator per model (and,
 * for two models with different labels, one more each on the shared labels). Sessions keep the sources'
 * order whatever order they finish in.
 */
export async function evaluateSources(sources: readonly SessionSource[], models: readonly EvaluationModel[], options: EvaluateOptions = {}): Promise<EvaluationRun> {
  const jobs = Math.max(1, Math.floor(options.jobs ?? 2));
  const labelSets = models.map((m) => m.profile.labels);
  const difference = models.length === 2 ? labelSetDifference(labelSets[0], labelSets[1]) : null;
  const shared = difference && !difference.same ? difference.shared : null;
  const perSource: Array<{ sessions: EvaluatedSession[]; withoutLabels: string[]; unreadable: EvaluationRun['unreadable'] }> = [];
  let next = 0;
  let sourcesDone = 0;
  const progress: EvaluationProgress = { sourcesDone: 0, sources: sources.length, session: null, framesDone: 0, frames: 0 };

  const evaluateSession = async (name: string, session: Session): Promise<EvaluatedSession> => {
    const evaluations: SessionEvaluation[] = [];
    const onSharedLabels: SessionEvaluation[] = [];
    const windows: number[] = [];
    for (const [m, model] of models.entries()) {
      const evaluators = [new SessionEvaluator(session.labels, model.profile.labels)];
      if (shared) evaluators.push(new SessionEvaluator(session.labels, model.profile.labels, { scoredLabels: shared }));
      let transcript = '';
      const outcome = await analyseSession(session, model.profile, model.runner, {
        onFinal: (frames) => {
          for (const frame of frames) for (const e of evaluators) e.add(frame);
          if (frames.length) transcript = frames[frames.length - 1].transcript;
        },
        onProgress: (done, total) => {
          Object.assign(progress, { session: name, framesDone: (m * total + done) / models.length, frames: total });
          options.onProgress?.(progress);
        },
      });
      windows.push(outcome.result.windows);
      evaluations.push(evaluators[0].finish(transcript));
      if (shared) onSharedLabels.push(evaluators[1].finish(transcript));
    }
    return { name, evaluations, ...(shared ? { onSharedLabels } : {}), windows };
  };

  const worker = async (): Promise<void> => {
    for (let k = next++; k < sources.length; k = next++) {
      const source = sources[k];
      const result: (typeof perSource)[number] = { sessions: [], withoutLabels: [], unreadable: [] };
      perSource[k] = result;
      let named: NamedSession[];
      try {
        named = await source.read();
      } catch (error) {
        result.unreadable.push({ name: source.name, error: errorText(error) });
        named = [];
      }
      for (const { name, session } of named) {
        // A torn last line (a warning) leaves the session whole up to it: it is evaluated.
        const errors = session.problems.filter((p) => !p.warning);
        if (errors.length > 0) {
          const more = errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : '';
          result.unreadable.push({ name, error: `${formatProblem(errors[0])}${more}` });
        } else if (session.labels.length === 0) {
          result.withoutLabels.push(name);
        } else {
          result.sessions.push(await evaluateSession(name, session));
        }
      }
      progress.sourcesDone = ++sourcesDone;
      options.onProgress?.(progress);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, Math.max(1, sources.length)) }, worker));
  return {
    sessions: perSource.flatMap((r) => r.sessions),
    withoutLabels: perSource.flatMap((r) => r.withoutLabels),
    unreadable: perSource.flatMap((r) => r.unreadable),
  };
}
