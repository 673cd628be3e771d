import { basename } from 'node:path';
import type { EvaluationReport, ModelReport } from './evaluationReport';
import type { EvaluationFigures } from '../../core/evaluation/types';
import type { Delta } from '../../core/evaluation/compareEvaluations';

const LISTED = 20;

const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const ms = (v: number | null) => (v === null ? '–' : `${Math.round(v)} ms`);
const signed = (v: Delta, format: (x: number) => string) => (v === null ? '–' : `${v > 0 ? '+' : v < 0 ? '−' : '±'}${format(Math.abs(v))}`);
const dPct = (v: Delta) => signed(v, (x) => `${(x * 100).toFixed(1)} pp`);
const dMs = (v: Delta) => signed(v, (x) => `${Math.round(x)} ms`);
const dCount = (v: Delta) => signed(v, (x) => String(x));
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cellText = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown table; `textColumns` are left-aligned, the others (figures) right-aligned, the first always left. */
function table(header: string[], rows: string[][], textColumns = 1): string[] {
  const rule = header.map((_, i) => (i < textColumns ? ' --- ' : ' ---: ')).join('|');
  return [`| ${header.join(' | ')} |`, `|${rule}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function figures(f: EvaluationFigures): string[] {
  const t = f.timeToCorrect;
  return [String(f.frames), String(f.scoredFrames), pct(f.frameAccuracy), pct(f.cer.value), `${ms(t.p50Ms)} / ${ms(t.p90Ms)}`, `${t.never} of ${t.spans}`];
}

const FIGURE_HEADER = ['frames', 'scored', 'frame accuracy', 'CER', 'time to correct p50 / p90', 'never correct'];

/** The most frequent wrong cells of the overall matrix. */
function confusions(f: EvaluationFigures, limit = 10): string[][] {
  const cells: Array<[string, string, number]> = [];
  f.confusion.matrix.forEach((row, i) => row.forEach((n, j) => n > 0 && i !== j && cells.push([f.confusion.labels[i], f.confusion.labels[j], n])));
  cells.sort((a, b) => b[2] - a[2]);
  return cells.slice(0, limit).map(([label, prediction, n]) => [label, prediction, String(n), pct(n / Math.max(1, f.perClass.find((c) => c.label === label)!.support))]);
}

function modelSection(m: ModelReport, title: string): string[] {
  const out = [`### ${title}`, ''];
  out.push(...table(['', ...FIGURE_HEADER], [['**overall**', ...figures(m.overall)], ...m.sessions.map((s) => [code(s.session), ...figures(s)])]), '');
  const classes = m.overall.perClass.filter((c) => c.support > 0 || c.predicted > 0);
  if (classes.length) {
    out.push('<details><summary>Per class</summary>', '');
    out.push(...table(['label', 'support', 'precision', 'recall', 'F1'], classes.map((c) => [code(c.label), String(c.support), pct(c.precision), pct(c.recall), pct(c.f1)])), '', '</details>', '');
  }
  const worst = confusions(m.overall).map(([label, prediction, ...rest]) => [code(label), code(prediction), ...rest]);
  if (worst.length) out.push('Most frequent confusions:', '', ...table(['label', 'read as', 'frames', 'of the label'], worst, 2), '');
  const sessions = m.sessions.filter((s) => s.reference !== '' || s.transcript !== '');
  if (sessions.length) {
    out.push('<details><summary>Transcripts</summary>', '');
    out.push(...table(['session', 'transcript', 'reference'], sessions.map((s) => [code(s.session), code(s.transcript), code(s.reference)]), 3), '', '</details>', '');
  }
  if (m.overall.cer.missingCharacters.length) out.push(`Characters of the labels this model has no class for (counted as errors): ${m.overall.cer.missingCharacters.map((c) => code(c)).join(' ')}`, '');
  if (m.overall.labelsNotInModel.length) {
    const shown = m.overall.labelsNotInModel.slice(0, LISTED).map((l) => `${code(cellText(l.text))} (${l.frames} frames)`);
    out.push(`Labels that are not classes of this model (their frames are labelled but not scored): ${shown.join(', ')}${m.overall.labelsNotInModel.length > LISTED ? `, and ${m.overall.labelsNotInModel.length - LISTED} more` : ''}`, '');
  }
  return out;
}

function comparisonSection(report: EvaluationReport): string[] {
  const c = report.comparison!;
  const [a, b] = report.models;
  const out = ['### Difference (second minus first)', ''];
  if (!c.labels.same) {
    out.push(`The models' labels differ: only the first has ${c.labels.onlyInFirst.map(code).join(' ') || 'none'}; only the second has ${c.labels.onlyInSecond.map(code).join(' ') || 'none'}. Both are compared on the ${c.labels.shared.length} labels they share.`, '');
  }
  const d = c.overall;
  out.push(
    ...table(['', 'frame accuracy', 'CER', 'time to correct p50', 'p90', 'never correct', 'scored frames'], [
      ['**overall**', dPct(d.frameAccuracy), dPct(d.cer), dMs(d.timeToCorrect.p50Ms), dMs(d.timeToCorrect.p90Ms), dCount(d.timeToCorrect.never), dCount(d.scoredFrames)],
      ...c.sessions.map((s) => [code(s.session), dPct(s.frameAccuracy), dPct(s.cer), dMs(s.timeToCorrect.p50Ms), dMs(s.timeToCorrect.p90Ms), dCount(s.timeToCorrect.never), dCount(s.scoredFrames)]),
    ]),
    '',
  );
  const changed = d.perClass.filter((x) => x.f1 !== null && Math.abs(x.f1) >= 0.005).sort((x, y) => Math.abs(y.f1!) - Math.abs(x.f1!));
  if (changed.length) {
    const f1 = (m: ModelReport, label: string) => pct(m.overall.perClass.find((x) => x.label === label)?.f1 ?? null);
    out.push('<details><summary>F1 per class, largest changes first</summary>', '');
    out.push(...table(['label', 'first', 'second', 'difference'], changed.map((x) => [code(x.label), f1(a, x.label), f1(b, x.label), dPct(x.f1)])), '', '</details>', '');
  }
  return out;
}

/** A report to paste into a pull request: a summary table per model, the difference of two models, what was left out and why. */
export function reportMarkdown(report: EvaluationReport): string {
  const s = report.sessions;
  const frames = report.models[0]?.overall.frames ?? 0;
  const out = [`## Evaluation against labels: ${s.evaluated} session${s.evaluated === 1 ? '' : 's'}, ${frames} frames`, ''];
  out.push(
    'Frame accuracy: scored frames (labelled with one of the model\'s labels, with a smoothed distribution) whose smoothed argmax is the label. ' +
      'CER: edit distance from the decoder\'s transcript to the labels\' text, over the text\'s length. Time to correct: from a label span\'s start to its first correct frame.',
    '',
  );
  report.models.forEach((m, i) => {
    const title = report.models.length > 1 ? `${i === 0 ? 'First' : 'Second'} model: ${code(basename(m.model))}` : `Model: ${code(basename(m.model))}`;
    out.push(...modelSection(m, `${title}${m.profileFile ? ` with ${code(basename(m.profileFile))}` : ''} (${m.labels.length} labels)`));
  });
  if (report.comparison) out.push(...comparisonSection(report));
  if (s.withoutLabels.count) {
    const names = s.withoutLabels.names.slice(0, LISTED).map(code).join(', ');
    out.push(`**${s.withoutLabels.count} session${s.withoutLabels.count === 1 ? '' : 's'} without labels** (not evaluated): ${names}${s.withoutLabels.count > LISTED ? `, and ${s.withoutLabels.count - LISTED} more` : ''}`, '');
  }
  if (s.unreadable.count) {
    out.push(`**${s.unreadable.count} file${s.unreadable.count === 1 ? '' : 's'} could not be read:**`, '');
    for (const u of s.unreadable.files.slice(0, LISTED)) out.push(`- ${code(u.name)}: ${cellText(u.error)}`);
    if (s.unreadable.count > LISTED) out.push(`- and ${s.unreadable.count - LISTED} more`);
    out.push('');
  }
  return out.join('\n');
}
