import type { EvaluationReport } from './evaluationReport';
import type { EvaluationFigures } from '../../core/evaluation/types';
import type { EvaluationDelta } from '../../core/evaluation/compareEvaluations';

const COLUMNS = [
  'model', 'session', 'frames', 'labelledFrames', 'scoredFrames', 'correctFrames', 'frameAccuracy', 'cer', 'cerDistance',
  'referenceLength', 'spans', 'neverCorrect', 'timeToCorrectP50Ms', 'timeToCorrectP90Ms', 'transcript', 'reference',
];

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function figuresRow(model: string, session: string, f: EvaluationFigures & { transcript?: string; reference?: string }): string[] {
  const t = f.timeToCorrect;
  return [model, session, f.frames, f.labelledFrames, f.scoredFrames, f.correctFrames, f.frameAccuracy, f.cer.value, f.cer.distance, f.cer.referenceLength, t.spans, t.never, t.p50Ms, t.p90Ms, f.transcript, f.reference].map(cell);
}

function deltaRow(session: string, d: EvaluationDelta): string[] {
  const t = d.timeToCorrect;
  return ['difference', session, d.frames, null, d.scoredFrames, null, d.frameAccuracy, d.cer, null, null, t.spans, t.never, t.p50Ms, t.p90Ms, null, null].map(cell);
}

/** One row per model and session, an "overall" row per model, and with two models "difference" rows (second minus first). */
export function* reportCsvLines(report: EvaluationReport): Generator<string> {
  yield COLUMNS.join(',');
  for (const m of report.models) {
    for (const s of m.sessions) yield figuresRow(m.model, s.session, s).join(',');
    yield figuresRow(m.model, 'overall', m.overall).join(',');
  }
  if (report.comparison) {
    for (const s of report.comparison.sessions) yield deltaRow(s.session, s).join(',');
    yield deltaRow('overall', report.comparison.overall).join(',');
  }
}
