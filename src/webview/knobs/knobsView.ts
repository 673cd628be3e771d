/**
 * The knobs in the "Model and profile" card: one editable control per knob with where its value came
 * from, "edited" where it differs from the resolved profile, the figures before and after, Reset and
 * "Save as profile…", and, when a knob that needs the model was edited, a note and a re-run button.
 */
import type { PipelineProfile, ProfileSource } from '../../core/model/profile';
import type { KnobValues, WebviewToExtension } from '../../protocol/messages';
import { el, setHidden, setText, toggleClass } from '../dom';
import { button, type Control } from '../toolkit';
import type { KnobController, KnobFigures, KnobState } from './knobController';
import { KNOB_FIELDS, knobSource, parseKnob, profileFieldsOfKnobs, type KnobField, type KnobName } from './knobFields';

interface Row {
  field: KnobField;
  input: HTMLInputElement | HTMLSelectElement;
  edited: HTMLElement;
  problem: HTMLElement;
  row: HTMLElement;
}

function formatFigures(f: KnobFigures | null): string {
  if (!f) return '';
  const parts = [`${f.repliesSent} replies sent`, `transcript "${f.transcript}"`];
  if (f.frameAccuracy !== null) parts.push(`frame accuracy ${(f.frameAccuracy * 100).toFixed(1)}%`);
  if (f.cer !== null) parts.push(`CER ${f.cer.toFixed(3)}`);
  return parts.join(' · ');
}

export class KnobsView {
  readonly element: HTMLElement;
  private readonly rows = new Map<KnobName, Row>();
  private readonly figures = el('p', { class: 'knob-figures', 'aria-live': 'polite' });
  private readonly resolvedFigures = el('p', { class: 'knob-figures muted' });
  private readonly status = el('p', { class: 'knob-status', role: 'status' });
  private readonly modelNote = el('div', { class: 'knob-model-note', hidden: true });
  private readonly rerun: Control;
  private readonly save: Control;
  private readonly resetButton: Control;

  constructor(
    private readonly controller: KnobController,
    profile: PipelineProfile,
    sources: Record<keyof PipelineProfile, ProfileSource>,
    private readonly post: (message: WebviewToExtension) => void,
  ) {
    const body = KNOB_FIELDS.map((field) => this.row(field, profile, sources));
    this.resetButton = button({ label: 'Reset', secondary: true, id: 'knobs-reset', title: 'Return every knob to the resolved profile' }, () => controller.reset());
    this.save = button({ label: 'Save as profile…', secondary: true, id: 'knobs-save', title: "Write these values to the model's sidecar <model>.profile.json" }, () =>
      this.post({ type: 'saveProfile', profile: profileFieldsOfKnobs(controller.current.values) }),
    );
    this.rerun = button({ label: 'Re-run the analysis', id: 'knobs-rerun' }, () => {
      const { values, edited } = controller.current;
      this.post({ type: 'reanalyse', overrides: profileFieldsOfKnobs(values, edited) });
    });
    this.modelNote.append(el('span', {}, ['']), this.rerun);
    this.element = el('div', { class: 'knobs', id: 'knobs' }, [
      el('table', { class: 'profile knob-table', 'aria-label': 'Pipeline knobs' }, [
        el('thead', {}, [el('tr', {}, [el('th', {}, ['knob']), el('th', {}, ['value']), el('th', {}, ['source'])])]),
        el('tbody', {}, body.map((r) => r.row)),
      ]),
      this.modelNote,
      el('div', { class: 'knob-actions' }, [this.resetButton, this.save]),
      this.status,
      this.figures,
      this.resolvedFigures,
    ]);
    controller.onChange((state) => this.show(state));
    this.show(controller.current);
  }

  private row(field: KnobField, profile: PipelineProfile, sources: Record<keyof PipelineProfile, ProfileSource>): Row {
    const id = `knob-${field.name}`;
    const value = String(this.controller.current.values[field.name]);
    let input: HTMLInputElement | HTMLSelectElement;
    if (field.kind === 'choice' || field.kind === 'target') {
      const options =
        field.kind === 'target'
          ? [['session', "session's targets"], ['free', 'free mode'], ...profile.labels.filter((l) => Array.from(l).length === 1).map((l) => [l, l])]
          : field.choices!.map((c) => [c, c]);
      input = el('select', { id, class: 'plain-select knob-input', 'aria-label': field.label, title: field.help }, options.map(([v, label]) => el('option', { value: v }, [label])));
      input.value = value;
      input.addEventListener('change', () => this.edit(field, input.value));
    } else {
      input = el('input', {
        id,
        class: 'knob-input',
        type: 'number',
        min: field.min,
        max: field.max,
        step: field.step,
        'aria-label': field.label,
        title: field.help,
        value,
      });
      input.addEventListener('input', () => this.edit(field, input.value));
    }
    const source = knobSource(field, sources);
    const edited = el('span', { class: 'knob-edited', hidden: true }, ['edited']);
    const problem = el('span', { class: 'knob-problem', hidden: true });
    const row = el('tr', { 'data-knob': field.name }, [
      el('th', { scope: 'row' }, [el('label', { for: id, title: field.help }, [field.label])]),
      el('td', {}, [input, problem]),
      el('td', { class: 'knob-source' }, [el('span', { class: `source source-${source}`, title: `where the value ${value} came from` }, [source]), ' ', edited]),
    ]);
    const r = { field, input, edited, problem, row };
    this.rows.set(field.name, r);
    return r;
  }

  private edit(field: KnobField, text: string): void {
    const row = this.rows.get(field.name)!;
    const parsed = parseKnob(field, text, this.controller.labels);
    if ('error' in parsed) {
      row.problem.hidden = false;
      setText(row.problem, parsed.error);
      toggleClass(row.input, 'invalid', true);
      return;
    }
    setHidden(row.problem, true);
    toggleClass(row.input, 'invalid', false);
    this.controller.set({ [field.name]: parsed.value } as Partial<KnobValues>);
  }

  private show(state: KnobState): void {
    for (const [name, row] of this.rows) {
      const value = String(state.values[name]);
      const isEdited = state.edited.includes(name);
      // A field being typed in keeps the user's text (a half-typed number is not rewritten).
      if (document.activeElement !== row.input && row.input.value !== value) row.input.value = value;
      if (!isEdited && row.input.classList.contains('invalid') && document.activeElement !== row.input) {
        row.problem.hidden = true;
        toggleClass(row.input, 'invalid', false);
      }
      // Written only when they change: a knob change then touches the DOM of its own row alone.
      if (row.edited.hidden === isEdited) {
        row.edited.hidden = !isEdited;
        row.edited.title = isEdited ? `edited: the profile gives ${String(this.controller.resolved[name])}` : '';
      }
      toggleClass(row.row, 'knob-row-edited', isEdited);
    }
    const needsModel = state.needsModel.map((n) => this.rows.get(n)!.field.label.toLowerCase());
    setHidden(this.modelNote, needsModel.length === 0);
    setText(this.modelNote.firstChild!, needsModel.length ? `Changing the ${needsModel.join(', ')} needs the model to run again; the replies below do not include it.` : '');
    setText(this.status, state.error ?? (state.edited.length ? `${state.edited.length} edited: recomputed from the window outputs, without the model.` : 'The resolved profile.'));
    toggleClass(this.status, 'knob-error', state.error !== null);
    setText(this.figures, state.figures ? `Now: ${formatFigures(state.figures)}` : '');
    setText(this.resolvedFigures, state.resolvedFigures && state.edited.length ? `Profile: ${formatFigures(state.resolvedFigures)}` : '');
    if (this.resetButton.disabled !== (state.edited.length === 0)) this.resetButton.disabled = state.edited.length === 0;
  }
}
