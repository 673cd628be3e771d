/**
 * The "Metrics against labels" card: `evaluate`'s figures for this session and model (frames, scored
 * frames, frame accuracy, per class support / precision / recall / F1, time to correct, CER with the
 * transcript above the reference and the characters the model has no class for). The figures come
 * computed from the replay worker; this card only writes them.
 */
import type { EvaluationShownMessage } from '../../protocol/messages';
import { el } from '../dom';
import type { ShownEvaluation } from '../evaluationState';
import { milliseconds, percent, shownText } from '../metricsFormat';
import type { Card, PanelContext } from '../panelView';
import { cardSection } from './cardSection';

export class MetricsCard implements Card<null> {
  readonly element: HTMLElement;
  readonly view = null;
  private readonly body = el('div', { class: 'metrics', id: 'metrics', 'aria-live': 'polite' });

  constructor(private readonly ctx: PanelContext) {
    this.element = cardSection('card-metrics', 'Metrics against labels', 'wide', [this.body]);
    ctx.evaluation.onChange(() => this.show());
  }

  render(): void {
    // The figures are built when an evaluation arrives; until then, say why there are none.
    if (!this.ctx.evaluation.get(0)) this.showEmpty();
  }

  private showEmpty(): void {
    const { store, analysis } = this.ctx;
    const text = store.labelSpans.length === 0
      ? 'This session has no label lines ({"type":"label","t0":…,"t1":…,"text":"A"}): there is nothing to score the model against.'
      : analysis.stopped
        ? 'The analysis stopped: there are no figures to show.'
        : 'The figures appear when the analysis has finished.';
    if (this.body.textContent !== text) this.body.replaceChildren(el('p', { class: 'muted' }, [text]));
  }

  private show(): void {
    const shown = this.ctx.evaluation.get(0);
    if (!shown) {
      this.showEmpty();
      return;
    }
    this.body.replaceChildren(...metricsView(shown));
    const message: EvaluationShownMessage = { type: 'evaluationShown', slot: 0, figures: shown.figures };
    this.ctx.post(message);
  }
}

/** The figures of one evaluation: the summary, the texts, what could not be scored, the per-class table. */
export function metricsView({ figures: f, model }: ShownEvaluation): HTMLElement[] {
  const t = f.timeToCorrect;
  const summary = el('dl', { class: 'metrics-summary' }, [
    ...term('Model', model),
    ...term('Frames', `${f.frames} (${f.labelledFrames} labelled, ${f.scoredFrames} scored)`),
    ...term('Frame accuracy', `${percent(f.frameAccuracy)} (${f.correctFrames} of ${f.scoredFrames})`, 'metric-accuracy'),
    ...term('CER', `${percent(f.cer.value)} (${f.cer.distance} edits / ${f.cer.referenceLength} characters)`, 'metric-cer'),
    ...term('Time to correct', `p50 ${milliseconds(t.p50Ms)} · p90 ${milliseconds(t.p90Ms)} · never ${t.never} of ${t.spans} spans`, 'metric-ttc'),
  ]);
  const texts = el('div', { class: 'metrics-texts' }, [
    el('div', {}, [el('span', { class: 'muted' }, ['transcript ']), el('code', { id: 'metric-transcript' }, [shownText(f.transcript)])]),
    el('div', {}, [el('span', { class: 'muted' }, ['reference ']), el('code', { id: 'metric-reference' }, [shownText(f.reference)])]),
  ]);
  const notes: HTMLElement[] = [];
  if (f.cer.missingCharacters.length) {
    notes.push(el('li', { id: 'metric-missing' }, [`Characters without a class (counted as errors): ${f.cer.missingCharacters.map((c) => `“${c}”`).join(' ')}`]));
  }
  if (f.labelsNotInModel.length) {
    notes.push(el('li', { id: 'metric-unknown-labels' }, [`Labels not among the model's classes (not scored): ${f.labelsNotInModel.map((l) => `“${l.text}” (${l.frames} frames)`).join(', ')}`]));
  }
  return [
    summary,
    texts,
    ...(notes.length ? [el('ul', { class: 'warnings' }, notes)] : []),
    perClassTable(f.perClass),
  ];
}

function term(name: string, value: string, id?: string): HTMLElement[] {
  return [el('dt', {}, [name]), el('dd', { id }, [value])];
}

/** The classes that were labelled or predicted (the others have no figures to show). */
function perClassTable(perClass: ShownEvaluation['figures']['perClass']): HTMLElement {
  const rows = perClass.filter((c) => c.support > 0 || c.predicted > 0);
  if (!rows.length) return el('p', { class: 'muted' }, ['No frame was scored: no class has figures.']);
  return el('table', { class: 'per-class', id: 'per-class', 'aria-label': 'Per class figures' }, [
    el('thead', {}, [el('tr', {}, ['class', 'support', 'predicted', 'precision', 'recall', 'F1'].map((h) => el('th', { scope: 'col' }, [h])))]),
    el('tbody', {}, rows.map((c) =>
      el('tr', {}, [
        el('th', { scope: 'row' }, [c.label]),
        el('td', {}, [String(c.support)]),
        el('td', {}, [String(c.predicted)]),
        el('td', {}, [percent(c.precision)]),
        el('td', {}, [percent(c.recall)]),
        el('td', {}, [percent(c.f1)]),
      ]),
    )),
  ]);
}
