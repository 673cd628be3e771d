/**
 * The "Compare models" card: the button that asks for a model (or profile) to compare with, and once the
 * worker compared them, the figures side by side with the second's minus the first's, the label sets'
 * difference, how many frames differ, and the two transcripts one above the other. Swap makes the compared
 * model the panel's (the extension analyses again and compares with the former); Close ends it.
 */
import { DIFF_SENT, DIFF_TOP1 } from '../../core/evaluation/frameDifferences';
import type { ComparisonMessage, EvaluationShownMessage } from '../../protocol/messages';
import { el, setText } from '../dom';
import type { Compared } from '../comparisonState';
import { milliseconds, percent, shownText, signed } from '../metricsFormat';
import type { Card, PanelContext } from '../panelView';
import { button } from '../toolkit';
import { cardSection } from './cardSection';

type Figures = NonNullable<ComparisonMessage['figures']>;

export class ComparisonCard implements Card<null> {
  readonly element: HTMLElement;
  readonly view = null;
  private readonly status = el('p', { class: 'muted', id: 'compare-status', 'aria-live': 'polite' });
  private readonly body = el('div', { class: 'comparison', id: 'comparison' });
  private readonly close: HTMLElement;
  private readonly swap: HTMLElement;
  private shownFor: Compared | null | undefined = undefined;
  private shownResult: ComparisonMessage | null = null;

  constructor(private readonly ctx: PanelContext) {
    const compare = button({ label: 'Compare with model…', ariaLabel: 'Compare with another model or profile', secondary: true, id: 'compare-model' }, () => ctx.post({ type: 'compareModel' }));
    this.close = button({ label: 'Close comparison', secondary: true, id: 'close-comparison' }, () => ctx.post({ type: 'closeComparison' }));
    this.swap = button({ label: 'Swap models', ariaLabel: 'Swap models: analyse with the compared model, compare with this one', secondary: true, id: 'swap-models' }, () => {
      this.swap.hidden = true;
      setText(this.status, 'Swapping the models: the panel analyses the session with the compared model…');
      ctx.post({ type: 'swapModels' });
    });
    this.element = cardSection('card-comparison', 'Compare models', 'wide', [this.status, this.body], [el('div', { class: 'card-actions' }, [compare, this.swap, this.close])]);
    ctx.comparison.onChange(() => this.show());
    this.show();
  }

  render(): void {
    const compared = this.ctx.comparison.get();
    if (compared && !compared.result) {
      const { store } = compared;
      setText(this.status, `Analysing the session with ${compared.model}: ${store.resultsReceived} of ${store.frameCount} frames…`);
    }
  }

  private show(): void {
    const compared = this.ctx.comparison.get();
    const result = compared?.result ?? null;
    if (compared === this.shownFor && result === this.shownResult) return;
    this.shownFor = compared;
    this.shownResult = result;
    this.close.hidden = !compared;
    // Only a finished comparison swaps: both analyses are then in the results cache.
    this.swap.hidden = !result;
    if (!compared) {
      const error = this.ctx.comparison.error;
      setText(this.status, error
        ? `The comparison stopped: ${error}`
        : 'Compare this session with another model, or the same model with another profile (Landmark Lens: Compare With Model…).');
      this.body.replaceChildren();
      return;
    }
    if (!result) {
      this.body.replaceChildren();
      return;
    }
    const first = this.ctx.evaluation.get(0)?.model ?? this.ctx.init.model?.path.split(/[\\/]/).pop() ?? 'the panel\'s model';
    setText(this.status, `${first} (solid lines) against ${compared.model} (dotted lines).`);
    this.body.replaceChildren(...comparisonView(result, first, compared.model));
    // What is shown of the compared model (the integration suite checks it against `evaluate`'s second model).
    if (result.figures) this.ctx.post({ type: 'evaluationShown', slot: 1, figures: result.figures.second as EvaluationShownMessage['figures'] });
  }
}

function comparisonView(m: ComparisonMessage, first: string, second: string): HTMLElement[] {
  let top = 0;
  let sent = 0;
  for (const d of m.diff) {
    if (d & DIFF_TOP1) top++;
    if (d & DIFF_SENT) sent++;
  }
  const parts: HTMLElement[] = [
    el('p', { id: 'compare-diff' }, [`The top-1 prediction differs on ${top} of ${m.diff.length} frames, the sent reply on ${sent} (the timeline's diff lane).`]),
  ];
  if (!m.labels.same) {
    const only = (list: string[]) => (list.length ? list.join(', ') : 'none');
    parts.push(el('p', { class: 'warning-line', id: 'compare-labels' }, [
      `The label sets differ (only ${first}: ${only(m.labels.onlyInFirst)}; only ${second}: ${only(m.labels.onlyInSecond)}): both are scored on the ${m.labels.shared.length} labels they share.`,
    ]));
  }
  parts.push(el('div', { class: 'metrics-texts', id: 'compare-transcripts' }, [
    el('div', {}, [el('span', { class: 'muted' }, [`${first} `]), el('code', {}, [shownText(m.transcripts[0] ?? '')])]),
    el('div', {}, [el('span', { class: 'muted' }, [`${second} `]), el('code', {}, [shownText(m.transcripts[1] ?? '')])]),
    ...(m.figures ? [el('div', {}, [el('span', { class: 'muted' }, ['reference ']), el('code', {}, [shownText((m.figures.first as { reference?: string }).reference ?? '')])])] : []),
  ]));
  parts.push(m.figures ? figuresTable(m.figures, first, second) : el('p', { class: 'muted' }, ['The session has no label lines: no figures to compare.']));
  return parts;
}

const pct = (v: number) => `${(v * 100).toFixed(1)} pt`;
const ms = (v: number) => milliseconds(v);
const count = (v: number) => String(v);

function figuresTable(f: Figures, first: string, second: string): HTMLElement {
  const { first: a, second: b, delta: d } = f;
  const row = (name: string, va: string, vb: string, dv: string) =>
    el('tr', {}, [el('th', { scope: 'row' }, [name]), el('td', {}, [va]), el('td', {}, [vb]), el('td', { class: 'delta' }, [dv])]);
  const rows = [
    row('scored frames', String(a.scoredFrames), String(b.scoredFrames), signed(d.scoredFrames, count)),
    row('frame accuracy', percent(a.frameAccuracy), percent(b.frameAccuracy), signed(d.frameAccuracy, pct)),
    row('CER', percent(a.cer.value), percent(b.cer.value), signed(d.cer, pct)),
    row('time to correct p50', milliseconds(a.timeToCorrect.p50Ms), milliseconds(b.timeToCorrect.p50Ms), signed(d.timeToCorrect.p50Ms, ms)),
    row('time to correct p90', milliseconds(a.timeToCorrect.p90Ms), milliseconds(b.timeToCorrect.p90Ms), signed(d.timeToCorrect.p90Ms, ms)),
    row('spans never correct', `${a.timeToCorrect.never} of ${a.timeToCorrect.spans}`, `${b.timeToCorrect.never} of ${b.timeToCorrect.spans}`, signed(d.timeToCorrect.never, count)),
  ];
  const classA = new Map(a.perClass.map((c) => [c.label, c]));
  const classB = new Map(b.perClass.map((c) => [c.label, c]));
  for (const c of d.perClass) {
    const ca = classA.get(c.label);
    const cb = classB.get(c.label);
    if (!ca || !cb || (ca.support === 0 && cb.support === 0 && ca.predicted === 0 && cb.predicted === 0)) continue;
    rows.push(row(`F1 ${c.label}`, percent(ca.f1), percent(cb.f1), signed(c.f1, pct)));
  }
  return el('table', { class: 'per-class compare-table', id: 'compare-table', 'aria-label': `Figures of ${first} and ${second}, scored on ${f.scoredOn}` }, [
    el('thead', {}, [el('tr', {}, [
      el('th', { scope: 'col' }, [`scored on ${f.scoredOn}`]),
      el('th', { scope: 'col' }, [first]),
      el('th', { scope: 'col' }, [second]),
      el('th', { scope: 'col' }, ['Δ (second − first)']),
    ])]),
    el('tbody', {}, rows),
  ]);
}
