import type { EvaluationRun } from '../../analysis/evaluateSources';
import { combineEvaluations } from '../../core/evaluation/combineEvaluations';
import { compareEvaluations, labelSetDifference, type EvaluationDelta, type LabelSetDifference } from '../../core/evaluation/compareEvaluations';
import type { EvaluationFigures, SessionEvaluation } from '../../core/evaluation/types';

export interface ReportModel {
  /** The model file. */
  model: string;
  /** The profile file used, if any. */
  profileFile: string | null;
  labels: string[];
}

export type SessionFigures = Omit<SessionEvaluation, 'scored'> & { session: string; windows: number };

export interface ModelReport extends ReportModel {
  overall: EvaluationFigures;
  sessions: SessionFigures[];
}

export interface EvaluationReport {
  models: ModelReport[];
  /** With two models: the second's figures minus the first's. */
  comparison?: {
    labels: LabelSetDifference;
    /** 'all labels' when both models have the same; else both were scored on the shared labels only. */
    scoredOn: 'all labels' | 'shared labels';
    overall: EvaluationDelta;
    sessions: Array<EvaluationDelta & { session: string }>;
  };
  sessions: {
    evaluated: number;
    withoutLabels: { count: number; names: string[] };
    unreadable: { count: number; files: Array<{ name: string; error: string }> };
    /** Files under the folders that are not sessions. */
    ignoredFiles: number;
  };
}

function withoutFacts(e: SessionEvaluation): Omit<SessionEvaluation, 'scored'> {
  const { scored: _scored, ...figures } = e;
  return figures;
}

/** The report of a run: per model overall and per session, and with two models the difference of each figure. */
export function evaluationReport(run: EvaluationRun, models: readonly ReportModel[], ignoredFiles: number): EvaluationReport {
  const perModel = models.map((model, m) => {
    const evaluations = run.sessions.map((s) => s.evaluations[m]);
    return {
      ...model,
      overall: combineEvaluations(evaluations, model.labels),
      sessions: run.sessions.map((s) => ({ session: s.name, windows: s.windows[m], ...withoutFacts(s.evaluations[m]) })),
    };
  });
  const report: EvaluationReport = {
    models: perModel,
    sessions: {
      evaluated: run.sessions.length,
      withoutLabels: { count: run.withoutLabels.length, names: run.withoutLabels },
      unreadable: { count: run.unreadable.length, files: run.unreadable },
      ignoredFiles,
    },
  };
  if (models.length === 2) {
    const labels = labelSetDifference(models[0].labels, models[1].labels);
    const onShared = !labels.same;
    const pick = (s: EvaluationRun['sessions'][number], m: number) => (onShared ? s.onSharedLabels![m] : s.evaluations[m]);
    const overall = models.map((model, m) =>
      onShared ? combineEvaluations(run.sessions.map((s) => pick(s, m)), model.labels) : perModel[m].overall,
    );
    report.comparison = {
      labels,
      scoredOn: onShared ? 'shared labels' : 'all labels',
      overall: compareEvaluations(overall[0], overall[1]),
      sessions: run.sessions.map((s) => ({ session: s.name, ...compareEvaluations(pick(s, 0), pick(s, 1)) })),
    };
  }
  return report;
}
